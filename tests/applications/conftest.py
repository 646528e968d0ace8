import pytest
from django.core.files.storage import default_storage


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploads go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    default_storage.__dict__.pop("base_location", None)
    default_storage.__dict__.pop("location", None)
    yield
    default_storage.__dict__.pop("base_location", None)
    default_storage.__dict__.pop("location", None)
