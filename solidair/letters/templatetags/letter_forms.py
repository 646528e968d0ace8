from django import template
from django.utils.html import format_html

from solidair.letters.forms.common import form_started_value

register = template.Library()


@register.simple_tag
def form_started() -> str:
    """The hidden ``begonnen`` field, signed now: a form shown again after an error starts its
    minimum time again, and one left open too long (expired) can still be sent."""
    return format_html('<input type="hidden" name="begonnen" value="{}">', form_started_value())
