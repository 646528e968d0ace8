import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "solidair.settings")
django_application = get_wsgi_application()

# What the first request would otherwise do (solidair/operations/warmup.py): with gunicorn's
# preload_app, once in the master before the workers are forked.
from solidair.operations.warmup import prepare_application  # noqa: E402

prepare_application()

# Page cache hits are answered before Django's request handling (solidair/operations/pagecache.py).
from solidair.operations.pagecache import PageCacheFastPath  # noqa: E402

application = PageCacheFastPath(django_application)
