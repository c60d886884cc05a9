"""``manage.py accesslog_verify [--jobcenter SLUG]``: check the access log's hash chains.

Prints one line per Jobcenter and lane (rows checked, range, head hash) and, for a broken
chain, the first broken link. Exits with status 1 if any chain is broken. Record the printed head
hashes somewhere outside the database (a ticket, the operations log): a later run that
shows a different history for the same range proves a rewrite even by someone who holds
the chain key.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from jobcenter.jobcenters.models import Jobcenter
from jobcenter.transparency.chain import chains_verify


class Command(BaseCommand):
    help = ("Verify the access log's hash chains per Jobcenter and lane; exit 1 if any is "
            "broken.")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--jobcenter", metavar="SLUG",
                            help="only this Jobcenter (its Kurzname/slug)")

    def handle(self, *args: Any, **options: Any) -> None:
        jobcenters = Jobcenter.objects.order_by("slug")
        if options["jobcenter"]:
            jobcenters = jobcenters.filter(slug=options["jobcenter"])
            if not jobcenters.exists():
                raise CommandError(f"No Jobcenter with the slug {options['jobcenter']!r}.")
        broken = 0
        for jobcenter in jobcenters:
            reports = chains_verify(jobcenter_id=jobcenter.pk)
            if not reports:
                self.stdout.write(f"{jobcenter.slug}: OK, no rows")
            for report in reports:
                chain = f"{jobcenter.slug} lane {report.lane}"
                span = (f"rows {report.first_seq}–{report.last_seq}" if report.checked
                        else "no rows")
                if report.ok:
                    self.stdout.write(f"{chain}: OK, {report.checked} {span}, "
                                      f"head {report.head_hash}")
                else:
                    broken += 1
                    self.stdout.write(f"{chain}: BROKEN at row {report.broken_seq}: "
                                      f"{report.reason} ({report.checked} rows checked, "
                                      f"{span})")
        if broken:
            raise CommandError(f"{broken} chain(s) broken.", returncode=1)
