"""Work a web process does once, before its first visitor instead of during that visitor's request.

Django imports the URLconf (with it every view module and the API), compiles each URL
pattern's regular expression per language and loads the translation catalogues lazily, in the
first request that needs them; Typst loads its fonts and fills its layout caches in the first
document. Measured with the test client: a letter PDF costs about 1 s as a fresh process's first
request, 20 ms afterwards. Under gunicorn every worker, and every worker renewed after
``max_requests``, would make one visitor pay for it.

- ``prepare_application`` runs in solidair/wsgi.py, so with gunicorn's ``preload_app`` once in
  the master, before the workers are forked: only pure Python, no database or cache connection
  (a connection opened before the fork would be shared by the workers).
- ``prepare_worker`` runs in each worker (deploy/gunicorn.conf.py, ``post_worker_init``): Typst
  keeps threads, which do not survive a fork, so its warm-up happens after it.
"""

import importlib

from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.validators import EmailValidator, URLValidator
from django.urls import URLResolver, get_resolver
from django.utils import formats, translation
from django.utils.translation import trans_real

# Modules Django imports lazily, in the first query or the first request that needs them.
LAZY_MODULES = (
    "django.db.models.sql.compiler",
    "django.contrib.auth.backends",
    "django.contrib.sessions.serializers",
)
# Regular expressions that Django compiles at first use. The domain part of EmailValidator,
# which every letter's form checks, takes about 60 ms (its character classes span Unicode).
LAZY_PATTERNS = (
    EmailValidator.user_regex,
    EmailValidator.domain_regex,
    EmailValidator.literal_regex,
    URLValidator.regex,
)


def _compile(patterns) -> int:
    count = 0
    for entry in patterns:
        _ = entry.pattern.regex  # compiled and kept by Django, per active language
        count += 1
        if isinstance(entry, URLResolver):
            count += _compile(entry.url_patterns)
    return count


def prepare_application() -> int:
    """Import every view, compile every URL pattern in every language, load the catalogues
    and date formats, compile Django's lazy validator patterns, read the static files'
    manifest. Returns the number of URL patterns compiled per language."""
    for module in LAZY_MODULES:
        importlib.import_module(module)
    for pattern in LAZY_PATTERNS:
        _ = pattern.pattern  # SimpleLazyObject: compiled here
    _ = staticfiles_storage.base_url  # the storage made, its manifest (if any) read
    resolver = get_resolver()
    count = 0
    for code, _name in settings.LANGUAGES:
        trans_real.translation(code)
        with translation.override(code):
            count = _compile(resolver.url_patterns)
            formats.get_format("DATE_FORMAT")
    return count


def prepare_worker() -> None:
    """In a forked web worker: each app's own warm-up, the ``warm_up()`` method of its AppConfig
    (the letters lay out a sample letter PDF)."""
    for config in apps.get_app_configs():
        if warm_up := getattr(config, "warm_up", None):
            warm_up()
