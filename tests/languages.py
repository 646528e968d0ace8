"""Helpers for tests of pages in French and English."""

from django.utils import translation


def translated(text: str, language: str) -> str:
    """``text`` in ``language``, from the catalogue; fails when it has no translation."""
    with translation.override(language):
        result = translation.gettext(text)
    assert result != text, f"no {language} translation of {text!r}"
    return result
