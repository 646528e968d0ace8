"""The default install's settings, with static files read where they lie.

tests/operations/test_concurrency.py starts the default install in subprocesses. The
compressed manifest storage needs ``collectstatic`` (half a minute of brotli on two cores)
before a page can name a static file; the residents there never fetch one. Everything else,
the database's options first, is solidair.settings as `make run` has it.
"""

from solidair.settings import *  # noqa: F403
from solidair.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
