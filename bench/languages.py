"""Cost of the language switch and of ?lang= on every request (solidair/web/languages.py).

`.venv/bin/python bench/languages.py`: no database. Times ``language_links`` (the switch and the
hreflang links, built on every page that is not served from the page cache) for a Dutch and a
French page, next to a plain ``translate_url`` per other language as Django offers it, and
``is_language_neutral`` (asked for every ``?lang=`` and by the open data's headers for every
file address: a badge, and a collective letter's QR code, which is a page's file and stays in
its page's language).
"""

import os
import sys
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "solidair.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.urls import resolve, translate_url  # noqa: E402
from django.utils import translation  # noqa: E402

from solidair.web.languages import is_language_neutral, language_links  # noqa: E402

RUNS = 2000


def per_call(function) -> float:
    function()  # warm: the resolver's reverse dictionary for each language
    return timeit.timeit(function, number=RUNS) / RUNS * 1e6


def main() -> None:
    factory = RequestFactory()
    for path, language in [("/gemeenten/gent/?van=x", "nl-be"), ("/fr/kaart/?provincie=x", "fr")]:
        request = factory.get(path)
        with translation.override(language):
            request.resolver_match = resolve(request.path_info)
            ours = per_call(lambda request=request: language_links(request))
            others = [code for code, _name in settings.LANGUAGES if code != language]
            django_way = per_call(
                lambda path=path, others=others: [translate_url(path, code) for code in others]
            )
        print(f"{path}: language_links {ours:.0f} µs; translate_url x2 {django_way:.0f} µs")
    for path in ("/api/v1/municipalities/", "/badge/gent.svg", "/fr/brief/samen/x/qr.svg"):
        neutral = per_call(lambda path=path: is_language_neutral(path))
        print(f"is_language_neutral({path}): {neutral:.1f} µs")


if __name__ == "__main__":
    main()
