"""Read one returned mail from standard input, as an MTA's pipe delivers it (deploy/README.md)."""

import logging
import os
import sys

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError

from solidair.operations.bounces import bounce_process

logger = logging.getLogger(__name__)

# sysexits.h, as MTAs read them: 0 delivered (also when ignored: never bounce a bounce),
# 75 try again later (the database is unreachable), 65 the input is unusable.
EX_OK = 0
EX_DATAERR = 65
EX_TEMPFAIL = 75
MAX_BYTES = 20 * 1024 * 1024


class Command(BaseCommand):
    help = (
        "Read one returned mail (a delivery status notification, RFC 3464) from standard input "
        "and report the recipients that refused the original mail for good; a council's address "
        "among them is marked as not working and its letter waits again. The mail is found by "
        "its VERP envelope address (BOUNCE_ADDRESS with a signed ID, given with --recipient, "
        "$ORIGINAL_RECIPIENT or the X-Original-To/Delivered-To/To headers) or by the original "
        "Message-ID. Anything else (auto-replies, delays) is ignored. Exit status: 0 done or "
        "ignored, 75 try again later (database unreachable), 65 unreadable input."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--recipient",
            default="",
            help="The address the MTA delivered the mail to (Postfix: ${original_recipient}).",
        )

    def handle(self, *args, **options) -> None:
        raw = sys.stdin.buffer.read(MAX_BYTES + 1)
        if not raw.strip() or len(raw) > MAX_BYTES:
            self.stderr.write("process_bounce: no mail, or a mail larger than 20 MB, on stdin.")
            sys.exit(EX_DATAERR)
        recipient = (
            options["recipient"]
            or os.environ.get("ORIGINAL_RECIPIENT", "")
            or os.environ.get("RECIPIENT", "")
        )
        try:
            outcome = bounce_process(raw=raw, recipient=recipient)
        except DatabaseError:
            logger.exception("process_bounce: the database is unreachable.")
            sys.exit(EX_TEMPFAIL)
        logger.info("process_bounce: %s", outcome)
        self.stdout.write(outcome)
