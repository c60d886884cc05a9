"""Golden texts of the concerns' letters, read from the rendered PDF/A, and what every
letter must carry: a Bescheid its Rechtsbehelfsbelehrung (§ 36 SGB X), a refusal its
reasons (§ 35 SGB X), a letter that is no Verwaltungsakt neither."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from jobcenter.anliegen import registry, services
from jobcenter.decisions import services as decisions
from jobcenter.decisions.documents import bescheid_data, bescheid_pdf
from jobcenter.decisions.models import DeliveryPreference
from tests.factories import StaffFactory
from tests.minderungen.test_letters import _text

pytestmark = pytest.mark.django_db
MORNING = dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC)  # Thursday, 10:00 in Berlin


@pytest.fixture
def issue(citizen, caseworker, jobcenter, submit, django_capture_on_commit_callbacks):
    jobcenter.name, jobcenter.street = "Jobcenter Alpha", "Teststraße 1"
    jobcenter.postcode, jobcenter.city, jobcenter.email = "99001", "Teststadt", "post@alpha.example"
    jobcenter.save()
    decisions.delivery_preference_set(user=citizen, channel=DeliveryPreference.Channel.ONLINE)
    approver = StaffFactory(jobcenter=jobcenter, role="teamleitung")

    def run(form_key, outcome, answers=None, **kwargs):
        with time_machine.travel(MORNING, tick=False):
            _s, case = submit(citizen, form_key, answers)
            draft = services.anliegen_decide(case=case, actor=caseworker, outcome_key=outcome,
                                             **kwargs)
            with django_capture_on_commit_callbacks(execute=True):
                issued = decisions.decision_finalize(decision=draft, actor=caseworker)
            if issued.requires_four_eyes:
                with django_capture_on_commit_callbacks(execute=True):
                    issued = decisions.decision_approve(decision=issued, actor=approver)
        issued.refresh_from_db()
        return issued, bescheid_data(issued), _text(bescheid_pdf(issued))

    return run


ABSENCE = {"von": "2026-12-20", "bis": "2027-01-03", "ort": "Izmir, Türkei", "grund": "urlaub",
           "post": True}


def test_ortsabwesenheit_zustimmung_golden(issue):
    issued, data, text = issue("ortsabwesenheit", "zustimmung", ABSENCE)
    assert data["title"] == "Zustimmung zur Ortsabwesenheit"
    assert [p.replace("\xa0", " ") for p in data["paragraphs"][1:]] == [
        "auf Ihren Antrag vom 03.12.2026 stimmen wir Ihrem Aufenthalt außerhalb des näheren "
        "Bereichs vom 20.12.2026 bis 03.01.2027 (Izmir, Türkei) zu (§ 7b SGB II).",
        "Ohne wichtigen Grund ist eine Abwesenheit in der Regel bis zu drei Wochen im "
        "Kalenderjahr möglich (§ 7b Abs. 3 SGB II). Diese Abwesenheit wird darauf angerechnet.",
        "Während der Abwesenheit erhalten Sie Ihre Leistungen weiter. Bitte melden Sie sich am "
        "ersten Tag nach Ihrer Rückkehr wieder erreichbar, wenn wir Sie darum gebeten haben, "
        "und teilen Sie uns sofort mit, wenn sich der Zeitraum ändert. Eine längere Abwesenheit "
        "ohne Zustimmung kann dazu führen, dass für diese Zeit keine Leistungen zustehen.",
    ]
    assert "Rechtsbehelfsbelehrung" in text
    assert "Gegen diesen Bescheid können Sie innerhalb eines Monats" in text
    assert "Die Widerspruchsfrist endet danach am 07.01.2027" in text.replace("\xa0", " ")
    assert "Dieser Bescheid wurde elektronisch erstellt" in text
    assert issued.document_version_id is not None


def test_ortsabwesenheit_ablehnung_has_reasons_and_belehrung(issue):
    issued, data, text = issue("ortsabwesenheit", "ablehnung", ABSENCE,
                               reasons="Am 22.12.2026 beginnt Ihre Maßnahme.")
    assert issued.approved_by is not None  # a refusal: always four eyes
    assert data["title"] == "Ablehnung der Zustimmung zur Ortsabwesenheit"
    assert "stimmen wir nicht zu (§ 7b SGB II)" in text
    assert "Begründung Am 22.12.2026 beginnt Ihre Maßnahme." in text
    assert "Rechtsbehelfsbelehrung" in text


def test_a_report_is_confirmed_by_a_letter_without_belehrung(issue):
    issued, data, text = issue("arbeitsunfaehigkeit", "kenntnisnahme", {
        "krank_seit": "2026-12-01", "krank_bis": "2026-12-12", "folgebescheinigung": False,
        "au_bescheinigung": []})
    assert data["title"] == "Bestätigung Ihrer Krankmeldung"
    assert data["rechtsbehelf"] == []
    assert "Rechtsbehelfsbelehrung" not in text and "Widerspruch" not in text
    assert "Arbeitsunfähigkeit vom 01.12.2026 bis voraussichtlich 12.12.2026" in text
    assert "Dieses Schreiben wurde elektronisch erstellt und ist ohne Unterschrift gültig." in text


def test_bewerbungskosten_bewilligung_states_the_amount(issue):
    _issued, data, text = issue("bewerbungskosten", "bewilligung", amount=Decimal("1234.50"))
    assert data["title"] == "Bewilligung von Bewerbungs- und Fahrtkosten"
    assert "in Höhe von 1.234,50 € (§ 16 Abs. 1 SGB II in Verbindung mit § 44 SGB III)" in \
        text.replace("\xa0", " ")
    assert "Rechtsbehelfsbelehrung" in text


def test_an_amount_above_the_threshold_needs_four_eyes(citizen, caseworker, submit):
    _s, case = submit(citizen, "bewerbungskosten")
    draft = services.anliegen_decide(case=case, actor=caseworker, outcome_key="bewilligung",
                                     amount=Decimal("5000"))
    assert draft.requires_four_eyes
    small = submit(citizen, "bewerbungskosten")[1]
    assert not services.anliegen_decide(case=small, actor=caseworker,
                                        outcome_key="bewilligung",
                                        amount=Decimal("20")).requires_four_eyes


def test_ueberpruefung_stattgegeben_quotes_the_result(issue):
    _issued, _data, text = issue("ueberpruefung", "stattgegeben",
                                 details="Die Heizkosten von 80,00 € im Monat werden ab Mai "
                                         "2026 berücksichtigt.")
    assert "nach § 44 SGB X überprüft. Er war rechtswidrig" in text
    assert "Die Heizkosten von 80,00 € im Monat werden ab Mai 2026 berücksichtigt." in text
    assert "§ 40 Abs. 1 Satz 2 SGB II, § 44 Abs. 4 SGB X" in text


def test_akteneinsicht_appointment_offer_is_a_letter(issue):
    _issued, data, text = issue("akteneinsicht", "termin", appointment={
        "when": "2026-12-15T09:30", "day": "2026-12-15", "time": "09:30",
        "place": "Teststraße 1, Raum 204"})
    assert data["title"] == "Ihre Akteneinsicht: Terminangebot"
    assert "am 15.12.2026 um 09:30 Uhr, Teststraße 1, Raum 204" in text.replace("\xa0", " ")
    assert "Rechtsbehelfsbelehrung" not in text


def test_abmeldung_is_confirmed(issue):
    _issued, _data, text = issue("abmeldung", "bestaetigung", {"ab": "2027-01-01",
                                                               "grund": "arbeit"})
    assert "Ab dem 01.01.2027 brauchen Sie nach Ihren Angaben keine Leistungen" in text
    assert "Aufhebung nach § 48 SGB X" in text


@pytest.mark.parametrize("concern", [c.key for c in registry.concerns()])
def test_every_outcome_writes_a_letter_from_any_answers(concern):
    from jobcenter.anliegen.letters import letter_of

    entry = registry.get(concern)
    for answers in ({}, {"von": "kaputt", "bescheid_art": "unbekannt", "ab": None}):
        letter = letter_of({"answers": answers, "received": "2026-12-03", "amount": "12.00",
                            "details": "Text", "appointment": {"day": "2026-12-15"}})
        for outcome in entry.outcomes:
            texts = outcome.paragraphs(letter)
            assert texts and all(isinstance(t, str) for t in texts)
