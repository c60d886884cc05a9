"""``manage.py outbox``: the operator's tool for background work (docs/operations.md).

    manage.py outbox report [--check] [--limit N]   what is pending, stuck, dead
    manage.py outbox sweep                          hand over again what is due (as beat does)
    manage.py outbox retry (--id N … | --dead | --stuck)   hand over now, with fresh attempts
    manage.py outbox purge                          delete done messages past retention
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from jobcenter.outbox import selectors, services
from jobcenter.outbox.models import OutboxMessage


def _moment(value: Any) -> str:
    return timezone.localtime(value).strftime("%d.%m.%Y %H:%M:%S") if value else "–"


def _first_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:160] if lines else ""


class Command(BaseCommand):
    help = "Report, sweep and retry the outbox of background work."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        report = actions.add_parser("report", help="counts per task; stuck and dead messages")
        report.add_argument("--check", action="store_true",
                            help="exit with status 1 if a message is stuck or dead (monitoring)")
        report.add_argument("--limit", type=int, default=20, help="messages listed per state")
        actions.add_parser("sweep", help="hand over again every pending message that is due")
        retry = actions.add_parser("retry", help="hand over now, with fresh attempts")
        which = retry.add_mutually_exclusive_group(required=True)
        which.add_argument("--id", type=int, nargs="+", dest="ids", help="message ids")
        which.add_argument("--dead", action="store_true", help="every dead message")
        which.add_argument("--stuck", action="store_true", help="every stuck message")
        actions.add_parser("purge", help="delete done messages past OUTBOX_RETENTION_DAYS")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(**options)

    def _report(self, *, check: bool, limit: int, **_: Any) -> None:
        overview = selectors.outbox_overview()
        self.stdout.write(f"{'Aufgabe':<52} {'offen':>6} {'hängt':>6} {'tot':>5} "
                          f"{'erledigt':>9}  ältester offener")
        for row in overview:
            self.stdout.write(f"{row.task:<52} {row.pending:>6} {row.stuck:>6} {row.dead:>5} "
                              f"{row.done:>9}  {_moment(row.oldest_pending)}")
        if not overview:
            self.stdout.write("(keine Nachrichten)")
        stuck = selectors.messages_stuck()
        dead = selectors.messages_dead()
        for title, queryset in (("Hängend", stuck), ("Aufgegeben (tot)", dead)):
            count = queryset.count()
            if not count:
                continue
            self.stdout.write(f"\n{title}: {count}")
            for message in queryset[:limit]:
                self.stdout.write(
                    f"  #{message.pk} {message.task} {message.key or ''} "
                    f"Versuche {message.attempts}, angelegt {_moment(message.created_at)}, "
                    f"nächster Versuch {_moment(message.next_attempt_at)}"
                    + (f"\n      {_first_line(message.last_error)}" if message.last_error else "")
                )
        if check and (stuck.exists() or dead.exists()):
            raise CommandError("Hintergrundaufträge hängen oder sind aufgegeben (siehe oben).",
                               returncode=1)

    def _sweep(self, **_: Any) -> None:
        result = services.outbox_sweep()
        self.stdout.write(f"erneut zugestellt: {result.dispatched}, aufgegeben: {result.dead}")
        if result.left:
            raise CommandError(f"Broker nicht erreichbar: {result.left} Nachrichten warten "
                               "auf den nächsten Durchlauf.")

    def _retry(self, *, ids: list[int] | None, dead: bool, stuck: bool, **_: Any) -> None:
        if dead:
            queryset = selectors.messages_dead()
        elif stuck:
            queryset = selectors.messages_stuck()
        else:
            queryset = OutboxMessage.objects.filter(pk__in=ids)
        wanted = list(queryset.values_list("pk", flat=True))
        published = services.outbox_retry(message_ids=wanted)
        self.stdout.write(f"erneut zugestellt: {published} von {len(wanted)}")
        if published < len(wanted):
            raise CommandError("Nicht alle Nachrichten wurden zugestellt (erledigt, gerade in "
                               "Arbeit oder Broker nicht erreichbar); siehe outbox report.")

    def _purge(self, **_: Any) -> None:
        self.stdout.write(f"gelöscht: {services.outbox_purge()}")
