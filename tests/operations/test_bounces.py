"""Delivery status notifications (RFC 3464) as MTAs write them, and the signed VERP envelope
sender that ties a bounce to its mail (solidair.lib.dsn, solidair.operations.bounces)."""

import pytest
from post_office.models import Email

from solidair.lib.dsn import delivery_report_parse
from solidair.operations.bounces import bounce_address, bounce_email
from solidair.operations.mail import mail_queue

POSTFIX = b"""\
Return-Path: <>
X-Original-To: bounces+12-abcdef@solidairegemeenten.be
Delivered-To: bounces+12-abcdef@solidairegemeenten.be
From: MAILER-DAEMON@mail.solidairegemeenten.be (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
To: bounces+12-abcdef@solidairegemeenten.be
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
\tboundary="ABC123"

--ABC123
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

--ABC123
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mail.solidairegemeenten.be
Arrival-Date: Mon, 30 Nov 2026 10:00:00 +0100 (CET)

Final-Recipient: rfc822; Info@Hove.be
Original-Recipient: rfc822;info@hove.be
Action: failed
Status: 5.1.1
Remote-MTA: dns; mx.hove.be
Diagnostic-Code: smtp; 550 5.1.1 <info@hove.be>: Recipient address rejected:
    User unknown in virtual mailbox table

Final-Recipient: rfc822; an@example.be
Action: delayed
Status: 4.4.1
Diagnostic-Code: smtp; 451 4.4.1 try again later

--ABC123
Content-Description: Undelivered Message Headers
Content-Type: text/rfc822-headers

From: Solidaire Gemeenten <noreply@solidairegemeenten.be>
To: info@hove.be
Subject: Brief
Message-ID: <1234.5678@solidairegemeenten.be>

--ABC123--
"""

# Exim and Exchange return the whole message (message/rfc822), and forwarders rewrite the
# recipient: Original-Recipient is the address our mail named.
WHOLE_MESSAGE = b"""\
From: Mail Delivery System <Mailer-Daemon@mx.example.net>
To: noreply@solidairegemeenten.be
Subject: Mail delivery failed: returning message to sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

--b1
Content-Type: text/plain; charset=utf-8

This message was created automatically by mail delivery software.

--b1
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.net

Action: failed
Final-Recipient: rfc822;secretariaat@gemeente-intern.example
Original-Recipient: rfc822;college@gemeente.be
Status: 5.2.1
Diagnostic-Code: X-Postfix; mailbox disabled

Action: failed
Final-Recipient: rfc822;schepen@gemeente.be
Status: 5.2.2
Diagnostic-Code: smtp; 552 5.2.2 Mailbox full

--b1
Content-Type: message/rfc822

From: Solidaire Gemeenten <noreply@solidairegemeenten.be>
To: college@gemeente.be
Subject: Brief van een inwoner
Message-ID: <abc.def@solidairegemeenten.be>
Content-Type: text/plain; charset=utf-8

Geacht college,

--b1--
"""


def test_a_postfix_dsn_gives_its_permanent_failures_only():
    report = delivery_report_parse(POSTFIX)
    assert report.is_dsn
    [failure] = report.failures
    assert failure.recipient == "info@hove.be"
    assert failure.status == "5.1.1"
    assert failure.reason == (
        "550 5.1.1 <info@hove.be>: Recipient address rejected: User unknown in virtual "
        "mailbox table"
    )
    assert report.original_message_id == "<1234.5678@solidairegemeenten.be>"
    assert "bounces+12-abcdef@solidairegemeenten.be" in report.addressed_to


def test_a_dsn_with_the_whole_message_and_a_forwarded_recipient():
    report = delivery_report_parse(WHOLE_MESSAGE)
    assert [(f.recipient, f.final_recipient, f.status) for f in report.failures] == [
        ("college@gemeente.be", "secretariaat@gemeente-intern.example", "5.2.1"),
        ("schepen@gemeente.be", "schepen@gemeente.be", "5.2.2"),
    ]
    assert report.failures[1].reason == "552 5.2.2 Mailbox full"
    assert report.original_message_id == "<abc.def@solidairegemeenten.be>"


@pytest.mark.parametrize(
    "raw",
    [
        b"To: bounces@solidairegemeenten.be\nSubject: Afwezig\n\nIk ben met verlof.\n",
        b"",
        b"\x00\xff not a mail at all",
    ],
    ids=["auto-reply", "empty", "garbage"],
)
def test_what_is_not_a_dsn_has_no_failures(raw):
    report = delivery_report_parse(raw)
    assert not report.is_dsn and report.failures == []


def other_signature(address: str) -> str:
    """The same address with one character of its signature changed."""
    head, _, domain = address.partition("@")
    changed = "1" if head[-1] != "1" else "2"
    return f"{head[:-1]}{changed}@{domain}"


@pytest.mark.django_db
class TestVerp:
    @pytest.fixture(autouse=True)
    def _bounce_address(self, settings):
        settings.BOUNCE_ADDRESS = "bounces@solidairegemeenten.be"

    def mail(self) -> Email:
        return mail_queue(to=["college@gent.be"], subject="Brief", text="Geacht college,")

    def test_each_mail_has_its_own_address_that_leads_back_to_it(self):
        first, second = self.mail(), self.mail()
        assert bounce_address(first) != bounce_address(second)
        assert bounce_address(first).startswith(f"bounces+{first.pk}-")
        assert bounce_email(bounce_address(first)) == first
        # MTAs may change the case of the address, and keep the angle brackets.
        assert bounce_email(f"<{bounce_address(second).upper()}>") == second

    @pytest.mark.parametrize(
        "forge",
        [
            lambda address, mail: address.replace(f"+{mail.pk}-", f"+{mail.pk + 1}-"),
            lambda address, mail: other_signature(address),
            lambda address, mail: address.replace("@solidairegemeenten.be", "@example.be"),
            lambda address, mail: address.replace("bounces+", "other+"),
            lambda address, mail: f"bounces+{mail.pk}@solidairegemeenten.be",
            lambda address, mail: "bounces@solidairegemeenten.be",
            lambda address, mail: "bounces+x-y@solidairegemeenten.be",
        ],
        ids=["other-id", "signature", "domain", "local-part", "unsigned", "plain", "junk"],
    )
    def test_a_forged_or_foreign_address_leads_nowhere(self, forge):
        mail = self.mail()
        self.mail()  # a mail with the next ID exists
        assert bounce_email(forge(bounce_address(mail), mail)) is None

    def test_without_a_bounce_address_the_envelope_sender_is_the_from_address(self, settings):
        settings.BOUNCE_ADDRESS = ""
        mail = self.mail()
        assert bounce_address(mail) == ""
        assert bounce_email(f"bounces+{mail.pk}-0@solidairegemeenten.be") is None
