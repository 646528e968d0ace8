"""'Klopt er iets niet?': anyone tells the network that a municipality's page is not right.

A report lands in the coordinators' queue (/beheer/membership/correctionreport/) and in their
mailbox (``COORDINATOR_EMAILS``, through the outbox, ``Reply-To`` the reporter when they gave an
address). A coordinator marks it handled (who and when are kept) or opens it again.

The address is personal data, asked only to answer. ``correction_reports_erase`` (a periodic
job) blanks it, and deletes the coordinators' mail that repeats it, ``EMAIL_KEPT_AFTER_HANDLING``
after the report was handled and in any case ``EMAIL_KEPT_AT_MOST`` after it was made; the
privacy page says so. The report itself (municipality, text, dates, status) stays as the record
of what was corrected.
"""

import datetime
import logging

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from post_office.models import Email

from solidair.lib.i18n import in_dutch
from solidair.membership import mails
from solidair.membership.models import CorrectionReport, CorrectionReportStatus
from solidair.municipalities.models import Municipality
from solidair.web.links import absolute_url

logger = logging.getLogger(__name__)

EMAIL_KEPT_AFTER_HANDLING = datetime.timedelta(days=30)
EMAIL_KEPT_AT_MOST = datetime.timedelta(days=180)


def correction_report_create(
    *, municipality: Municipality, message: str, email: str = "", language: str
) -> CorrectionReport:
    """Keep the report for the coordinators and mail them (in Dutch)."""
    with transaction.atomic():
        report = CorrectionReport.objects.create(
            municipality=municipality, message=message, email=email, language=language
        )
        with in_dutch():  # the links too
            mail = mails.correction_report(
                municipality=municipality,
                report=report,
                page_url=absolute_url(municipality),
                admin_url=absolute_url(
                    "admin:membership_correctionreport_change", args=[report.pk]
                ),
                kept_days=EMAIL_KEPT_AFTER_HANDLING.days,
                reply_to=email,
            )
        report.mails.add(mail)
    return report


def correction_report_handle(
    *, report: CorrectionReport, by: AbstractBaseUser, now: datetime.datetime | None = None
) -> CorrectionReport:
    """Mark the report handled by ``by``; a report handled already keeps who and when."""
    with transaction.atomic():
        report = CorrectionReport.objects.select_for_update().get(pk=report.pk)
        if report.status != CorrectionReportStatus.HANDLED:
            report.status = CorrectionReportStatus.HANDLED
            report.handled_at = now or timezone.now()
            report.handled_by = by
            report.save(update_fields=["status", "handled_at", "handled_by"])
    return report


def correction_report_reopen(*, report: CorrectionReport) -> CorrectionReport:
    """Back in the queue: not handled, by nobody."""
    with transaction.atomic():
        report = CorrectionReport.objects.select_for_update().get(pk=report.pk)
        report.status = CorrectionReportStatus.OPEN
        report.handled_at = None
        report.handled_by = None
        report.save(update_fields=["status", "handled_at", "handled_by"])
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
