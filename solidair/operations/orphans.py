"""Uploads nobody refers to any more: deleted from the storage by a periodic job.

A file under ``public/`` or ``private/`` (the folders of ``solidair.operations.uploads``) stays when
any row of any model names it in a FileField or ImageField (found through the app registry, so
a new model with a file field is covered without listing it here). A file no row names, such as
a replaced image or the PDF of a deleted row, is deleted once it is older than
``UPLOAD_ORPHAN_GRACE`` (an upload is written before its row commits).

History rows (django-simple-history) do not keep a file: they name the file of each version,
and with them nothing replaced would ever go. Files are listed and deleted through the storage
API, so this works the same on a local folder and on an S3 bucket.

The worker runs periodic jobs every minute; listing a bucket that often costs requests for
nothing, so ``uploads_orphans_job`` scans at most once per ``UPLOAD_ORPHAN_SCAN_INTERVAL``
(a mark in the shared cache; a lost mark only means one scan more).
"""

import datetime
import logging
from collections.abc import Iterator

from django.apps import apps
from django.core.cache import cache
from django.core.files.storage import Storage, default_storage
from django.db import models
from simple_history.models import HistoricalChanges

logger = logging.getLogger(__name__)

UPLOAD_ROOTS = ("public", "private")
UPLOAD_ORPHAN_GRACE = datetime.timedelta(days=1)
UPLOAD_ORPHAN_SCAN_INTERVAL = datetime.timedelta(hours=1)
SCANNED_KEY = "orphans:scanned"


def file_fields() -> Iterator[tuple[type[models.Model], models.FileField]]:
    """Every concrete model's file fields (ImageField included), history models excepted."""
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed or issubclass(model, HistoricalChanges):
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                yield model, field


def referenced_names() -> set[str]:
    """The names of all the files that some row refers to."""
    names: set[str] = set()
    for model, field in file_fields():
        rows = model._base_manager.exclude(**{f"{field.attname}__isnull": True}).exclude(
            **{field.attname: ""}
        )
        names.update(rows.values_list(field.attname, flat=True).iterator())
    return names


def _walk(storage: Storage, folder: str) -> Iterator[str]:
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for directory in directories:
        yield from _walk(storage, f"{folder}/{directory}")


def uploads_orphans_delete(*, now: datetime.datetime, storage: Storage | None = None) -> str:
    """Periodic job: delete the uploads no row refers to, older than the grace period.

    Idempotent. Names are read *after* the listing, so a row saved meanwhile protects its file.
    """
    storage = storage or default_storage
    listed = [name for root in UPLOAD_ROOTS for name in _walk(storage, root)]
    if not listed:
        return ""
    referenced = referenced_names()
    deleted = kept_young = 0
    for name in listed:
        if name in referenced:
            continue
        try:
            modified = storage.get_modified_time(name)
        except (FileNotFoundError, NotImplementedError):
            # Deleted since the listing, or a storage without modification times: kept.
            continue
        if modified.tzinfo is None:  # USE_TZ off: a naive local time
            modified = modified.astimezone(datetime.UTC)
        if modified > now - UPLOAD_ORPHAN_GRACE:
            kept_young += 1
            continue
        storage.delete(name)
        deleted += 1
    if not deleted:
        return ""
    return f"{deleted} unreferenced uploads deleted ({kept_young} too recent, kept)"


def uploads_orphans_job(*, now: datetime.datetime) -> str:
    """Periodic job (``uploads_orphans_delete``): the scan, at most once an interval."""
    if not cache.add(SCANNED_KEY, 1, timeout=UPLOAD_ORPHAN_SCAN_INTERVAL.total_seconds()):
        return ""
    return uploads_orphans_delete(now=now)
