"""deploy/backup.sh on the local PostgreSQL: a dated folder with a restorable dump, the
uploads and checksums; old folders go."""

import os
import subprocess
import tarfile
import time

import pytest
from django.conf import settings
from django.db import connection

from tests.operations.helpers import ROOT

# Runs deploy/backup.sh.
pytestmark = pytest.mark.slow

SCRIPT = ROOT / "deploy" / "backup.sh"


def database_url() -> str:
    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def run_backup(env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "MEDIA_ROOT")}
    return subprocess.run(
        [str(SCRIPT)], env={**clean, "ENV_FILE": "/nonexistent", **env},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip


@pytest.mark.django_db
def test_a_backup_holds_the_database_and_the_uploads(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("deploy/backup.sh backs up PostgreSQL")
    media = tmp_path / "media"
    (media / "public" / "evidence").mkdir(parents=True)
    (media / "public" / "evidence" / "besluit.pdf").write_bytes(b"%PDF-1.7 besluit")
    backups = tmp_path / "backups"
    old = backups / "solidair-2020-01-01T000000Z"
    old.mkdir(parents=True)
    month_ago = time.time() - 30 * 86400
    os.utime(old, (month_ago, month_ago))

    result = run_backup(
        {"DATABASE_URL": database_url(), "MEDIA_ROOT": str(media), "BACKUP_DIR": str(backups),
         "BACKUP_KEEP_DAYS": "14"}
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    [folder] = backups.iterdir()  # the old one is gone, no .partial left
    assert folder.name.startswith("solidair-20") and folder.name.endswith("Z")
    assert sorted(p.name for p in folder.iterdir()) == [
        "SHA256SUMS", "database.dump", "media.tar.gz"
    ]  # fmt: skip
    listing = subprocess.run(
        ["pg_restore", "--list", str(folder / "database.dump")], capture_output=True, text=True
    )
    assert "TABLE DATA public municipalities_municipality" in listing.stdout
    with tarfile.open(folder / "media.tar.gz") as archive:
        assert "./public/evidence/besluit.pdf" in archive.getnames()
    check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=folder, capture_output=True)
    assert check.returncode == 0


def test_a_backup_without_a_database_stops(tmp_path):
    result = run_backup({"BACKUP_DIR": str(tmp_path)})
    assert result.returncode == 2
    assert "DATABASE_URL and MEDIA_ROOT must be set" in result.stderr
    assert list(tmp_path.iterdir()) == []
