"""The right of reply: when the coordinators change or question a member's public claim, the
municipality answers before the change is published.

A coordinator proposes a ``ClaimChange`` in /beheer/: a commitment one or more rungs lower, a
claim marked disputed, or the membership suspended, with a public reason. The municipality's
contacts get a mail and have ``REPLY_DAYS`` days to agree or disagree in the portal, with a
public note and evidence. The change is published when they answer, or when the deadline
passes without an answer (``claim_changes_publish``, a periodic job); until then nothing
changes on the public page. A coordinator may withdraw a waiting change. Both sides stay on the
member's page, and every step is in the history with who and when.
"""

import datetime
import logging

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from solidair.lib.i18n import in_dutch
from solidair.membership import mails
from solidair.membership.ladder import RungClaim, commitment_ladder_set
from solidair.membership.models import (
    REPLY_DAYS,
    ChangeKind,
    ChangeStatus,
    ClaimChange,
    Commitment,
    Membership,
    MembershipStatus,
    Rung,
    Stance,
)
from solidair.web.links import absolute_url

logger = logging.getLogger(__name__)


def claim_change_check(change: ClaimChange) -> None:
    """ValidationError (per field) when the proposed change does not fit its claim."""
    errors = {}
    commitment = change.commitment
    if change.kind == ChangeKind.SUSPEND:
        if commitment is not None:
            errors["commitment"] = _(
                "Een schorsing geldt voor het lidmaatschap, niet voor één engagement."
            )
        if change.membership.status != MembershipStatus.MEMBER:
            errors["membership"] = _("Alleen een actief lid kan geschorst worden.")
    elif commitment is None:
        errors["commitment"] = _("Kies het engagement waarover het gaat.")
    elif commitment.membership_id != change.membership_id:
        errors["commitment"] = _("Dit engagement hoort niet bij dit lidmaatschap.")
    if change.kind == ChangeKind.LOWER_RUNG and commitment is not None:
        if change.target_rung is None:
            errors["target_rung"] = _("Kies de sport waarop het engagement komt te staan.")
        elif change.target_rung >= commitment.rung:
            errors["target_rung"] = _("Kies een sport lager dan de huidige (%(rung)s).") % {
                "rung": commitment.get_rung_display()
            }
    elif change.kind == ChangeKind.ADD_RUNG and commitment is not None:
        if change.target_rung is None:
            errors["target_rung"] = _("Kies de sport die bereikt is.")
        elif commitment.rungs.filter(rung=change.target_rung).exists():
            errors["target_rung"] = _("Deze sport staat er al; betwist ze of zet ze lager.")
        if change.rung_date is None:
            errors["rung_date"] = _("Geef de datum waarop de sport bereikt werd.")
        elif change.rung_date > timezone.localdate():
            errors["rung_date"] = _("Deze datum ligt in de toekomst.")
        if not change.evidence_url:
            errors["evidence_url"] = _("Een sport erbij vraagt een bewijs: geef de link.")
    elif change.target_rung is not None:
        errors["target_rung"] = _(
            "Een sport kies je alleen voor 'een sport lager' of 'een sport erbij'."
        )
    if change.kind != ChangeKind.ADD_RUNG and change.rung_date is not None:
        errors["rung_date"] = _("Een datum geef je alleen voor 'een sport erbij'.")
    if not change.reason.strip():
        errors["reason"] = _("Zeg waarom: de gemeente en de bezoekers lezen het.")
    if errors:
        raise ValidationError(errors)


def claim_change_propose(
    *,
    membership: Membership,
    kind: str,
    reason: str,
    by: AbstractBaseUser,
    commitment: Commitment | None = None,
    target_rung: int | None = None,
    rung_date: datetime.date | None = None,
    evidence_url: str = "",
    today: datetime.date | None = None,
) -> ClaimChange:
    """Propose the change and tell the municipality's contacts; nothing is public yet."""
    today = today or timezone.localdate()
    change = ClaimChange(
        membership=membership,
        commitment=commitment,
        claim_title=commitment.display_title if commitment else "",
        kind=kind,
        target_rung=target_rung,
        rung_date=rung_date,
        reason=reason.strip(),
        evidence_url=evidence_url,
        proposed_by=by,
        reply_due=today + datetime.timedelta(days=REPLY_DAYS),
    )
    claim_change_check(change)
    with transaction.atomic():
        change.full_clean()
        change.save()
        municipality = membership.municipality
        with in_dutch():  # the contacts' mails are in Dutch, as the portal's first language
            link = absolute_url(
                "portal:claim_change_reply", kwargs={"slug": municipality.slug, "pk": change.pk}
            )
            for address in municipality.contacts.values_list("email", flat=True):
                mails.claim_change_proposed(to=address, change=change, link=link)
    return change


