"""Uploads no row refers to are deleted after a day; a referenced file never is."""

import datetime

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage, default_storage
from django.utils import timezone

from solidair.network.models import Brochure, Meeting, Presentation
from solidair.operations.orphans import SCANNED_KEY, referenced_names, uploads_orphans_delete
from solidair.operations.periodic import periodic_run
from tests.factories import InitiativeFactory, municipality

pytestmark = pytest.mark.django_db

LATER = datetime.timedelta(days=2)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    for cached in ("base_location", "location"):
        default_storage.__dict__.pop(cached, None)
    yield settings.MEDIA_ROOT
    for cached in ("base_location", "location"):
        default_storage.__dict__.pop(cached, None)


def a_meeting() -> Meeting:
    start = timezone.now() - datetime.timedelta(days=30)
    return Meeting.objects.create(
        title="Wonen na de opvang", starts_at=start, ends_at=start + datetime.timedelta(hours=2)
    )


def pdf() -> ContentFile:
    return ContentFile(b"%PDF-1.4\n%%EOF\n")


def test_replaced_and_deleted_files_go_referenced_ones_stay(_media):
    initiative = InitiativeFactory(municipality=municipality("Gent"))
    initiative.image.save("a.jpg", ContentFile(b"first"))
    replaced = initiative.image.name
    initiative.image.save("b.jpg", ContentFile(b"second"))
    current = initiative.image.name

    meeting = a_meeting()
    brochures = []
    for version in (1, 2):  # every version of a brochure is a row of its own: all stay
        brochure = Brochure(
            meeting=meeting, version=version, introduction="Inleiding", generated_at=timezone.now()
        )
        brochure.file.save("brochure.pdf", pdf())
        brochures.append(brochure.file.name)
    presentation = Presentation(meeting=meeting, title="Wonen")
    presentation.document.save("presentatie.pdf", pdf())
    gone = Presentation(meeting=meeting, title="Weg")
    gone.document.save("weg.pdf", pdf())
    deleted_row = gone.document.name
    gone.delete()
    outside = default_storage.save("elders/notities.txt", ContentFile(b"not an upload"))

    assert {replaced, deleted_row}.isdisjoint(referenced_names())
    summary = uploads_orphans_delete(now=timezone.now() + LATER)

    assert summary == "2 unreferenced uploads deleted (0 too recent, kept)"
    assert not default_storage.exists(replaced)
    assert not default_storage.exists(deleted_row)
    for name in (current, *brochures, presentation.document.name, outside):
        assert default_storage.exists(name), name
    assert uploads_orphans_delete(now=timezone.now() + LATER) == ""  # idempotent


def test_a_file_younger_than_a_day_stays_its_row_may_not_be_committed_yet():
    name = default_storage.save("public/initiatives/in-flight.jpg", ContentFile(b"x"))
    assert uploads_orphans_delete(now=timezone.now()) == ""
    assert default_storage.exists(name)
    assert uploads_orphans_delete(now=timezone.now() + LATER).startswith("1 unreferenced")
    assert not default_storage.exists(name)


def test_history_rows_do_not_keep_a_file():
    initiative = InitiativeFactory(municipality=municipality("Gent"))
    initiative.image.save("a.jpg", ContentFile(b"first"))
    replaced = initiative.image.name
    initiative.image.save("b.jpg", ContentFile(b"second"))
    assert initiative.history.filter(image=replaced).exists()
    uploads_orphans_delete(now=timezone.now() + LATER)
    assert not default_storage.exists(replaced)
    assert default_storage.exists(initiative.image.name)


def test_it_uses_the_storage_api_only():
    """A storage without a local path (as S3): listed and deleted through listdir/delete."""
    storage = InMemoryStorage()
    kept = InitiativeFactory(municipality=municipality("Gent"))
    kept.image.save("a.jpg", ContentFile(b"first"))
    storage.save(kept.image.name, ContentFile(b"first"))
    orphan = storage.save("private/applications/deep/old.pdf", ContentFile(b"%PDF"))
    summary = uploads_orphans_delete(now=timezone.now() + LATER, storage=storage)
    assert summary.startswith("1 unreferenced")
    assert storage.exists(kept.image.name) and not storage.exists(orphan)


def test_it_is_a_periodic_job(tmp_path):
    name = default_storage.save("public/evidence/old.pdf", pdf())
    results = periodic_run(
        now=timezone.now() + LATER, only="uploads_orphans_delete", lockfile=str(tmp_path / "l")
    )
    assert results == {
        "uploads_orphans_delete": "1 unreferenced uploads deleted (0 too recent, kept)"
    }
    assert not default_storage.exists(name)


def test_the_periodic_job_scans_at_most_once_an_hour(tmp_path):
    def run() -> str:
        results = periodic_run(
            now=timezone.now() + LATER, only="uploads_orphans_delete", lockfile=str(tmp_path / "l")
        )
        return results["uploads_orphans_delete"]

    assert run() == ""  # nothing to delete; scanned
    name = default_storage.save("public/evidence/old.pdf", pdf())
    assert run() == ""  # within the hour: not scanned again
    assert default_storage.exists(name)
    cache.delete(SCANNED_KEY)  # an hour later
    assert run().startswith("1 unreferenced")
