"""A real SMTP server on the loopback interface, for the outbox tests (aiosmtpd)."""

import asyncio
import os
import signal
import socket
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller


class Inbox:
    """aiosmtpd handler that keeps every message it accepts.

    ``delay`` makes each delivery slow. ``kill_pid`` and ``kill_at`` make it kill that process
    (SIGKILL) when the ``kill_at``-th message arrives, before accepting it: the client dies in
    the middle of an SMTP transaction, as a worker killed mid-batch does. ``refuse`` maps an
    address to the reply RCPT TO gets for it (e.g. "550 5.1.1 User unknown"); ``refuse_data``,
    when set, is the reply to every DATA. ``senders`` holds each message's envelope sender.
    """

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[list[str]] = []
        # The client's (address, port) for each message: one per SMTP connection.
        self.peers: list[tuple[str, int]] = []
        self.delay = 0.0
        self.kill_pid: int | None = None
        self.kill_at = 0
        self.refuse: dict[str, str] = {}
        self.refuse_data = ""
        self.senders: list[str] = []
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        reply = self.refuse.get(address.lower())
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.refuse_data:
            return self.refuse_data
        with self.lock:
            if self.kill_pid is not None and len(self.messages) + 1 >= self.kill_at:
                os.kill(self.kill_pid, signal.SIGKILL)
                self.kill_pid = None
                return "451 Requested action aborted"
            # Read as a mail program would: with its own line ends, not SMTP's CRLF.
            content = envelope.content.replace(b"\r\n", b"\n")
            self.messages.append(message_from_bytes(content, policy=policy.default))
            self.envelopes.append(list(envelope.rcpt_tos))
            self.senders.append(envelope.mail_from)
            self.peers.append(tuple(session.peer))
        return "250 Message accepted for delivery"

    def message_ids(self) -> list[str]:
        with self.lock:
            return [message["Message-ID"] for message in self.messages]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpServer:
    """Starts and stops an SMTP server on 127.0.0.1, always on the same port and inbox."""

    host = "127.0.0.1"

    def __init__(self) -> None:
        self.port = free_port()
        self.inbox = Inbox()
        self._controller: Controller | None = None

    def start(self) -> None:
        # A stopped controller has closed its event loop; each start needs a new one.
        self._controller = Controller(self.inbox, hostname=self.host, port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None