def _publish(change: ClaimChange, *, now: datetime.datetime) -> None:
    """Apply the change (the caller holds the row's lock)."""
    if change.kind == ChangeKind.LOWER_RUNG and change.commitment is not None:
        commitment = change.commitment
        claims: dict[Rung, RungClaim | None] = {
            Rung(rung): None for rung in Rung if rung > change.target_rung
        }
        if not commitment.rungs.filter(rung__lte=change.target_rung).exists():
            # Nothing below stands on its own (a claim carried over on the top rung only): the
            # commitment stays on the target rung, claimed, its date unknown.
            claims[Rung(change.target_rung)] = RungClaim(date=None)
        commitment_ladder_set(commitment=commitment, claims=claims)
    elif change.kind == ChangeKind.ADD_RUNG and change.commitment is not None:
        commitment_ladder_set(
            commitment=change.commitment,
            claims={
                Rung(change.target_rung): RungClaim(
                    date=change.rung_date,
                    evidence_url=change.evidence_url,
                    evidence_note=change.reason[:300],
                )
            },
        )
    elif change.kind == ChangeKind.SUSPEND:
        membership = Membership.objects.select_for_update().get(pk=change.membership_id)
        if membership.status == MembershipStatus.MEMBER:
            membership.status = MembershipStatus.SUSPENDED
            membership.save(update_fields=["status", "updated_at"])
    change.status = ChangeStatus.PUBLISHED
    change.published_at = now
    change.save(update_fields=["status", "published_at"])


def claim_change_reply(
    *,
    change: ClaimChange,
    stance: str,
    note: str,
    by: AbstractBaseUser,
    evidence_url: str = "",
    now: datetime.datetime | None = None,
) -> ClaimChange:
    """The municipality's answer; the change is published with it."""
    now = now or timezone.now()
    note = note.strip()
    if stance not in Stance.values:
        raise ValidationError({"stance": _("Kies of de gemeente akkoord gaat.")})
    if stance == Stance.DISAGREE and not note:
        raise ValidationError(
            {"reply_note": _("Zeg waarom de gemeente niet akkoord gaat: het komt op de pagina.")}
        )
    with transaction.atomic():
        change = ClaimChange.objects.select_for_update().get(pk=change.pk)
        if change.status != ChangeStatus.WAITING:
            raise ValidationError(
                _("Op deze wijziging werd al geantwoord, of ze werd ingetrokken."), code="closed"
            )
        change.stance = stance
        change.reply_note = note
        change.reply_evidence_url = evidence_url
        change.replied_by = by
        change.replied_at = now
        change.save(
            update_fields=["stance", "reply_note", "reply_evidence_url", "replied_by", "replied_at"]
        )
        _publish(change, now=now)
        with in_dutch():
            mails.claim_change_replied(
                change=change,
                admin_url=absolute_url("admin:membership_claimchange_change", args=[change.pk]),
            )
    return change


def claim_change_withdraw(*, change: ClaimChange, now: datetime.datetime | None = None) -> bool:
    """Withdraw a waiting change (it is never published); say whether it was waiting."""
    with transaction.atomic():
        change = ClaimChange.objects.select_for_update().get(pk=change.pk)
        if change.status != ChangeStatus.WAITING:
            return False
        change.status = ChangeStatus.WITHDRAWN
        change.withdrawn_at = now or timezone.now()
        change.save(update_fields=["status", "withdrawn_at"])
    return True


def claim_change_resolve(*, change: ClaimChange, now: datetime.datetime | None = None) -> bool:
    """A published dispute is settled (the municipality put it right); say whether it was open."""
    with transaction.atomic():
        change = ClaimChange.objects.select_for_update().get(pk=change.pk)
        if not (change.status == ChangeStatus.PUBLISHED and change.is_disputed):
            return False
        change.resolved_at = now or timezone.now()
        change.save(update_fields=["resolved_at"])
    return True


def claim_changes_publish(*, now: datetime.datetime) -> str:
    """Periodic job: publish the changes whose reply's deadline passed without an answer."""
    today = timezone.localdate(now)
    published = 0
    for pk in ClaimChange.objects.due(today).values_list("pk", flat=True):
        with transaction.atomic():
            change = ClaimChange.objects.due(today).select_for_update().filter(pk=pk).first()
            if change is None:
                continue  # answered or withdrawn meanwhile
            _publish(change, now=now)
            published += 1
    if published:
        logger.info("Claim changes: %d published without an answer.", published)
    return f"{published} published" if published else ""
