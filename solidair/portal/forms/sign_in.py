"""The form that asks for a sign-in link."""

from django import forms
from django.utils.translation import gettext_lazy as _


class SignInForm(forms.Form):
    email = forms.EmailField(
        label=_("Je e-mailadres"),
        max_length=254,
        help_text=_("Het adres waarop het netwerk je kent als contactpersoon van je gemeente."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
