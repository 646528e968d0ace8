"""Reference data of composing: the network's own letters, version 1 of each template (from
its 2023 Word letter, in ``defaults/``). The councils' addresses from the Organisatieportaal
are loaded by solidair.letters.delivery.addresses (``load_council_addresses``)."""

from pathlib import Path

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
