"""A family household for the Bescheid tests of issue 14 (facts, chain, four eyes,
Weiterbewilligung): Ayşe Yılmaz (applicant, with an account and an IBAN), her partner
Mehmet and their daughter Elif, with customer numbers; and helpers that issue a Bescheid,
render it and read its text with ``pdftotext`` as a reader of the letter would."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections.abc import Sequence

from django.core.files.storage import default_storage
from django.utils import timezone

from jobcenter.antraege.models import Submission
from jobcenter.decisions import services
from jobcenter.decisions.models import Decision
from jobcenter.households.models import Person
from jobcenter.households.services import MemberSpec, household_create
from tests.factories import CitizenFactory

IBAN = "DE89370400440532013000"


#: Two more children for a household of five whose year has several runs of months: Deniz
#: turns 14 in April 2027 (Regelbedarfsstufe 4 from then) and Can turns 6 in June 2027.
MORE_CHILDREN = [("Deniz", dt.date(2013, 4, 10)), ("Can", dt.date(2021, 6, 20))]


def family_request(monat: str = "2027-01", netto: float = 720.0, brutto: float = 900.0,
                   vermoegen: float | None = None,
                   more_children: Sequence[tuple[str, dt.date]] = ()) -> dict:
    request = {
        "monat": monat, "leistungsbeginn": "2026-12",
        "personen": [
            {"id": "P1", "rolle": "antragsteller", "geburtsdatum": "1985-05-17",
             "einkommen": [{"art": "erwerbseinkommen", "brutto": brutto, "netto": netto}]},
            {"id": "P2", "rolle": "partner", "geburtsdatum": "1983-02-01"},
            {"id": "P3", "rolle": "kind", "geburtsdatum": "2015-09-03",
             "einkommen": [{"art": "kindergeld", "betrag": 259}]},
        ],
        "unterkunft": {"bruttokaltmiete": 650.0, "heizkosten": 110.0, "warmwasser": "zentral",
                       "personen_im_haushalt": 3},
    }
    for number, (_name, born) in enumerate(more_children, start=4):
        request["personen"].append({"id": f"P{number}", "rolle": "kind",
                                    "geburtsdatum": born.isoformat(),
                                    "einkommen": [{"art": "kindergeld", "betrag": 259}]})
    request["unterkunft"]["personen_im_haushalt"] = len(request["personen"])
    if vermoegen is not None:
        request["personen"][0]["vermoegen"] = vermoegen
    return request


def make_family(jobcenter, *, sex: str = Person.Sex.FEMALE, email: str = "ayse@example.org",
                iban: str = IBAN, more_children: Sequence[tuple[str, dt.date]] = ()):
    user = CitizenFactory(jobcenter=jobcenter, email=email, first_name="Ayşe",
                          last_name="Yılmaz", postcode="99001")
    household_create(
        jobcenter=jobcenter, valid_from=dt.date(2026, 1, 1), street="Lindenweg 4",
        postcode="99001", city="Teststadt", customer_number_prefix="07",
        members=[
            MemberSpec("Ayşe", "Yılmaz", dt.date(1985, 5, 17), "antragsteller", sex=sex,
                       user=user),
            MemberSpec("Mehmet", "Yılmaz", dt.date(1983, 2, 1), "partner", sex="m"),
            MemberSpec("Elif", "Yılmaz", dt.date(2015, 9, 3), "kind", sex="w"),
            *(MemberSpec(name, "Yılmaz", born, "kind", sex="m") for name, born in more_children),
        ])
    if iban:
        now = timezone.now()
        Submission.objects.create(
            jobcenter=jobcenter, user=user, channel="online", form_key="hauptantrag",
            form_version="2026-01", reference=f"IB-{user.pk:06d}", submitted_at=now,
            received_on=timezone.localdate(now), answers={"iban": iban}, fingerprint="0" * 64,
            export_name="x", export_sha256="0" * 64, export_size=1)
    return user


def issue(decision: Decision, *, by, approver=None, capture=None) -> Decision:
    """Finalize (and approve where four eyes apply); render the PDF after commit."""
    if capture is None:
        raise ValueError("pass django_capture_on_commit_callbacks")
    with capture(execute=True):
        decision = services.decision_finalize(decision=decision, actor=by)
        if decision.status == Decision.Status.AWAITING_APPROVAL:
            decision = services.decision_approve(decision=decision, actor=approver)
    decision.refresh_from_db()
    return decision


def pdf_bytes(decision: Decision) -> bytes:
    with default_storage.open(decision.document_version.storage_name, "rb") as handle:
        return handle.read()


def pdf_text(pdf: bytes) -> str:
    """The text a reader sees, extracted with pdftotext (lines as laid out)."""
    done = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"], input=pdf,
                          capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def normalised(text: str) -> str:
    """Golden-file form: keys that differ between runs replaced, whitespace collapsed."""
    text = re.sub(r"JC-\d{4}-\d{6}-B\d+", "JC-REF-B#", text)
    text = re.sub(r"JC-\d{4}-\d{6}", "JC-REF", text)
    text = re.sub(r"\b\d{3}[A-Z]\d{6}\b", "KDNR", text)  # households.services.numbering
    text = re.sub(r"\b\d{5}BG\d{7}\b", "BGNR", text)
    text = re.sub(r"Jobcenter Teststadt \d+", "Jobcenter Teststadt", text)
    text = re.sub(r"jc\d+@jobcenter\.example", "jc@jobcenter.example", text)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(line for line in lines if line) + "\n"
