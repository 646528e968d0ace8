import pytest

from tests.lib.smtp import SmtpServer


@pytest.fixture
def smtp(settings, tmp_path):
    """A real SMTP server on loopback; the outbox delivers to it and keeps files in tmp_path."""
    server = SmtpServer()
    server.start()
    settings.EMAIL_HOST = server.host
    settings.EMAIL_PORT = server.port
    settings.EMAIL_TIMEOUT = 5
    settings.MEDIA_ROOT = tmp_path / "media"
    # Not the lock of a worker that may be running on this machine.
    settings.MAIL_LOCK_FILE = str(tmp_path / "outbox.lock")
    yield server
    server.stop()
