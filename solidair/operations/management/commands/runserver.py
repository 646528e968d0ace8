"""``manage.py runserver`` (the web server of ``make run``), ready for a crowd at its door.

Django's development server accepts connections in one thread and serves each in a new thread,
however many arrive. For hundreds of residents at once (bench/concurrency.py):
- Until the accepting thread gets to them, new connections wait in the listen queue, which
  Django keeps at 10. While other threads hold the GIL (a PDF being made: Typst holds it),
  more than ten residents arriving at once overflow it, and the kernel resets their
  connections: "the connection was reset" instead of a page. Here the queue is as long as the
  kernel allows.
- At most ``ACTIVE_REQUESTS`` requests are in Django at a time; the others wait their turn
  (about in the order they came). Hundreds of threads in Django at once only share the GIL and the
  database's one write lock ever more thinly; and each would open a database connection of its
  own, where PostgreSQL refuses more than its limit (100 by default).
- A request's database connections are closed when its answer has been sent: its thread
  serves only its own connection, so a connection kept for later (``CONN_MAX_AGE``, set with
  DATABASE_URL) would stay open, idle, beside a browser's idle keep-alive connection.

This app comes before ``whitenoise.runserver_nostatic`` in INSTALLED_APPS, so that this
command is the one ``runserver`` runs; it keeps whitenoise's (static files served by the app).
"""

import socket
import threading

from django.core.servers.basehttp import WSGIServer
from django.db import connections
from whitenoise.runserver_nostatic.management.commands.runserver import (
    Command as RunserverCommand,
)

ACTIVE_REQUESTS = 16


class QueueingWSGIServer(WSGIServer):
    # The kernel caps it at net.core.somaxconn.
    request_queue_size = socket.SOMAXCONN


class Admission:
    """WSGI middleware: at most ``limit`` requests at once in ``application``, from the call
    until their answer is sent and closed; the others wait for a free slot."""

    def __init__(self, application, limit: int) -> None:
        self.application = application
        self.slots = threading.Semaphore(limit)

    def __call__(self, environ, start_response):
        self.slots.acquire()
        try:
            answer = self.application(environ, start_response)
        except BaseException:
            self._done()
            raise
        return _Answer(answer, self._done)

    def _done(self) -> None:
        try:
            connections.close_all()  # this thread's
        finally:
            self.slots.release()


class _Answer:
    """The application's answer, calling ``done`` once after its own ``close()``."""

    def __init__(self, answer, done) -> None:
        self.answer = answer
        self.done = done
        self.closed = False

    def __iter__(self):
        return iter(self.answer)

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        try:
            if hasattr(self.answer, "close"):
                self.answer.close()
        finally:
            self.done()


class Command(RunserverCommand):
    server_cls = QueueingWSGIServer

    def get_handler(self, *args, **options):
        return Admission(super().get_handler(*args, **options), ACTIVE_REQUESTS)
