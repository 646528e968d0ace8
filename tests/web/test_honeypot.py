"""One honeypot for every public form (solidair.web.honeypot)."""

import pytest
from django import forms
from django.template.loader import render_to_string

from solidair.applications.forms import LinkRequestForm, StartForm
from solidair.letters.forms.collective import CollectiveStartForm, SignForm
from solidair.letters.forms.sending import AddressSuggestionForm, SendLetterForm
from solidair.network.forms import RegistrationForm
from solidair.web.honeypot import HONEYPOT_FIELD, HoneypotMixin

PUBLIC_FORMS = (
    SendLetterForm,
    AddressSuggestionForm,
    CollectiveStartForm,
    SignForm,
    StartForm,
    LinkRequestForm,
    RegistrationForm,
)
MESSAGE = "het verborgen veld 'Niet invullen' was ingevuld"


@pytest.mark.parametrize("form_class", PUBLIC_FORMS)
def test_every_public_form_uses_the_one_honeypot(form_class):
    assert issubclass(form_class, HoneypotMixin)
    assert HONEYPOT_FIELD not in form_class.declared_fields  # no second, own field


class Contact(HoneypotMixin, forms.Form):
    message = forms.CharField()


class QuietContact(Contact):
    honeypot_silent = True


def test_a_filled_honeypot_is_refused_with_the_message():
    form = Contact({"message": "Dag", HONEYPOT_FIELD: "https://spam.example"})
    assert not form.is_valid() and form.is_bot()
    assert form.has_error("__all__", "honeypot")
    assert MESSAGE in form.non_field_errors()[0]
    assert Contact({"message": "Dag", HONEYPOT_FIELD: ""}).is_valid()
    assert Contact({"message": "Dag"}).is_valid()


def test_a_silent_form_is_valid_and_tells_the_view_it_is_a_bot():
    form = QuietContact({"message": "Dag", HONEYPOT_FIELD: "x"})
    assert form.is_valid() and form.is_bot()


def test_the_include_renders_the_field_hidden_and_empty():
    html = render_to_string(
        "includes/honeypot.html", {"form": Contact({"message": "Dag", HONEYPOT_FIELD: "spam"})}
    )
    assert html.strip().startswith("<div hidden>")
    assert 'name="website"' in html and 'value=""' in html and 'tabindex="-1"' in html
    assert "spam" not in html
    assert '<label for="id_website">Niet invullen</label>' in html
