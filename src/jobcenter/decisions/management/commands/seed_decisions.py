"""Demo data for Bescheide: an approved Bewilligung for every Bedarfsgemeinschaft that has
none yet, so that ``neuberechnung`` has active cases to recompute.

    manage.py seed_demo --scale 1000 && manage.py seed_decisions [--limit N] [--monat 2026-12]
        [--rechtsstand-vor 2027-01-01]

Each BG gets a case through the eAkte's intake service (a synthetic online Hauptantrag whose
data are the generated sgb2 request, stored as the submission's JSON export) and a
Bewilligung through ``decisions.services`` (calculation, amounts, PDF/A in the eAkte,
delivery) — never raw SQL. Idempotent: BGs with a Bescheid are skipped. The synthetic
submission ids are negative (``-bg.pk``) so they can never collide with real submissions.

An applicant under 25 who lives with other (non-BG) members of the household — the
"young adult with parents" of the demo — is a trainee (``in_ausbildung``) with an
Ausbildungsvergütung of 1,000–1,160 € gross, so § 11b Abs. 2b applies.

``--rechtsstand-vor 2027-01-01`` computes the Bewilligungen with the legal state known
before that date (parameter versions from that date on are ignored), as a Jobcenter issued
them before the new values were entered; ``manage.py neuberechnung --monat 2027-01`` then
has the work the new Rechtsstand makes (docs/bescheide.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from jobcenter.accounts.models import User
from jobcenter.antraege.intake import IntakeDocument, SubmissionForIntake
from jobcenter.casefiles.models import Case
from jobcenter.casefiles.services import case_intake
from jobcenter.core import sgb2_adapter as engine
from jobcenter.core.roles import Role
from jobcenter.decisions import deadlines, services
from jobcenter.decisions.models import Decision
from jobcenter.households.models import Bedarfsgemeinschaft, Membership

ROLE = {Membership.Role.ANTRAGSTELLER: "antragsteller", Membership.Role.PARTNER: "partner",
        Membership.Role.KIND: "kind", Membership.Role.SONSTIGE: "sonstige"}


def _age(birth: dt.date, month: dt.date) -> int:
    return month.year - birth.year - ((month.month, month.day) < (birth.month, birth.day))


def request_for(bg: Bedarfsgemeinschaft, memberships: list[Membership], month: dt.date,
                rng: random.Random) -> dict[str, Any]:
    persons: list[dict[str, Any]] = []
    adults: list[str] = []
    for index, m in enumerate(memberships):
        pid = f"P{index + 1}"
        role = ROLE.get(m.role, "sonstige")
        person: dict[str, Any] = {"id": pid, "rolle": role,
                                  "geburtsdatum": m.person.birth_date.isoformat()}
        if role in {"antragsteller", "partner"}:
            adults.append(pid)
            if rng.random() < 0.35:
                netto = round(rng.uniform(150, 1400), 2)
                person["einkommen"] = [{"art": "erwerbseinkommen",
                                        "brutto": round(netto * 1.25, 2), "netto": netto}]
            if role == "antragsteller" and _age(m.person.birth_date, month) < 25 and any(
                    o.role == Membership.Role.SONSTIGE for o in memberships):
                # a trainee living with the parents (no draw from rng: the other
                # households' data stay as they were)
                brutto = 1000 + 40 * (m.person.birth_date.toordinal() % 5)
                person["in_ausbildung"] = True
                person["einkommen"] = [{"art": "erwerbseinkommen", "brutto": brutto,
                                        "netto": round(brutto * 0.8, 2)}]
        persons.append(person)
    for person in persons:
        if person["rolle"] == "kind":
            person["eltern"] = adults[:2]
    n = len(persons)
    return {
        "monat": f"{month:%Y-%m}", "leistungsbeginn": f"{month.year - 1}-{rng.randint(1, 12):02d}",
        "personen": persons,
        "unterkunft": {"bruttokaltmiete": round(rng.uniform(320, 420) + 90 * (n - 1), 2),
                       "heizkosten": round(rng.uniform(50, 90) + 15 * (n - 1), 2),
                       "warmwasser": "zentral",
                       "personen_im_haushalt": max(n, bg.persons_in_dwelling)},
    }


def _stored(content: bytes, title: str) -> IntakeDocument:
    name = default_storage.save("antraege/seed/antrag.json", ContentFile(content))
    return IntakeDocument(title=title, content_type="application/json",
                          sha256=hashlib.sha256(content).hexdigest(), storage_name=name,
                          size=len(content))


class Command(BaseCommand):
    help = "Erstellt freigegebene Bewilligungen für Bedarfsgemeinschaften ohne Bescheid (Demo)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--limit", type=int, default=0, help="höchstens so viele BGs")
        parser.add_argument("--monat", default="2026-12",
                            help="erster Monat des Bewilligungszeitraums (JJJJ-MM)")
        parser.add_argument(
            "--rechtsstand-vor", default="", metavar="JJJJ-MM-TT",
            help="mit dem Rechtsstand vor diesem Tag rechnen (Parameterversionen ab diesem Tag "
                 "unbekannt), z. B. 2027-01-01 für die Demo der Neuberechnung zum Januar 2027")

    def handle(self, *args: Any, limit: int = 0, monat: str = "2026-12", **opts: Any) -> None:
        try:
            year, mon = (int(x) for x in monat.split("-"))
            month = dt.date(year, mon, 1)
            before = (dt.date.fromisoformat(opts["rechtsstand_vor"])
                      if opts.get("rechtsstand_vor") else None)
        except ValueError as exc:
            raise CommandError("--monat erwartet JJJJ-MM, --rechtsstand-vor JJJJ-MM-TT") from exc
        if before is None:
            self._seed(limit, month)
        else:
            with engine.legal_state_before(before):
                self._seed(limit, month)

    def _seed(self, limit: int, month: dt.date) -> None:
        rng = random.Random(2027)
        bgs = (Bedarfsgemeinschaft.objects.exclude(decisions__isnull=False)
               .order_by("pk").select_related("jobcenter"))
        if limit:
            bgs = bgs[:limit]
        created = skipped = 0
        for bg in bgs.iterator(chunk_size=500):
            memberships = list(bg.current_memberships(month))
            applicant = next((m for m in memberships
                              if m.role == Membership.Role.ANTRAGSTELLER), None)
            if applicant is None or applicant.person.match_pending:
                # no applicant, or one still waiting on the matching screen (households)
                skipped += 1
                continue
            request = request_for(bg, memberships, month, rng)
            export = json.dumps(request, ensure_ascii=False).encode()
            with transaction.atomic():
                case = Case.objects.filter(submission_id=-bg.pk).first() or case_intake(
                    submission=SubmissionForIntake(
                        submission_id=-bg.pk, reference=f"DEMO-{bg.pk:07d}",
                        form_key="hauptantrag", form_version="demo", channel="online",
                        user_id=applicant.person.user_id, person_id=applicant.person_id,
                        jobcenter_id=bg.jobcenter_id, submitted_at=timezone.now(),
                        answers={}, topics=[], sgb2_request=request, nothing_changed=False,
                        receipt=_stored(export, "Eingangsbestätigung (Demo)"),
                        export=_stored(export, "Antragsdaten (Demo)"),
                    ))
                if Decision.objects.filter(case=case).exists():
                    continue
                try:
                    decision = services.decision_create(
                        case=case, decision_type_key="bewilligung", actor=None,
                        period_from=month, person_names={
                            f"P{i + 1}": f"{m.person.first_name} {m.person.last_name}"
                            for i, m in enumerate(memberships)})
                except services.DecisionError:
                    skipped += 1
                    continue
                # demo data: issued directly, without a second pair of eyes
                Decision.objects.filter(pk=decision.pk).update(requires_four_eyes=False)
                services.decision_finalize(decision=decision, actor=None)
            created += 1
            if created % 100 == 0:
                self.stdout.write(f"{created} Bewilligungen erstellt")
        self.stdout.write(self.style.SUCCESS(
            f"{created} Bewilligungen erstellt, {skipped} Bedarfsgemeinschaften übersprungen."))
        self._demo_change()

    def _demo_change(self) -> None:
        """The chain and four eyes in the demo: for one household of the demo (the first
        with a partner and children) the Leistung caseworker prepares an Änderungsbescheid
        from the third month — more income of the applicant — and submits it; it waits for
        the Teamleitung's approval and names the Bewilligung it changes, for which months.
        Idempotent: skipped when the household already has an Änderungsbescheid."""
        for decision in (Decision.objects.filter(decision_type__key="bewilligung",
                                                 status__in=services.FINAL)
                         .select_related("case", "case__jobcenter").order_by("pk")):
            request = decision.snapshot.get("request") or {}
            roles = [p.get("rolle") for p in request.get("personen") or []]
            if "partner" not in roles or "kind" not in roles:
                continue
            if Decision.objects.filter(bedarfsgemeinschaft_id=decision.bedarfsgemeinschaft_id,
                                       decision_type__key="aenderung").exists():
                return
            staff = User.objects.filter(jobcenter_id=decision.case.jobcenter_id,
                                        role=Role.LEISTUNG, is_active=True).order_by("pk").first()
            if staff is None or decision.period_from is None:
                return
            start = deadlines.add_months(decision.period_from, 2)
            changed = json.loads(json.dumps(request))
            changed["personen"][0]["einkommen"] = [
                {"art": "erwerbseinkommen", "brutto": 1100.0, "netto": 880.0}]
            changed["monat"] = f"{start:%Y-%m}"
            with transaction.atomic():
                change = services.decision_create(
                    case=decision.case, decision_type_key="aenderung", actor=staff,
                    request=changed, period_from=start,
                    reasons="Sie haben eine Teilzeitstelle aufgenommen. Ihr Einkommen "
                            "(1.100,00 € brutto, 880,00 € netto) wird ab dem Monat der ersten "
                            "Zahlung angerechnet (§ 11 Abs. 2 SGB II).")
                services.decision_finalize(decision=change, actor=staff)
            self.stdout.write(f"Änderungsbescheid (Demo) für {decision.case.reference} "
                              "wartet auf Freigabe.")
            return
