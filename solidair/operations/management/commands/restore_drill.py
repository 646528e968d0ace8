from django.core.management.base import BaseCommand, CommandError

from solidair.operations.backups import DrillError, restore_drill


class Command(BaseCommand):
    help = (
        "Restore drill: dump the PostgreSQL database and archive MEDIA_ROOT (as deploy/backup.sh "
        "does), restore both into a new database and a temp folder, and compare the rows of "
        "every table and every file. Fails (status 1) on any difference. The target database "
        "must not exist; it is dropped afterwards unless --keep."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--target", help="Name of the database to restore into (default: <name>_restore_drill)."
        )
        parser.add_argument(
            "--keep", action="store_true", help="Keep the restored database for a look."
        )

    def handle(self, *, target, keep, **options):
        try:
            report = restore_drill(target=target, keep=keep)
        except DrillError as error:
            raise CommandError(str(error)) from None
        width = max(len(name) for name in report.tables)
        self.stdout.write(f"{'table'.ljust(width)}  {'source':>8}  {'restored':>8}")
        for name, (source, restored) in report.tables.items():
            mark = "" if source == restored else "  DIFFERENT"
            shown = "missing" if restored is None else restored
            self.stdout.write(f"{name.ljust(width)}  {source:>8}  {shown:>8}{mark}")
        if report.media_skipped:
            self.stdout.write(f"Files: {report.media_skipped}.")
        else:
            same = len(report.files) - len(report.file_mismatches)
            self.stdout.write(f"Files: {same} of {len(report.files)} restored identical.")
        for name in report.file_mismatches:
            self.stdout.write(f"  file missing or different: {name}")
        if not report.ok:
            raise CommandError(
                f"Restore drill FAILED: {len(report.table_mismatches)} table(s) and "
                f"{len(report.file_mismatches)} file(s) differ."
            )
        self.stdout.write(
            f"Restore drill passed: {len(report.tables)} tables and {len(report.files)} files."
        )
