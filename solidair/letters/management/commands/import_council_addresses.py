from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from solidair.letters.delivery.addresses import AddressFileError, council_addresses_import


class Command(BaseCommand):
    help = (
        "Import the e-mail addresses of the councils (college van burgemeester en schepenen) "
        "from a CSV file with the header 'refnis,email,source' and optionally 'last_verified' "
        "(YYYY-MM-DD; without it, new and changed addresses count as checked today). UTF-8, "
        "with or without BOM, ',' or ';' between fields. Rows with a problem are reported with "
        "their line number and not imported; the others create or update the address. Running "
        "the same file again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The CSV file.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and report what would change, without saving anything.",
        )

    def handle(self, *args, **options) -> None:
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"Het bestand bestaat niet: {path}")
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as error:
            raise CommandError(
                f"Het bestand is geen UTF-8-tekst: {path} ({error}). Bewaar het als 'CSV UTF-8'."
            ) from error
        try:
            report = council_addresses_import(
                text=text, file_name=path.name, dry_run=options["dry_run"]
            )
        except AddressFileError as error:
            raise CommandError(f"{path.name}: {error}") from error
        self.stdout.write(report.render())
