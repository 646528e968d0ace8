"""Abandoned drafts: an application never submitted is deleted after a while, with its data.

A draft holds personal data (the applicant's name, address and role, the contact persons'
names, addresses and phone numbers) and maybe the council's decision as a PDF. A draft not
touched (``updated_at``: every save of every step) for ``DRAFT_KEPT_DAYS`` days is
deleted by ``application_drafts_erase`` (a periodic job): the row with its commitments and
contacts, its uploaded PDF, and every simple-history row of them (history keeps a copy of each
version, and simple-history adds one more when a row is deleted), and the outbox's copies of
the mails that carried its link (they name the applicant). The applicant is told the term
where they see their link: the mails with the link and the overview page.

Submitted applications are the coordinators' to decide and are not touched here.
"""

import datetime
import logging

from django.db import transaction
from django.db.models import Q
from post_office.models import Email

from solidair.applications.models import (
    Application,
    ApplicationCommitment,
    ApplicationContact,
    ApplicationStatus,
)

logger = logging.getLogger(__name__)

# A draft never submitted is deleted, with its personal data and its PDF, after this many days
# without a change (the term is in the mails with the link).
DRAFT_KEPT_DAYS = 90


def draft_kept_days() -> int:
    return DRAFT_KEPT_DAYS


def _abandoned(now: datetime.datetime):
    return Application.objects.filter(
        status=ApplicationStatus.DRAFT,
        updated_at__lte=now - datetime.timedelta(days=draft_kept_days()),
    )


def application_draft_erase(*, application: Application) -> int:
    """Delete one draft, its parts, its PDF and its history; return how many files went.

    Idempotent: a draft already deleted, or submitted meanwhile, is left alone.
    """
    with transaction.atomic():
        draft = (
            Application.objects.select_for_update()
            .filter(pk=application.pk, status=ApplicationStatus.DRAFT)
            .first()
        )
        if draft is None:
            return 0
        pk = draft.pk
        token = draft.link_token()
        names = {draft.decision_document.name} if draft.decision_document else set()
        # Earlier versions of the PDF are named in the history only (a replaced file is
        # deleted when it is replaced; should that have failed, it goes now).
        names.update(
            name
            for name in Application.history.filter(id=pk).values_list(
                "decision_document", flat=True
            )
            if name
        )
        storage = Application._meta.get_field("decision_document").storage
        names = {name for name in names if storage.exists(name)}
        draft.delete()  # commitments and contacts cascade
        # After the delete: simple-history records the deletion as one more copy.
        Application.history.filter(id=pk).delete()
        ApplicationContact.history.filter(application_id=pk).delete()
        ApplicationCommitment.history.filter(application_id=pk).delete()
        if token:
            # The mails with the link (started, links sent again): only they hold the token.
            Email.objects.filter(
                Q(message__contains=token) | Q(html_message__contains=token)
            ).delete()
        for name in names:
            transaction.on_commit(lambda name=name: storage.delete(name))
    return len(names)


def application_drafts_erase(*, now: datetime.datetime) -> str:
    """Periodic job: delete the drafts not touched for the promised term. Counts only."""
    drafts = files = 0
    for application in _abandoned(now).order_by("pk"):
        files += application_draft_erase(application=application)
        drafts += 1
    if not drafts:
        return ""
    summary = f"{drafts} abandoned application drafts deleted, {files} files"
    logger.info("Application drafts erased: %s.", summary)
    return summary
