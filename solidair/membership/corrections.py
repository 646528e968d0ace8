"""'Klopt dit niet?': anyone tells the network that a claim on a municipality's page is not right.

A report names the claim it is about (a commitment, a practice, a reception figure, the member
status, or the page in general: ``report_claims`` in solidair/membership/selectors.py) and,
optionally, a source. It lands in the coordinators' queue (/beheer/membership/correctionreport/)
and in their mailbox (``COORDINATOR_EMAILS``, ``Reply-To`` the reporter when they gave an
address), and in the mailboxes of the municipality's contacts, without the reporter's address.
The contacts reply in the portal (agree or disagree, a public note, an optional link to
evidence) until a coordinator decides the outcome: corrected, confirmed (the claim stands) or
dismissed (with a public reason). The decided report is public on the municipality's page:
the claim, what was wrong (unless the coordinator hides it), the reply and the outcome, with
their dates; never the reporter. Who replied and who decided, and when, stay in the history.

The address is personal data, asked only to answer. ``correction_reports_erase`` (a periodic
job) blanks it, and deletes the coordinators' mail that repeats it, ``EMAIL_KEPT_AFTER_HANDLING``
after the report was decided and in any case ``EMAIL_KEPT_AT_MOST`` after it was made; the
privacy page says so. The history never holds it.
"""

import datetime
import logging

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from post_office.models import Email

from solidair.lib.i18n import in_dutch
from solidair.membership import mails
from solidair.membership.models import (
    ClaimKind,
    CorrectionReport,
    CorrectionReportStatus,
    Outcome,
    PlanReason,
    ReplyPosition,
)
from solidair.membership.plans import plan_ask
from solidair.membership.selectors import Claim, report_claims
from solidair.municipalities.models import Municipality
from solidair.web.links import absolute_url

logger = logging.getLogger(__name__)

EMAIL_KEPT_AFTER_HANDLING = datetime.timedelta(days=30)
EMAIL_KEPT_AT_MOST = datetime.timedelta(days=180)

# The claim fields of a report, by kind.
CLAIM_FIELDS = {
    ClaimKind.MEMBERSHIP: "membership",
    ClaimKind.COMMITMENT: "commitment",
    ClaimKind.INITIATIVE: "initiative",
    ClaimKind.RECEPTION: "reception_count",
}


def claim_find(municipality: Municipality, key: str) -> Claim | None:
    """The claim of ``municipality``'s page whose key (``commitment:12``, ``page``...) is
    ``key``; None when there is none (another municipality's, removed, unknown)."""
    return next((claim for claim in report_claims(municipality) if claim.key == key), None)


def correction_report_create(
    *,
    municipality: Municipality,
    message: str,
    email: str = "",
    language: str,
    claim_key: str = ClaimKind.PAGE,
    source_url: str = "",
) -> CorrectionReport:
    """Keep the report for the coordinators and mail them and the municipality's contacts
    (in Dutch; the contacts without the reporter's address). A claim that is not (or no longer)
    on the page makes a report on the page in general."""
    with in_dutch():  # the claim's title as the record keeps it
        claim = claim_find(municipality, claim_key) or Claim(ClaimKind.PAGE, None, "")
    claim_fields = {}
    if claim.obj is not None:
        claim_fields[CLAIM_FIELDS[claim.kind]] = claim.obj
    with transaction.atomic():
        report = CorrectionReport.objects.create(
            municipality=municipality,
            claim_kind=claim.kind,
            claim_title=claim.title[:300],
            message=message,
            source_url=source_url,
            email=email,
            language=language,
            **claim_fields,
        )
        with in_dutch():  # the links too
            page_url = absolute_url(municipality)
            mail = mails.correction_report(
                municipality=municipality,
                report=report,
                page_url=page_url,
                admin_url=absolute_url(
                    "admin:membership_correctionreport_change", args=[report.pk]
                ),
                kept_days=EMAIL_KEPT_AFTER_HANDLING.days,
                reply_to=email,
            )
            reply_url = absolute_url(
                "portal:report_reply", kwargs={"slug": municipality.slug, "pk": report.pk}
            )
            for contact in municipality.contacts.order_by("email"):
                mails.correction_report_contact(
                    to=contact.email,
                    municipality=municipality,
                    report=report,
                    page_url=page_url,
                    reply_url=reply_url,
                )
        report.mails.add(mail)
    return report


