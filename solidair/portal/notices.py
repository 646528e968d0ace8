"""Coordinators hear of every change a contact makes in the portal: one mail per saved form.

A workflow wraps its saves in ``change_notice(...)``. On leaving the block without an error, the
notice compares the object's newest history record with the one from before the block (so
several saves, e.g. an initiative and then its themes, make one mail) and queues a short mail
to COORDINATOR_EMAILS: what changed, by whom, and a link to the object's history in /beheer/,
where any version can be restored.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db import models
from django.utils.translation import gettext as _

from solidair.lib.i18n import in_dutch, language_current
from solidair.municipalities.models import Municipality
from solidair.portal import mails
from solidair.web.links import absolute_url

# Fields nobody needs to read about in a notice.
SKIPPED_FIELDS = {"updated_at", "created_at", "search_title", "search_summary", "search_body"}
VALUE_LENGTH = 120


@dataclass
class ChangeNotice:
    """What the block did; the workflow may add a line the history cannot tell."""

    summary: str
    extra_lines: list[str] = field(default_factory=list)


def _latest_record_id(obj: models.Model) -> int | None:
    if obj.pk is None:
        return None
    record = obj.history.order_by("-history_id").only("history_id").first()
    return record.history_id if record else None


def _short(value: object) -> str:
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    text = "" if value in (None, "") else str(value)
    text = " ".join(text.split())
    if len(text) > VALUE_LENGTH:
        text = text[: VALUE_LENGTH - 1] + "…"
    return text or "—"


def _changed_lines(obj: models.Model, before_id: int | None) -> list[str]:
    records = obj.history.order_by("-history_id")
    newest = records.first()
    if newest is None or newest.history_id == before_id:
        return []
    if newest.history_type == "-":
        return [_("verwijderd")]
    before = records.filter(history_id=before_id).first() if before_id else None
    if before is None:
        return [_("nieuw aangemaakt")]
    lines = []
    delta = newest.diff_against(before, excluded_fields=SKIPPED_FIELDS)
    for change in delta.changes:
        model_field = obj._meta.get_field(change.field)
        label = str(model_field.verbose_name)
        if model_field.many_to_many:
            lines.append(_("%(field)s: gewijzigd") % {"field": label})
            continue
        old, new = change.old, change.new
        if getattr(model_field, "choices", None):
            choices = dict(model_field.flatchoices)
            old, new = choices.get(old, old), choices.get(new, new)
        lines.append(
            _("%(field)s: %(old)s → %(new)s")
            % {"field": label, "old": _short(old), "new": _short(new)}
        )
    return lines


def history_url(obj: models.Model) -> str:
    meta = obj._meta
    return absolute_url(f"admin:{meta.app_label}_{meta.model_name}_history", args=[obj.pk])


@contextmanager
def change_notice(
    *, obj: models.Model, municipality: Municipality, by: AbstractBaseUser, summary: str
) -> Iterator[ChangeNotice]:
    """Queue one mail to the coordinators for the saves (or the delete) done in the block.

    ``obj`` may be unsaved when the block creates it. Use inside the workflow's transaction.
    """
    before_id = _latest_record_id(obj)
    pk = obj.pk
    notice = ChangeNotice(summary=summary)
    yield notice
    if obj.pk is None and pk is not None:
        obj.pk = pk  # a delete clears the pk; the history keeps it
    lines = _changed_lines(obj, before_id) if obj.pk is not None else []
    lines += notice.extra_lines
    if not lines:
        return  # saved without a change: nothing to tell
    with in_dutch():  # to the coordinators
        mails.change(
            municipality=municipality,
            summary=notice.summary,
            object=str(obj),
            lines=lines,
            by=getattr(by, "email", "") or str(by),
            history_url=history_url(obj),
            language=language_current(),
        )
