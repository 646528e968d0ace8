import datetime
from zoneinfo import ZoneInfo

import pytest

from solidair.network.models import Meeting

BRUSSELS = ZoneInfo("Europe/Brussels")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def make_meeting(title: str, day: datetime.date, **extra) -> Meeting:
    start = datetime.datetime.combine(day, datetime.time(13, 30), tzinfo=BRUSSELS)
    return Meeting.objects.create(
        title=title,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        published=extra.pop("published", True),
        **extra,
    )
