"""The Überprüfungsantrag's "which Bescheid?": the options source ``eigene_bescheide``
offers only the subject's own issued Bescheide (never another citizen's, never another
Jobcenter's), online and on paper; the letter names the chosen Bescheid."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from jobcenter.anliegen import bescheid_choice
from jobcenter.anliegen import services as anliegen
from jobcenter.casefiles.models import Case
from jobcenter.decisions import services as decisions
from jobcenter.decisions.documents import bescheid_data, bescheid_pdf
from jobcenter.decisions.models import Decision
from jobcenter.formengine import registry
from jobcenter.formengine.services import draft_start
from jobcenter.households.models import Membership
from tests.antraege.test_paper_entry import begin, entry_of
from tests.conftest import login
from tests.factories import CitizenFactory, MembershipFactory, PersonFactory
from tests.zahlungen.helpers import issue

pytestmark = pytest.mark.django_db


def bescheid_of(user, *, days_ago: int = 40, status=Decision.Status.DELIVERED) -> Decision:
    person = user.person
    bg = Membership.objects.filter(person=person).first().bedarfsgemeinschaft
    decision = issue(
        bg,
        person,
        months=[dt.date(2026, 3, 1)],
        amounts={"p1": "563.00"},
        approved_at=timezone.now() - dt.timedelta(days=days_ago),
    )
    Decision.objects.filter(pk=decision.pk).update(status=status)
    decision.refresh_from_db()
    return decision


@pytest.fixture
def foreign_citizen(other_jobcenter):
    user = CitizenFactory(
        jobcenter=other_jobcenter, email="dora@beta.example", first_name="Dora", postcode="22222"
    )
    person = PersonFactory(
        jobcenter=other_jobcenter, user=user, first_name="Dora", last_name="Dorn"
    )
    MembershipFactory(person=person, bedarfsgemeinschaft__jobcenter=other_jobcenter)
    return user


def keys(options) -> list[str]:
    return [o.key for o in options]


def test_the_source_lists_only_the_subjects_own_bescheide(citizen, other_citizen, foreign_citizen):
    own = bescheid_of(citizen)
    theirs = bescheid_of(other_citizen)
    foreign = bescheid_of(foreign_citizen)
    draft_only = bescheid_of(citizen, status=Decision.Status.DRAFT)

    online = keys(bescheid_choice.bescheid_options({}, citizen))
    assert online == [f"bescheid-{own.pk}", "anderer"]
    on_paper = keys(bescheid_choice.bescheid_options({}, citizen.person))
    assert on_paper == [f"bescheid-{own.pk}", "anderer"]
    for other in (theirs, foreign, draft_only):
        assert f"bescheid-{other.pk}" not in online + on_paper
    assert keys(bescheid_choice.bescheid_options({}, other_citizen)) == [
        f"bescheid-{theirs.pk}",
        "anderer",
    ]
    # No subject, or a staff account: nothing personal.
    assert keys(bescheid_choice.bescheid_options({}, None)) == ["anderer"]


def test_the_label_names_title_date_and_number_per_language(citizen):
    own = bescheid_of(citizen)
    label = bescheid_choice.bescheid_options({}, citizen)[0].label
    with translation.override("de"):
        day_de = f"{own.letter_date.day}. "
    assert label["de"].startswith("Bewilligung vom " + day_de)
    assert f"(Bescheid-Nr. {own.reference})" in label["de"]
    assert str(own.letter_date.year) in label["en"] and own.reference in label["en"]
    assert own.letter_date.isoformat() not in label["de"] + label["en"]


def test_online_another_citizens_bescheid_is_an_invalid_choice(client, citizen, other_citizen):
    theirs = bescheid_of(other_citizen)
    own = bescheid_of(citizen)
    draft = draft_start(user=citizen, form=registry.get_form("ueberpruefung"))
    login(client, citizen)
    page = client.get(reverse("formengine:page", args=[draft.public_id, "bescheid"]))
    html = page.content.decode()
    assert own.reference in html and theirs.reference not in html
    assert "Ein anderer Bescheid oder ich weiß es nicht" in html
    response = client.post(
        reverse("formengine:page", args=[draft.public_id, "bescheid"]),
        {
            "bescheid": f"bescheid-{theirs.pk}",
            "begruendung": "Falsch.",
            "_action": "next",
            "_version": draft.version,
        },
    )
    assert response.status_code in (200, 400)
    draft.refresh_from_db()
    assert draft.answers.get("bescheid") != f"bescheid-{theirs.pk}"


def test_paper_staff_pick_from_the_persons_bescheide_and_the_letter_names_it(
    client, caseworker, citizen, other_citizen, django_capture_on_commit_callbacks
):
    own = bescheid_of(citizen)
    theirs = bescheid_of(other_citizen)
    login(client, caseworker)
    entry = entry_of(begin(client, citizen.person, "ueberpruefung"))
    html = client.get(reverse("paper:page", args=[entry.public_id, "bescheid"])).content.decode()
    assert own.reference in html and theirs.reference not in html
    entry.draft.refresh_from_db()
    response = client.post(
        reverse("paper:page", args=[entry.public_id, "bescheid"]),
        {
            "bescheid": f"bescheid-{own.pk}",
            "begruendung": "Die Heizkosten fehlen.",
            "_action": "next",
            "_version": entry.draft.version,
        },
    )
    assert response["Location"] == reverse("paper:summary", args=[entry.public_id])
    summary = client.get(response["Location"]).content.decode()
    assert f"Bescheid-Nr. {own.reference}" in summary
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("paper:submit", args=[entry.public_id]))
    entry.refresh_from_db()
    case = Case.objects.get(submission_id=entry.submission_id)
    assert case.data["bescheid"] == f"bescheid-{own.pk}"
    draft = anliegen.anliegen_decide(
        case=case,
        actor=caseworker,
        outcome_key="stattgegeben",
        details="Die Heizkosten werden berücksichtigt.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        issued = decisions.decision_finalize(decision=draft, actor=caseworker)
    if os.environ.get("PAPIER_PDF"):  # for looking at it: pdftoppm -png -r 80
        with open(os.environ["PAPIER_PDF"], "wb") as out:
            out.write(bescheid_pdf(issued))
    text = " ".join(bescheid_data(issued)["paragraphs"]).replace("\xa0", " ")
    assert (
        f"haben wir unseren Bescheid „Bewilligung“ vom {own.letter_date:%d.%m.%Y} "
        f"(Bescheid-Nr. {own.reference}) nach § 44 SGB X überprüft. Er war rechtswidrig"
    ) in text


def test_paper_another_jobcenters_caseworker_sees_no_bescheide(client, citizen, other_caseworker):
    bescheid_of(citizen)
    login(client, other_caseworker)
    assert begin(client, citizen.person, "ueberpruefung").status_code == 404


def test_another_described_bescheid_is_named_as_described(
    citizen, caseworker, submit, django_capture_on_commit_callbacks
):
    answers = {
        "bescheid": "anderer",
        "bescheid_beschreibung": "Heizkosten-Bescheid",
        "bescheid_art": "bewilligung",
        "begruendung": "Zu wenig.",
    }
    _s, case = submit(citizen, "ueberpruefung", answers)
    draft = anliegen.anliegen_decide(
        case=case, actor=caseworker, outcome_key="abgelehnt", reasons="Die Berechnung ist richtig."
    )
    text = " ".join(bescheid_data(draft)["paragraphs"]).replace("\xa0", " ")
    assert (
        "haben wir den von Ihnen genannten Bewilligungs- oder Änderungsbescheid "
        "(„Heizkosten-Bescheid“) nach § 44 SGB X überprüft."
    ) in text