def correction_report_reply(
    *,
    report: CorrectionReport,
    position: str,
    note: str,
    evidence_url: str = "",
    by: AbstractBaseUser,
    now: datetime.datetime | None = None,
) -> CorrectionReport:
    """The municipality's reply (``by``: one of its contacts, checked by the portal): agree or
    disagree, with a public note. It may be changed until a coordinator decides; the history
    keeps every version. The coordinators are told (in Dutch)."""
    if position not in ReplyPosition.values:
        raise ValueError(f"Unknown position: {position!r}")
    with transaction.atomic():
        report = CorrectionReport.objects.select_for_update().get(pk=report.pk)
        if report.is_decided:
            raise ValidationError(
                _("De coördinatoren hebben over deze melding al beslist."), code="decided"
            )
        report.reply_position = position
        report.reply_note = note.strip()
        report.reply_evidence_url = evidence_url
        report.replied_at = now or timezone.now()
        report.replied_by = by
        report.save(
            update_fields=[
                "reply_position",
                "reply_note",
                "reply_evidence_url",
                "replied_at",
                "replied_by",
            ]
        )
        with in_dutch():
            mails.correction_report_replied(
                report=report,
                admin_url=absolute_url(
                    "admin:membership_correctionreport_change", args=[report.pk]
                ),
            )
    return report


def correction_report_decide(
    *,
    report: CorrectionReport,
    outcome: str,
    reason: str = "",
    message_public: bool = True,
    by: AbstractBaseUser,
    now: datetime.datetime | None = None,
) -> CorrectionReport:
    """A coordinator's outcome, public from now on: who and when are kept (and every earlier
    outcome in the history). A dismissal needs a public reason."""
    if outcome not in Outcome.values:
        raise ValueError(f"Unknown outcome: {outcome!r}")
    reason = reason.strip()
    if outcome == Outcome.DISMISSED and not reason:
        raise ValidationError(
            {"outcome_reason": _("Geef een publieke reden om een melding af te wijzen.")}
        )
    with transaction.atomic():
        report = CorrectionReport.objects.select_for_update().get(pk=report.pk)
        changed = report.outcome != outcome
        report.status = CorrectionReportStatus.HANDLED
        report.outcome = outcome
        report.outcome_reason = reason
        report.message_public = message_public
        if changed or report.handled_at is None:
            report.handled_at = now or timezone.now()
            report.handled_by = by
        report.save(
            update_fields=[
                "status",
                "outcome",
                "outcome_reason",
                "message_public",
                "handled_at",
                "handled_by",
            ]
        )
        # A report on a commitment that was right: the member agrees a plan to make it true.
        commitment = report.commitment
        if (
            changed
            and outcome == Outcome.CORRECTED
            and commitment is not None
            and commitment.membership.is_active
        ):
            plan_ask(commitment=commitment, reason=PlanReason.REPORT_UPHELD, report=report)
    return report


def correction_report_reopen(*, report: CorrectionReport) -> CorrectionReport:
    """Back in the queue: no outcome, decided by nobody (the history keeps the earlier one)."""
    with transaction.atomic():
        report = CorrectionReport.objects.select_for_update().get(pk=report.pk)
        report.status = CorrectionReportStatus.OPEN
        report.outcome = ""
        report.handled_at = None
        report.handled_by = None
        report.save(update_fields=["status", "outcome", "handled_at", "handled_by"])
    return report


def _email_due(now: datetime.datetime):
    return CorrectionReport.objects.filter(
        Q(
            status=CorrectionReportStatus.HANDLED,
            handled_at__lte=now - EMAIL_KEPT_AFTER_HANDLING,
        )
        | Q(created_at__lte=now - EMAIL_KEPT_AT_MOST),
        erased_at__isnull=True,
    )


def correction_reports_erase(*, now: datetime.datetime) -> str:
    """Periodic job: erase the addresses (and their mails) kept as long as promised."""
    erased = mails = 0
    for pk in _email_due(now).values_list("pk", flat=True):
        with transaction.atomic():
            report = _email_due(now).select_for_update().filter(pk=pk).first()
            if report is None:
                continue
            mail_ids = list(report.mails.values_list("pk", flat=True))
            report.mails.clear()
            mails += Email.objects.filter(pk__in=mail_ids).delete()[1].get("post_office.Email", 0)
            report.email = ""
            report.erased_at = now
            report.save(update_fields=["email", "erased_at"])
            erased += 1
    if erased:
        logger.info("Correction reports: %d addresses and %d mails erased.", erased, mails)
    return f"{erased} addresses, {mails} mails erased" if erased else ""
