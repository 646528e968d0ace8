"""Reference data of the letters: the network's own letters, version 1 of each template (from
its 2023 Word letter), and the councils' addresses from the Organisatieportaal."""

from pathlib import Path

from solidair.municipalities.models import ORGANISATIEPORTAAL_SOURCE
from solidair.municipalities.reference import general_contacts, reference_may_replace

DEFAULTS = Path(__file__).resolve().parent / "defaults"
SALUTATION = "Geachte burgemeester, geachte schepenen,"
CLOSING = "Met vriendelijke groeten,"


def load_default_templates(LetterTemplate) -> int:
    """Create version 1 of each kind that has no version yet."""
    created = 0
    for kind in ("join", "member"):
        if not LetterTemplate.objects.filter(kind=kind).exists():
            LetterTemplate.objects.create(
                kind=kind,
                version=1,
                salutation=SALUTATION,
                body=(DEFAULTS / f"{kind}.txt").read_text(encoding="utf-8"),
                closing=CLOSING,
                change_note="De brief van het netwerk (2023).",
            )
            created += 1
    return created


# The source as the back-office shows it; residents see "adres uit het Organisatieportaal".
COUNCIL_ADDRESS_SOURCE = (
    f"{ORGANISATIEPORTAAL_SOURCE} (algemeen e-mailadres van de gemeente; "
    "github.com/lblod/app-organization-portal, MIT, © Vlaamse Overheid)"
)


def load_council_addresses(CouncilAddress, Municipality) -> int:
    """The general e-mail address of each Flemish municipality in the contacts file becomes
    its council's address, checked on the file's date. An address the network checked or
    edited is kept, and one from the file only changes for a newer file
    (``reference_may_replace``). Return how many were created or changed."""
    contacts = general_contacts()
    existing = {address.municipality_id: address for address in CouncilAddress.objects.all()}
    changed = 0
    for municipality in Municipality.objects.filter(
        refnis__in=list(contacts), region="flanders"
    ).order_by("refnis"):
        row = contacts[municipality.refnis]
        if not row.email or row.source_date is None:
            continue
        address = existing.get(municipality.pk)
        if address is None:
            CouncilAddress.objects.create(
                municipality=municipality,
                email=row.email,
                source=COUNCIL_ADDRESS_SOURCE,
                last_verified=row.source_date,
                origin="organisatieportaal",
            )
        elif reference_may_replace(
            origin=address.origin, verified_on=address.last_verified, source_date=row.source_date
        ):
            values = {"last_verified": row.source_date, "source": COUNCIL_ADDRESS_SOURCE}
            if address.email != row.email:
                # A new address: the failure of the old one no longer stops the letters.
                values |= {"email": row.email, "failing_since": None, "failure_reason": ""}
            CouncilAddress.objects.filter(pk=address.pk).update(**values)
        else:
            continue
        changed += 1
    return changed
