"""Demo data for the Minderung procedure (after ``seed_demo`` and ``seed_decisions``):

    manage.py seed_minderungen

For Max Mustermann (Jobcenter Musterstadt) Lea Leistner records a missed Bewerbungstraining
with the Rechtsfolgenbelehrung given before and starts the Anhörung: Max sees it in his
account ("Das steht an") and can answer. Through ``minderungen.services``. Idempotent.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from jobcenter.accounts.models import User
from jobcenter.casefiles.models import Case
from jobcenter.minderungen import services
from jobcenter.minderungen.models import Minderung

DOMAIN = "demo.jobcenter-online.example"


class Command(BaseCommand):
    help = "Legt ein Demo-Verfahren zur Leistungsminderung an (nach seed_decisions)."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        citizen = User.objects.filter(email=f"max.mustermann@{DOMAIN}").first()
        staff = User.objects.filter(email=f"leistung@musterstadt.{DOMAIN}").first()
        if citizen is None or staff is None:
            raise CommandError("Bitte zuerst manage.py seed_demo ausführen.")
        case = Case.objects.filter(applicant_user=citizen).order_by("-pk").first()
        if case is None or services.current_bescheid(case) is None:
            raise CommandError("Bitte zuerst manage.py seed_decisions ausführen.")
        if Minderung.objects.filter(case=case).exists():
            self.stdout.write("Demo-Verfahren besteht schon.")
            return
        today = timezone.localdate()
        m = services.minderung_record(
            actor=staff, case=case, person_key="P1", kind=Minderung.Kind.PFLICHT,
            duty="Teilnahme am Bewerbungstraining „Fit für den Arbeitsmarkt“",
            belehrung_on=today - dt.timedelta(days=30),
            belehrung_text="Wenn Sie ohne wichtigen Grund nicht an der Maßnahme teilnehmen, "
                           "mindert sich Ihr Bürgergeld (§§ 31, 31a SGB II).",
            event_on=today - dt.timedelta(days=7),
            event_text="Am ersten Tag nicht erschienen, keine Nachricht.")
        services.minderung_hearing(minderung=m, actor=staff,
                                   answer_due=today + dt.timedelta(days=21))
        self.stdout.write(self.style.SUCCESS("Demo-Verfahren zur Leistungsminderung angelegt."))
