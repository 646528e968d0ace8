"""The ladder of evidence: how far each commitment of a member has come.

A commitment climbs from *beslist* (a council or college decision) through *in beleid* (a plan,
budget line or regulation) and *in uitvoering* (it runs) to *zichtbaar voor inwoners* (something
a resident can see or use). Each rung reached is a ``CommitmentRung`` with its own date and
evidence; a rung without a link or a document is shown as claimed, not proven, and one without
a date (carried over from the former network page) as claimed with its date unknown.

``commitment_ladder_set`` is the one way to change the rungs: it keeps ``Commitment.rung`` (the
highest rung, for lists, counts and filters) and returns lines that say what changed, for the
coordinators' notice. Every change is in the rungs' history, with who and when.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from solidair.membership.models import Commitment, CommitmentRung, Rung


@dataclass(frozen=True)
class RungClaim:
    """What is said about one rung: its date and evidence."""

    date: datetime.date | None
    evidence_url: str = ""
    evidence_note: str = ""
    # A new PDF, or None to keep the stored one (unless remove_document).
    document: File | None = None
    remove_document: bool = False
    # A PDF already in the public storage (the membership's decision), shared, not copied.
    stored_document: str = ""


def _describe(rung: Rung, claim: RungClaim | CommitmentRung) -> str:
    date = claim.date.strftime("%d-%m-%Y") if claim.date else _("datum onbekend")
    evidence = claim.evidence_url or claim.evidence_note or ""
    return f"{rung.label} ({date}{', ' + evidence if evidence else ''})"


def commitment_rung_refresh(*, commitment: Commitment, save: bool = True) -> Commitment:
    """Keep ``commitment.rung`` the highest rung reached (DECIDED when none is recorded);
    ``save=False`` leaves the save to the caller (one history record for one change)."""
    highest = commitment.rungs.aggregate(highest=Max("rung"))["highest"] or Rung.DECIDED
    if commitment.rung != highest:
        commitment.rung = highest
        if save:
            commitment.save(update_fields=["rung"])
    return commitment


def commitment_ladder_start(*, commitment: Commitment, date: datetime.date | None) -> list[str]:
    """A commitment made without a rung (in the back-office) stands on *beslist*, decided on
    ``date`` (the membership's decision; None: claimed, date unknown)."""
    if commitment.rungs.exists():
        return []
    return commitment_ladder_set(commitment=commitment, claims={Rung.DECIDED: RungClaim(date=date)})


def commitment_ladder_set(
    *, commitment: Commitment, claims: Mapping[Rung, RungClaim | None], save: bool = True
) -> list[str]:
    """Set the rungs named in ``claims`` (None: the rung is not reached); the others stay.

    A commitment keeps at least one rung. Returns what changed, one line per rung, in the
    active language. ``save=False``: the caller saves the commitment (its ``rung``). Use
    inside the workflow's transaction.
    """
    stored = {record.rung: record for record in commitment.rungs.all()}
    remaining = {rung for rung in stored if claims.get(rung, stored[rung]) is not None}
    remaining |= {rung for rung, claim in claims.items() if claim is not None}
    if not remaining:
        raise ValidationError(
            _("Een engagement staat minstens op één sport van de ladder."), code="no_rung"
        )
    lines = []
    with transaction.atomic():
        for rung, claim in sorted(claims.items()):
            rung = Rung(rung)
            record = stored.get(rung)
            if claim is None:
                if record is not None:
                    record.delete()
                    lines.append(_("%(rung)s: niet meer bereikt") % {"rung": rung.label})
                continue
            fields = {
                "date": claim.date,
                "evidence_url": claim.evidence_url,
                "evidence_note": claim.evidence_note,
            }
            new = record is None
            if new:
                record = CommitmentRung(commitment=commitment, rung=rung)
            changed = new or any(getattr(record, k) != v for k, v in fields.items())
            for name, value in fields.items():
                setattr(record, name, value)
            if claim.remove_document and claim.document is None and record.evidence_document:
                record.evidence_document = ""
                changed = True
            if claim.stored_document and record.evidence_document.name != claim.stored_document:
                record.evidence_document.name = claim.stored_document
                changed = True
            if claim.document is not None:
                record.evidence_document.save(claim.document.name, claim.document, save=False)
                changed = True
            if not changed:
                continue
            record.full_clean(exclude=["commitment"])
            record.save()
            lines.append(
                (_("%(rung)s: bereikt") if new else _("%(rung)s: aangepast"))
                % {"rung": _describe(rung, record)}
            )
        commitment_rung_refresh(commitment=commitment, save=save)
    return lines
