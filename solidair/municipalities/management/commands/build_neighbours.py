from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from solidair.municipalities.neighbours import (
    CENTRES_FILE,
    NEIGHBOURS_FILE,
    boundaries_read,
    neighbours_derive,
)


class Command(BaseCommand):
    help = (
        "Derive the municipalities' neighbours (a shared border) and the centres of their areas "
        "from the boundaries GeoJSON and write them to solidair/municipalities/data/ "
        "(neighbours-2025.csv, centres-2025.csv), the project's own reference data. Run it "
        "after a newer boundaries file, then load_reference_data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "source",
            nargs="?",
            default=settings.BOUNDARIES_GEOJSON or None,
            help="A GeoJSON file (default: settings.BOUNDARIES_GEOJSON).",
        )
        parser.add_argument(
            "--code-property",
            default=settings.BOUNDARIES_CODE_PROPERTY,
            help="The feature property that holds the REFNIS code.",
        )
        parser.add_argument(
            "--check", action="store_true", help="Write nothing; fail when the files differ."
        )

    def handle(self, *args, source: str | None, code_property: str, check: bool, **options):
        if not source:
            raise CommandError("No boundaries file: give a path or set BOUNDARIES_GEOJSON.")
        try:
            shapes = boundaries_read(source, code_property)
        except (OSError, ValueError) as error:
            raise CommandError(str(error)) from error
        neighbours, centres = neighbours_derive(shapes)
        for path, text in ((NEIGHBOURS_FILE, neighbours), (CENTRES_FILE, centres)):
            current = path.read_text(encoding="utf-8") if path.exists() else None
            if current == text:
                self.stdout.write(f"{path.name}: unchanged")
            elif check:
                raise CommandError(f"{path.name} differs from what the boundaries give")
            else:
                path.write_text(text, encoding="utf-8")
                self.stdout.write(f"{path.name}: written")
        self.stdout.write(
            f"{len(shapes)} municipalities, {neighbours.count(chr(10)) - 1} neighbour relations"
        )
