"""`minka sms`: the worker between Minka and gammu-smsd (run it under systemd)."""

import signal
import time
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections

from minka.sms import gateway, worker


class Command(BaseCommand):
    help = "Answer members' SMS and send queued messages through gammu-smsd's folders."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="One poll, then exit.")
        parser.add_argument(
            "--interval",
            type=float,
            default=None,
            help="Seconds between polls (default MINKA_SMS_POLL_SECONDS).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not gateway.enabled():
            raise CommandError(
                "SMS is off: set MINKA_SMS_GAMMU_CONFIG to gammu-smsd's configuration file "
                "(see docs/operations.md)."
            )
        interval = options["interval"] or settings.MINKA_SMS_POLL_SECONDS
        stop = False

        def ask_to_stop(signum: int, frame: FrameType | None) -> None:
            nonlocal stop
            stop = True

        signal.signal(signal.SIGTERM, ask_to_stop)
        signal.signal(signal.SIGINT, ask_to_stop)
        while True:
            try:
                result = worker.poll()
            except Exception as exc:  # one bad poll must not stop the answering
                self.stderr.write(f"sms: poll failed: {exc!r}")
                if options["once"]:
                    raise
            else:
                if result.problems:
                    self.stderr.write("sms: " + "; ".join(result.problems))
                if options["verbosity"] > 1 or options["once"]:
                    self.stdout.write(
                        f"received {result.received}, answered {result.answered}, "
                        f"notices {result.queued_notices}, handed over {result.spooled}, "
                        f"sent {result.sent}, failed {result.failed}"
                    )
            if options["once"] or stop:
                return
            close_old_connections()  # a PostgreSQL restart between polls is survived
            slept = 0.0
            while slept < interval and not stop:
                time.sleep(0.2)
                slept += 0.2
