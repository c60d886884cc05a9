"""Paper entry of the concerns: staff enter an Anliegen (or a ``bedarfe`` concern) from
paper on the same form pages as the four applications; the result is the same case type,
receipt (dated from the Eingangsdatum), decision and letter as online."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pypdf
import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import formats, timezone, translation

from jobcenter.anliegen import registry as anliegen_registry
from jobcenter.anliegen import services as anliegen
from jobcenter.antraege.models import PaperEntry, Submission
from jobcenter.casefiles.models import Case, DocumentVersion
from jobcenter.core.arbeitstage import processing_due
from jobcenter.decisions import services as decisions
from jobcenter.decisions.documents import bescheid_data
from jobcenter.formengine import registry as forms_registry
from jobcenter.formengine.models import Draft
from jobcenter.formengine.registry import StartCheck
from tests.anliegen.conftest import ANSWERS
from tests.antraege.test_paper_entry import begin, days_ago, entry_of
from tests.bedarfe.conftest import ANSWERS as BEDARFE_ANSWERS
from tests.conftest import login

pytestmark = pytest.mark.django_db


def pdf_text(storage_name: str) -> str:
    with default_storage.open(storage_name, "rb") as handle:
        reader = pypdf.PdfReader(io.BytesIO(handle.read()))
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))


def erfassen(client, entry: PaperEntry, answers: dict, capture) -> Case:
    """Answers typed in (the pages themselves are tested with the four applications and
    in the browser test), the summary, then "Erfassen" twice (a double click)."""
    draft = entry.draft
    draft.answers = {**draft.answers, **answers}
    draft.save(update_fields=["answers"])
    summary = client.get(reverse("paper:summary", args=[entry.public_id]))
    assert summary.status_code == 200
    assert "Erfassen" in summary.content.decode()
    with capture(execute=True):
        first = client.post(reverse("paper:submit", args=[entry.public_id]))
        again = client.post(reverse("paper:submit", args=[entry.public_id]))
    assert first.status_code == again.status_code == 302
    assert Submission.objects.filter(draft_key=str(draft.public_id)).count() == 1
    submission = Submission.objects.get(draft_key=str(draft.public_id))
    case = Case.objects.get(submission_id=submission.pk)
    assert client.get(first["Location"])["Location"] == reverse("casefiles:case", args=[case.pk])
    return case


def test_the_start_offers_every_concern_grouped_like_the_catalogue(client, caseworker, citizen):
    login(client, caseworker)
    html = client.get(reverse("paper:person", args=[citizen.person.pk])).content.decode()
    assert '<optgroup label="Anträge auf Grundsicherungsgeld">' in html
    for concern in anliegen_registry.concerns():
        assert f'value="{concern.key}"' in html, concern.key
    for _key, title in anliegen_registry.groups():
        if any(c.group == _key for c in anliegen_registry.concerns()):
            assert f'<optgroup label="{title}">' in html, title


def test_paper_ortsabwesenheit_end_to_end(
    client, caseworker, citizen, django_capture_on_commit_callbacks
):
    login(client, caseworker)
    received_on = days_ago(3)
    entry = entry_of(begin(client, citizen.person, "ortsabwesenheit", received_on=received_on))
    # The form engine's own first page, for staff.
    page = client.get(
        reverse("paper:page", args=[entry.public_id, entry.draft.definition.pages[0].key])
    )
    assert page.status_code == 200 and "Alice" in page.content.decode()

    case = erfassen(client, entry, ANSWERS["ortsabwesenheit"](), django_capture_on_commit_callbacks)
    submission = Submission.objects.get(pk=case.submission_id)
    assert case.case_type.key == "ortsabwesenheit" and case.form_key == "ortsabwesenheit"
    assert submission.channel == Submission.Channel.PAPIER
    assert submission.entered_by == caseworker and submission.user == citizen
    assert timezone.localdate(case.received_at) == received_on
    # The receipt is filed in the eAkte; it counts from the Eingangsdatum.
    receipt = DocumentVersion.objects.get(
        document__case=case, document__document_type__key="eingangsbestaetigung"
    )
    text = pdf_text(receipt.storage_name)
    with translation.override("de"):
        day = formats.date_format(received_on, "j. F Y")
    # the day is one unbreakable unit (non-breaking spaces; the extraction may give either)
    assert f"Ihr Antrag ist am {day} eingegangen" in text.replace("\u00a0", " "), text
    assert DocumentVersion.objects.filter(
        document__case=case, document__document_type__key="antrag_scan"
    ).exists()
    # The staff decision screen and the letter, as online.
    assert client.get(reverse("anliegen:decide", args=[case.pk])).status_code == 200
    draft = anliegen.anliegen_decide(case=case, actor=caseworker, outcome_key="zustimmung")
    with django_capture_on_commit_callbacks(execute=True):
        issued = decisions.decision_finalize(decision=draft, actor=caseworker)
    data = bescheid_data(issued)
    assert data["title"] == "Zustimmung zur Ortsabwesenheit"
    assert f"auf Ihren Antrag vom {received_on:%d.%m.%Y}" in data["paragraphs"][1]


def test_paper_darlehen_end_to_end(client, caseworker, citizen, django_capture_on_commit_callbacks):
    login(client, caseworker)
    received_on = days_ago(10)
    entry = entry_of(begin(client, citizen.person, "darlehen", received_on=received_on))
    answers = {k: v for k, v in BEDARFE_ANSWERS["darlehen"]().items() if v != "FILE"}
    case = erfassen(client, entry, answers, django_capture_on_commit_callbacks)
    assert case.case_type.key == anliegen_registry.get("darlehen").case_type
    assert timezone.localdate(case.received_at) == received_on
    # the standard counts working days from the day of receipt (§ 37 SGB II)
    assert timezone.localdate(case.due_at) == processing_due(
        received_on, case.case_type.processing_days, case.jobcenter.land)
    draft = anliegen.anliegen_decide(
        case=case, actor=caseworker, outcome_key="bewilligung", amount=Decimal("300.00")
    )
    with django_capture_on_commit_callbacks(execute=True):
        issued = decisions.decision_finalize(decision=draft, actor=caseworker)
    text = " ".join(bescheid_data(issued)["paragraphs"]).replace("\xa0", " ")
    assert "für „Kühlschrank“ ein Darlehen in Höhe von 300,00 €" in text


def test_paper_answers_are_checked_with_the_forms_rules(
    client, caseworker, citizen, django_capture_on_commit_callbacks
):
    login(client, caseworker)
    entry = entry_of(begin(client, citizen.person, "darlehen"))
    answers = {k: v for k, v in BEDARFE_ANSWERS["darlehen"]().items() if v != "FILE"}
    answers.pop("darlehen_betrag")
    entry.draft.answers = {**entry.draft.answers, **answers}
    entry.draft.save(update_fields=["answers"])
    response = client.post(reverse("paper:submit", args=[entry.public_id]), follow=True)
    assert "Die Angaben sind unvollständig oder fehlerhaft" in response.content.decode()
    assert not Submission.objects.exists()


def test_a_concerns_start_check_applies_to_the_person(client, caseworker, citizen, monkeypatch):
    monkeypatch.setitem(
        forms_registry._start_checks,
        "akteneinsicht",
        lambda user: StartCheck(allowed=user != citizen, text="Nur mit laufender Bewilligung."),
    )
    login(client, caseworker)
    response = begin(client, citizen.person, "akteneinsicht")
    assert response.status_code == 400
    html = response.content.decode()
    assert "kann für Alice" in html and "Nur mit laufender Bewilligung." in html
    assert not PaperEntry.objects.exists() and not Draft.objects.exists()


def test_three_actors(client, caseworker, citizen, other_citizen, other_caseworker):
    # Another Jobcenter's caseworker cannot enter paper for this person (404, nothing made).
    login(client, other_caseworker)
    assert begin(client, citizen.person, "ortsabwesenheit").status_code == 404
    assert not PaperEntry.objects.exists()
    # Citizens (the person themself and another) have no staff screen.
    for user in (citizen, other_citizen):
        login(client, user)
        assert begin(client, citizen.person, "ortsabwesenheit").status_code == 403
    # The own Jobcenter's caseworker can; the other Jobcenter cannot open that entry.
    login(client, caseworker)
    entry = entry_of(begin(client, citizen.person, "ortsabwesenheit"))
    login(client, other_caseworker)
    assert client.get(reverse("paper:summary", args=[entry.public_id])).status_code == 404
    assert client.post(reverse("paper:submit", args=[entry.public_id])).status_code == 404
