from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from solidair.network.legacy import legacy_content_import


class Command(BaseCommand):
    help = (
        "Import the network's legacy content: the entries of the old page 'Wat doen "
        "solidaire gemeenten?' (initiatives, sub-projects, contact persons) and the members "
        "listed in the footnote of the network's letter. Every member gets a membership whose "
        "commitments are still to be confirmed. Only adds: what already exists is left alone, "
        "so running it again changes nothing. Prints what it could not place and a summary."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "page_path",
            nargs="?",
            default=settings.LEGACY_PAGE_PATH or None,
            help="Text copy of the old web page (default: settings.LEGACY_PAGE_PATH).",
        )
        parser.add_argument(
            "letter_path",
            nargs="?",
            default=settings.LEGACY_LETTER_PATH or None,
            help="Text copy of the letter to councils (default: settings.LEGACY_LETTER_PATH).",
        )

    def handle(self, *args, **options) -> None:
        page_text = self._read(options["page_path"], "page")
        letter_text = self._read(options["letter_path"], "letter")
        report = legacy_content_import(page_text=page_text, letter_text=letter_text)
        self.stdout.write(report.render())

    @staticmethod
    def _read(value: str | None, what: str) -> str:
        if not value:
            raise CommandError(f"Give the path of the {what} (PAGE_PATH LETTER_PATH).")
        path = Path(value)
        if not path.is_file():
            raise CommandError(f"The {what} file does not exist: {path}")
        try:
            return path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as error:
            raise CommandError(f"The {what} file is not UTF-8 text: {path} ({error})") from error
