from django.core.management.base import BaseCommand, CommandError

from solidair.operations.periodic import periodic_jobs, periodic_run


class Command(BaseCommand):
    help = (
        "Run the periodic jobs (reminders, follow-ups, check-ins, erasure) once and print what "
        "each did. The worker (run_worker) runs them every minute; this is for cron and checks."
    )

    def add_arguments(self, parser):
        parser.add_argument("--job", help="Run only this job (default: all).")
        parser.add_argument("--list", action="store_true", help="List the jobs and stop.")

    def handle(self, *, job, list, **options):
        if list:
            for name, function in periodic_jobs().items():
                self.stdout.write(f"{name}: {function.__module__}.{function.__qualname__}")
            return
        try:
            results = periodic_run(only=job)
        except KeyError as error:
            raise CommandError(str(error.args[0])) from None
        for name, summary in results.items():
            self.stdout.write(f"{name}: {summary or 'nothing to do'}")
        if any(summary.startswith("failed:") for summary in results.values()):
            raise CommandError("At least one job failed; see the log above.")
