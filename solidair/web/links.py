"""Absolute addresses on the site, for what leaves it: mails, calendars, embed codes, feeds."""

from django.conf import settings
from django.db.models import Model
from django.urls import reverse


def absolute_url(to: str | Model, *, args=None, kwargs=None) -> str:
    """The address of ``to`` on the site (SITE_URL): a URL name (reversed with ``args`` or
    ``kwargs``, in the active language), a path that starts with "/", or a model instance (its
    ``get_absolute_url()``)."""
    if isinstance(to, Model):
        path = to.get_absolute_url()
    elif to.startswith("/"):
        path = to
    else:
        path = reverse(to, args=args, kwargs=kwargs)
    return settings.SITE_URL + path
