"""Uploads go to a local folder by default, or to an S3-compatible bucket by environment. No
S3 here: the tests check the choice and the addresses, not a bucket."""

import json
import subprocess
import sys

import pytest

from tests.operations.helpers import ROOT, manage, settings_env

# Each test starts Django in a new process with other settings.
pytestmark = pytest.mark.slow

CODE = """
import json, django
django.setup()
from django.core.files.storage import storages
storage = storages["default"]
kind = f"{type(storage).__module__}.{type(storage).__name__}"
print(json.dumps([kind, getattr(storage, "bucket_name", None), storage.url("public/e/a.pdf")]))
"""


def storage_choice(**env: str) -> list:
    result = subprocess.run(
        [sys.executable, "-c", CODE], cwd=ROOT, env=settings_env(**env),
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_uploads_are_local_by_default():
    assert storage_choice() == [
        "django.core.files.storage.filesystem.FileSystemStorage",
        None,
        "/bestanden/public/e/a.pdf",
    ]


def test_s3_storage_is_chosen_by_environment_and_keeps_the_addresses():
    assert storage_choice(
        STORAGE_BACKEND="s3",
        S3_BUCKET="solidair-uploads",
        S3_ENDPOINT_URL="http://127.0.0.1:9",
        S3_ACCESS_KEY_ID="key",
        S3_SECRET_ACCESS_KEY="secret",
    ) == [
        "solidair.operations.storage.MediaS3Storage",
        "solidair-uploads",
        "/bestanden/public/e/a.pdf",
    ]


def test_s3_storage_needs_a_bucket():
    result = manage(settings_env(STORAGE_BACKEND="s3"), "check")
    assert result.returncode == 1
    assert "STORAGE_BACKEND=s3 needs S3_BUCKET" in result.stderr
