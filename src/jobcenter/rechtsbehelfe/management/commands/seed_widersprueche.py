"""Demo data for the Widerspruchsverfahren (after ``seed_demo`` and ``seed_decisions``):

    manage.py seed_widersprueche

Erika Beispiel (Jobcenter Musterstadt) files a Widerspruch in her account against her
Bewilligung (posted first if it still waits on the print list); Lea Leistner registers it
and hands it to the Widerspruchsstelle, where Tim Teichmann (Teamleitung) can decide it.
Every step goes through ``rechtsbehelfe.services`` and ``decisions.services``. Idempotent.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from jobcenter.accounts.models import User
from jobcenter.decisions import services as decisions
from jobcenter.decisions.models import Decision
from jobcenter.rechtsbehelfe import services
from jobcenter.rechtsbehelfe.models import Widerspruch

DOMAIN = "demo.jobcenter-online.example"


class Command(BaseCommand):
    help = "Legt einen Demo-Widerspruch an (nach seed_demo und seed_decisions)."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        citizen = User.objects.filter(email=f"erika.beispiel@{DOMAIN}").first()
        staff = User.objects.filter(email=f"leistung@musterstadt.{DOMAIN}").first()
        if citizen is None or staff is None:
            raise CommandError("Bitte zuerst manage.py seed_demo ausführen.")
        decision = (Decision.objects.filter(case__applicant_user=citizen,
                                            decision_type__key="bewilligung",
                                            status__in=decisions.FINAL)
                    .order_by("-pk").first())
        if decision is None:
            raise CommandError("Bitte zuerst manage.py seed_decisions ausführen.")
        if Widerspruch.objects.filter(decision=decision).exists():
            self.stdout.write("Demo-Widerspruch besteht schon.")
            return
        if decision.status == Decision.Status.APPROVED:
            decisions.decisions_mark_posted(decisions=[decision], actor=staff,
                                            posted_on=timezone.localdate())
            decision.refresh_from_db()
        w = services.widerspruch_file_online(
            user=citizen, decision=decision, scope=Widerspruch.Scope.PART,
            contested="Die Heizkosten",
            reasons="Sie haben nur einen Teil meiner Heizkosten übernommen. Die Abrechnung "
                    "meines Vermieters liegt bei.", idempotency_key="seed-demo")
        services.widerspruch_register(widerspruch=w, actor=staff, form_ok=False,
                                      form_note="Unterschriebene Fassung angefordert")
        services.widerspruch_hand_over(widerspruch=w, actor=staff)
        self.stdout.write(self.style.SUCCESS(f"Demo-Widerspruch {w.reference} angelegt."))
