"""Demo data for decisions about the past and provisional decisions (``seed_demo``):

* Max Mustermann (Jobcenter Musterstadt, Bescheide online): a Bewilligung from three months
  ago, his calculation changed to the Minijob income reported late, and an Anhörung sent to
  his account (he can answer; staff see it under "Änderungen für die Vergangenheit").
* Erika Beispiel (Jobcenter Musterstadt): a provisional Bewilligung (§ 41a SGB II) for six
  months, because of her Minijob.

Idempotent: a citizen who already has a case is left alone. The PDFs are rendered right
away (the outbox's later run finds them and does nothing), so the demo shows them at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import formats, timezone, translation

from jobcenter.accounts.models import User
from jobcenter.antraege.intake import IntakeDocument, SubmissionForIntake
from jobcenter.antraege.receipt import render_receipt
from jobcenter.casefiles.models import Case
from jobcenter.casefiles.services import case_intake
from jobcenter.core.roles import Role
from jobcenter.decisions import deadlines
from jobcenter.decisions.models import DeliveryPreference
from jobcenter.decisions.services import (
    aufhebung,
    bescheid_render,
    calculation_change,
    calculation_for_case,
    decision_create,
    decision_finalize,
    vorlaeufig,
)
from jobcenter.decisions.services.anhoerung_letter import anhoerung_render
from jobcenter.households.models import Person

#: The facts of the demo Anhörung, as a caseworker types them (in German, also on the
#: English page: what staff typed stays as typed).
DEMO_FACTS = ("Sie arbeiten seit Beginn des Bewilligungszeitraums in einem Minijob und verdienen "
              "520 € netto im Monat, nicht 300 € wie angegeben. Das wissen wir aus den "
              "Lohnabrechnungen, die Sie nachgereicht haben.")

#: Submission ids of the demo cases (outside the range real submissions use in the demo).
_IDS = itertools.count(990_001)


def _stored(content: bytes, title: str, content_type: str) -> IntakeDocument:
    name = default_storage.save(f"demo/{hashlib.sha256(content).hexdigest()[:16]}",
                                ContentFile(content))
    return IntakeDocument(title=title, content_type=content_type,
                          sha256=hashlib.sha256(content).hexdigest(), storage_name=name,
                          size=len(content))


def _request(month: str, person: Person, netto: float) -> dict[str, Any]:
    return {
        "monat": month, "leistungsbeginn": month,
        "personen": [{"id": "P1", "rolle": "antragsteller",
                      "geburtsdatum": f"{person.birth_date:%Y-%m-%d}",
                      "einkommen": [{"art": "minijob", "brutto": netto, "netto": netto}]}],
        "unterkunft": {"bruttokaltmiete": 450.0, "heizkosten": 80.0, "warmwasser": "zentral",
                       "personen_im_haushalt": 1},
    }


def _case(user: User, month: str, netto: float,
          submitted_at: dt.datetime | None = None) -> Case | None:
    """The citizen's Hauptantrag as a case, sent now or at ``submitted_at``."""
    person = Person.objects.filter(user=user).first()
    if person is None or Case.objects.filter(applicant_user=user).exists():
        return None
    sid = next(_IDS)
    while Case.objects.filter(submission_id=sid).exists():
        sid = next(_IDS)
    assert user.jobcenter_id is not None
    now = submitted_at or timezone.now()
    reference = f"JC-DEMO-{sid:06d}"
    export_bytes = b'{"demo": true}'
    with translation.override("de"):
        pdf = render_receipt(
            reference=reference, form_title="Hauptantrag", form_version="2026.2",
            jobcenter=user.jobcenter.name if user.jobcenter else "",
            submitted_at_display=formats.date_format(timezone.localtime(now),
                                                     "SHORT_DATETIME_FORMAT"),
            channel_display="online", topics=[], attachments=[],
            fingerprint_value=hashlib.sha256(export_bytes).hexdigest(), language="de",
            timestamp=int(now.timestamp()))
    receipt = _stored(pdf, "Eingangsbestätigung", "application/pdf")
    export = _stored(export_bytes, "Antragsdaten", "application/json")
    return case_intake(submission=SubmissionForIntake(
        submission_id=sid, reference=reference, form_key="hauptantrag",
        form_version="2026.2", channel="online", user_id=user.pk, person_id=person.pk,
        jobcenter_id=user.jobcenter_id, submitted_at=now,
        answers={}, topics=[], sgb2_request=_request(month, person, netto),
        nothing_changed=False, receipt=receipt, export=export, attachments=[]))


def seed(email_of: dict[str, str]) -> None:
    """``email_of``: demo citizen name → e-mail address."""
    today = timezone.localdate()
    start = deadlines.add_months(today.replace(day=1), -3)
    staff = User.objects.filter(email__startswith="leistung@musterstadt.",
                                role=Role.LEISTUNG).first()
    if staff is None:
        return
    max_user = User.objects.filter(email=email_of["Max Mustermann"]).first()
    if max_user is not None:
        # his Antrag was sent in the first month of the period it opens (§ 37 Abs. 2 SGB II:
        # it goes back to the first of that month), not today
        case = _case(max_user, f"{start:%Y-%m}", 300.0,
                     submitted_at=timezone.make_aware(
                         dt.datetime(start.year, start.month, 2, 9, 30)))
        if case is not None:
            DeliveryPreference.objects.update_or_create(user=max_user,
                                                        defaults={"channel": "online"})
            decision = decision_create(case=case, decision_type_key="bewilligung", actor=staff)
            decision_finalize(decision=decision, actor=staff)
            bescheid_render(decision_id=decision.pk)  # now, not only after commit
            calculation = calculation_for_case(case=case, actor=staff)
            calculation_change(
                calculation=calculation, actor=staff,
                reason="Lohnabrechnungen nachgereicht: 520 € netto seit Leistungsbeginn",
                ops=[("set", "personen[0].einkommen[0].brutto", 520.0),
                     ("set", "personen[0].einkommen[0].netto", 520.0)])
            anhoerung = aufhebung.anhoerung_create(
                case=case, actor=staff, basis="48_nr3", facts=DEMO_FACTS,
                month_from=start, month_to=deadlines.add_months(start, 1),
                kenntnis_am=timezone.localdate())
            aufhebung.anhoerung_send(anhoerung=anhoerung, actor=staff)
            anhoerung_render(anhoerung_id=anhoerung.pk)
    erika = User.objects.filter(email=email_of["Erika Beispiel"]).first()
    if erika is not None:
        case = _case(erika, f"{today:%Y-%m}", 300.0)
        if case is not None:
            decision = vorlaeufig.provisional_create(case=case, actor=staff,
                                                     reason=vorlaeufig.default_reason())
            decision_finalize(decision=decision, actor=staff)
            bescheid_render(decision_id=decision.pk)
