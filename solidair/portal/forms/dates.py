"""What the portal's date fields share: the browser's date picker and one error message."""

from django import forms
from django.utils.translation import gettext_lazy as _

DATE_INVALID = _("Geef een geldige datum, bijvoorbeeld 31/12/2025.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")
