"""``manage.py runserver`` (the web server of ``make run``), ready for a crowd at its door.

Django's development server accepts connections in one thread and serves each in a new thread.
- Until the accepting thread gets to them, new connections wait in the listen queue, which
  Django keeps at 10. While other threads hold the GIL (a PDF being made: Typst holds it),
  more than ten residents arriving at once overflow it, and the kernel resets their
  connections: "the connection was reset" instead of a page. A queue as long as the kernel
  allows lets them wait for their turn (bench/concurrency.py).
- Each request's thread ends with it, so a database connection kept for later
  (``CONN_MAX_AGE``, set with DATABASE_URL) would only linger until it is collected, one per
  request served meanwhile; PostgreSQL refuses connections beyond its limit. They are closed
  when the request ends, as Django's own threaded test server does.

This app comes before ``whitenoise.runserver_nostatic`` in INSTALLED_APPS, so that this
command is the one ``runserver`` runs; it keeps whitenoise's (static files served by the app).
"""

import socket

from django.core.servers.basehttp import WSGIServer
from django.db import connections
from whitenoise.runserver_nostatic.management.commands.runserver import (
    Command as RunserverCommand,
)


class CrowdWSGIServer(WSGIServer):
    # The kernel caps it at net.core.somaxconn.
    request_queue_size = socket.SOMAXCONN

    def close_request(self, request):
        connections.close_all()  # this request's thread's connections
        super().close_request(request)


class Command(RunserverCommand):
    server_cls = CrowdWSGIServer
