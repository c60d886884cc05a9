"""Changes for the past: Anhörung (§ 24 SGB X), then the Aufhebungs- und
Erstattungsbescheid (§§ 48, 50 SGB X, § 40 SGB II) with the claim per month and person."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from jobcenter.core import events
from jobcenter.decisions import services
from jobcenter.decisions.models import Anhoerung, Decision
from jobcenter.decisions.services import aufhebung
from tests.decisions.conftest import sgb2_request
from tests.decisions.past_fixtures import APRIL, _raise_income, pdf_text


def test_the_claim_per_month_and_person_is_computed_by_hand(anhoerung):
    # Minijob 300 € → anrechenbar 300 − 100 − 20 % × 200 = 160 €; 520 € → 520 − 100 −
    # 20 % × 420 = 336 €. The entitlement falls by 176 € a month, three months: 528 €.
    assert [(r["month"], r["person_name"], r["old"], r["new"], r["claim"])
            for r in anhoerung.positions] == [
        ("2027-01", "Alice Adler", "933.00", "757.00", "176.00"),
        ("2027-02", "Alice Adler", "933.00", "757.00", "176.00"),
        ("2027-03", "Alice Adler", "933.00", "757.00", "176.00"),
    ]
    assert anhoerung.total == Decimal("528.00")
    assert anhoerung.positions[0]["person_id"] == anhoerung.case.applicant_id


def test_months_in_the_future_are_not_for_an_anhoerung(bewilligt, caseworker):
    case, _decision = bewilligt
    with time_machine.travel(APRIL, tick=False), pytest.raises(services.DecisionError):
        aufhebung.anhoerung_create(case=case, actor=caseworker, basis="48_nr3", facts="x",
                                   month_from=dt.date(2027, 4, 1), month_to=dt.date(2027, 5, 1),
            kenntnis_am=dt.date(2027, 4, 1))


def test_below_the_bagatellgrenze_nothing_is_reclaimed(bewilligt, caseworker):
    case, _decision = bewilligt
    with time_machine.travel(APRIL, tick=False):
        # 320 € → anrechenbar 320 − 100 − 20 % × 220 = 176 €: 16 € a month, 48 € in three
        _raise_income(case, caseworker, 320.0)
        with pytest.raises(services.DecisionError, match="50 €"):
            aufhebung.anhoerung_create(
                case=case, actor=caseworker, basis="48_nr3", facts="x",
                month_from=dt.date(2027, 1, 1), month_to=dt.date(2027, 3, 1),
            kenntnis_am=dt.date(2027, 4, 1))


def test_fault_based_grounds_need_the_vertrauensschutz_reasoning(bewilligt, caseworker):
    case, _decision = bewilligt
    with time_machine.travel(APRIL, tick=False):
        _raise_income(case, caseworker, 520.0)
        with pytest.raises(services.DecisionError, match="Vertrauensschutz"):
            aufhebung.anhoerung_create(
                case=case, actor=caseworker, basis="48_nr2", facts="x",
                month_from=dt.date(2027, 1, 1), month_to=dt.date(2027, 3, 1),
            kenntnis_am=dt.date(2027, 4, 1))


def _send(anhoerung, caseworker, capture):
    with time_machine.travel(APRIL, tick=False), capture(execute=True):
        aufhebung.anhoerung_send(anhoerung=anhoerung, actor=caseworker)
    anhoerung.refresh_from_db()
    return anhoerung


def test_golden_text_of_the_anhoerungsschreiben(anhoerung, caseworker,
                                                django_capture_on_commit_callbacks):
    anhoerung = _send(anhoerung, caseworker, django_capture_on_commit_callbacks)
    # Sent online on Saturday 10.04.2027: deemed delivered 14.04., two weeks: 28.04.2027.
    assert anhoerung.status == Anhoerung.Status.SENT
    assert anhoerung.deadline == dt.date(2027, 4, 28)
    text = pdf_text(anhoerung.document_version)
    for golden in [
        "Anhörung vor einer Aufhebung und Erstattung (§ 24 SGB X)",
        "Guten Tag Alice Adler,",
        "Nach unseren Unterlagen haben Sie für die Zeit vom 01.01.2027 bis 31.03.2027 zu "
        "hohe Leistungen erhalten.",
        "Was wir wissen Seit Januar 2027 verdienen Sie 520 € netto im Monat.",
        "Wir beabsichtigen, den Bescheid vom 15.12.2026 für die Zeit vom 01.01.2027 bis "
        "31.03.2027 teilweise aufzuheben (§ 48 Abs. 1 Satz 2 Nr. 3 SGB X i. V. m. § 40 Abs. 1, "
        "Abs. 2 Nr. 3 SGB II, § 330 Abs. 3 Satz 1 SGB III) und die zu viel gezahlten "
        "Leistungen von insgesamt 528,00 € von Ihnen zurückzufordern (§ 50 Abs. 1 SGB X).",
        "Januar 2027 Alice Adler 933,00 € 757,00 € 176,00 €",
        "Bitte antworten Sie bis zum 28.04.2027",
        "Dieses Schreiben ist noch keine Entscheidung. Sie müssen jetzt nichts zurückzahlen.",
    ]:
        assert golden in text
    assert "Rechtsbehelfsbelehrung" not in text  # an Anhörung is no Verwaltungsakt


def test_by_post_the_deadline_runs_from_the_posting(make_calc_case, citizen, caseworker,
                                                    teamlead, django_capture_on_commit_callbacks):
    with time_machine.travel(dt.datetime(2026, 12, 15, 10, tzinfo=dt.UTC), tick=False):
        case = make_calc_case(citizen, request=sgb2_request(monat="2027-01"))
        decision = services.decision_create(case=case, decision_type_key="bewilligung",
                                            actor=caseworker)
        services.decision_finalize(decision=decision, actor=caseworker)
    with time_machine.travel(APRIL, tick=False):
        _raise_income(case, caseworker, 520.0)
        anhoerung = aufhebung.anhoerung_create(
            case=case, actor=caseworker, basis="48_nr3", facts="x",
            month_from=dt.date(2027, 1, 1), month_to=dt.date(2027, 2, 1),
            kenntnis_am=dt.date(2027, 4, 1))
        anhoerung = aufhebung.anhoerung_send(anhoerung=anhoerung, actor=caseworker)
        assert anhoerung.status == Anhoerung.Status.PRINT and anhoerung.sent_at is None
        assert not aufhebung.can_decide(anhoerung, dt.date(2027, 12, 1))
    with time_machine.travel(dt.datetime(2027, 4, 13, 10, tzinfo=dt.UTC), tick=False):
        anhoerung = aufhebung.anhoerung_mark_posted(anhoerung=anhoerung, actor=caseworker,
                                                    posted_on=dt.date(2027, 4, 13))
    # posted Tuesday 13.04.: delivered 17.04., two weeks: Saturday 01.05. (holiday) → 03.05.
    assert anhoerung.deadline == dt.date(2027, 5, 3)


def test_decision_only_after_answer_or_deadline_and_event_once(
        anhoerung, caseworker, teamlead, citizen, django_capture_on_commit_callbacks):
    anhoerung = _send(anhoerung, caseworker, django_capture_on_commit_callbacks)
    with time_machine.travel(APRIL, tick=False), pytest.raises(services.DecisionError):
        aufhebung.erstattungsbescheid_create(anhoerung=anhoerung, actor=caseworker,
                                             reasons="zu früh")
    seen: list[dict] = []

    def handler(**payload):
        seen.append(payload)

    events.subscribe("decisions.erstattung_festgesetzt", handler)
    try:
        with time_machine.travel(dt.datetime(2027, 4, 29, 9, tzinfo=dt.UTC), tick=False):
            assert aufhebung.can_decide(anhoerung)  # the deadline (28.04.) has passed
            decision = aufhebung.erstattungsbescheid_create(
                anhoerung=anhoerung, actor=caseworker,
                reasons="Eine Stellungnahme ist nicht eingegangen.")
            assert decision.requires_four_eyes
            with django_capture_on_commit_callbacks(execute=True):
                services.decision_finalize(decision=decision, actor=caseworker)
            decision.refresh_from_db()
            assert decision.status == Decision.Status.AWAITING_APPROVAL
            with pytest.raises(services.DecisionError):  # never the creator
                services.decision_approve(decision=decision, actor=caseworker)
            with django_capture_on_commit_callbacks(execute=True):
                services.decision_approve(decision=decision, actor=teamlead)
            # a second delivery of the same outbox message publishes nothing again
            from jobcenter.decisions.tasks import erstattung_festgesetzt
            from jobcenter.outbox.models import OutboxMessage
            assert OutboxMessage.objects.filter(
                key=f"decisions.erstattung_festgesetzt:{decision.pk}").count() == 1
            aufhebung.erstattung_enqueue(decision)  # enqueued again: same key, no new row
            assert OutboxMessage.objects.filter(
                key=f"decisions.erstattung_festgesetzt:{decision.pk}").count() == 1
            assert erstattung_festgesetzt  # the task the outbox runs
    finally:
        events.unsubscribe("decisions.erstattung_festgesetzt", handler)
    norm = ("§ 48 Abs. 1 Satz 2 Nr. 3 SGB X i. V. m. § 40 Abs. 1, Abs. 2 Nr. 3 SGB II, "
            "§ 330 Abs. 3 Satz 1 SGB III, § 50 Abs. 1 SGB X")
    assert seen == [{
        "bescheid_id": decision.pk, "jobcenter_id": decision.case.jobcenter_id,
        "positions": [{"person_id": decision.case.applicant_id, "month": m, "amount": "176.00",
                       "rechtsgrundlage": norm} for m in ("2027-01", "2027-02", "2027-03")],
    }]
    decision.refresh_from_db()
    text = pdf_text(decision.document_version)
    for golden in [
        "Aufhebungs- und Erstattungsbescheid",
        "wir heben unseren Bescheid vom 15.12.2026 (Aktenzeichen "
        f"{decision.case.reference}) Ihnen gegenüber für die Zeit vom 01.01.2027 bis "
        "31.03.2027 teilweise auf, soweit er Ihnen höhere Leistungen bewilligt hat",
        "Sie müssen die Ihnen zu viel gezahlten Leistungen von insgesamt 528,00 € erstatten "
        "(§ 50 Abs. 1 SGB X).",
        "Januar 2027 bis März 2027 Alice Adler 757,00 €",
        "Wir haben Sie mit Schreiben vom 10.04.2027 angehört (§ 24 SGB X). Bis zum Ende der "
        "Frist haben Sie sich nicht geäußert.",
        "Alice Adler: 528,00 €",
        "Die Frist von einem Jahr seit Kenntnis der Tatsachen ist gewahrt (§ 48 Abs. 4 Satz 1 "
        "i. V. m. § 45 Abs. 4 Satz 2 SGB X, § 40 Abs. 1 Satz 1 SGB II): Von den Tatsachen, die "
        "die Aufhebung für die Vergangenheit rechtfertigen, haben wir am 01.04.2027 erfahren; "
        "die Frist endet am 01.04.2028.",
        "Auch die Frist von zehn Jahren (§ 48 Abs. 4 Satz 1 i. V. m. § 45 Abs. 3 Satz 3 SGB X) "
        "ist gewahrt; sie endet am 01.01.2037.",
        "höchstens 10 Prozent Ihres Regelbedarfs",  # § 43 Abs. 2 S. 1: § 48 Nr. 3 SGB X
        "Rechtsbehelfsbelehrung",
    ]:
        assert golden in text
    anhoerung.refresh_from_db()
    assert anhoerung.status == Anhoerung.Status.DECIDED
    with pytest.raises(services.DecisionError):  # one Bescheid per Anhörung
        aufhebung.erstattungsbescheid_create(anhoerung=anhoerung, actor=caseworker,
                                             reasons="noch einmal")


def test_the_citizen_answer_is_stored_once(anhoerung, caseworker, citizen,
                                           django_capture_on_commit_callbacks):
    anhoerung = _send(anhoerung, caseworker, django_capture_on_commit_callbacks)
    for _ in range(2):  # a double click
        anhoerung = aufhebung.anhoerung_answer(anhoerung=anhoerung, user=citizen,
                                               text="Ich habe das im Januar telefonisch gemeldet.")
    assert anhoerung.answer_text.count("telefonisch") == 1
    assert anhoerung.status == Anhoerung.Status.ANSWERED
    assert aufhebung.can_decide(anhoerung)


def test_a_retroactive_reduction_by_aenderungsbescheid_is_refused(bewilligt, caseworker):
    case, _decision = bewilligt
    with time_machine.travel(APRIL, tick=False):
        _raise_income(case, caseworker, 520.0)
        calc = services.calculation_for_case(case=case, actor=caseworker)
        services.calculation_change(calculation=calc, actor=caseworker, reason="ab Februar",
                                    ops=[("set", "monat", "2027-02")])
        with pytest.raises(services.DecisionError, match="Anhörung"):
            services.decision_create(case=case, decision_type_key="aenderung",
                                     actor=caseworker, period_from=dt.date(2027, 2, 1))
        # from the current month on it is an ordinary Änderungsbescheid
        services.calculation_change(calculation=calc, actor=caseworker, reason="ab April",
                                    ops=[("set", "monat", "2027-04")])
        change = services.decision_create(case=case, decision_type_key="aenderung",
                                          actor=caseworker, period_from=dt.date(2027, 4, 1))
        # not refused; but it takes effect on or before today (the current month is paid
        # in advance), so a second person approves it (decisions/policy.py)
        assert change.requires_four_eyes


def test_a_retroactive_increase_needs_four_eyes(bewilligt, caseworker):
    case, _decision = bewilligt
    with time_machine.travel(APRIL, tick=False):
        _raise_income(case, caseworker, 100.0)
        calc = services.calculation_for_case(case=case, actor=caseworker)
        services.calculation_change(calculation=calc, actor=caseworker, reason="ab Februar",
                                    ops=[("set", "monat", "2027-02")])
        change = services.decision_create(case=case, decision_type_key="aenderung",
                                          actor=caseworker, period_from=dt.date(2027, 2, 1))
    assert change.requires_four_eyes


def test_the_same_anhoerung_twice_is_one_and_a_draft_can_be_discarded(anhoerung, caseworker):
    with time_machine.travel(APRIL, tick=False):
        again = aufhebung.anhoerung_create(
            case=anhoerung.case, actor=caseworker, basis="48_nr3", facts=anhoerung.facts,
            month_from=dt.date(2027, 1, 1), month_to=dt.date(2027, 3, 1),
            kenntnis_am=dt.date(2027, 4, 1))
        assert again.pk == anhoerung.pk
        with pytest.raises(services.DecisionError, match="offene Anhörung"):
            aufhebung.anhoerung_create(
                case=anhoerung.case, actor=caseworker, basis="48_nr3", facts="anders",
                month_from=dt.date(2027, 2, 1), month_to=dt.date(2027, 2, 1),
            kenntnis_am=dt.date(2027, 4, 1))
        aufhebung.anhoerung_discard(anhoerung=anhoerung, actor=caseworker)
    assert not Anhoerung.objects.exists()


def test_the_citizen_gets_an_email_with_the_link_even_without_case_updates(
        anhoerung, caseworker, citizen, mailoutbox, django_capture_on_commit_callbacks):
    from django.urls import reverse

    from jobcenter.notifications.preferences import settings_set

    settings_set(user=citizen, case_updates=False, reminders=False)
    mailoutbox.clear()
    _send(anhoerung, caseworker, django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [citizen.email]
    assert "Sicht hören" in mail.subject
    assert reverse("anhoerung_citizen:detail", args=[anhoerung.pk]) in mail.body
    assert "176" not in mail.body  # no personal data in the mail


def test_after_the_erstattung_the_bewilligung_still_rules_the_later_months(
        anhoerung, caseworker, teamlead, citizen, django_capture_on_commit_callbacks):
    anhoerung = _send(anhoerung, caseworker, django_capture_on_commit_callbacks)
    bewilligung = anhoerung.decision
    with time_machine.travel(APRIL, tick=False):
        anhoerung = aufhebung.anhoerung_answer(anhoerung=anhoerung, user=citizen, text="Ja.")
        decision = aufhebung.erstattungsbescheid_create(anhoerung=anhoerung, actor=caseworker,
                                                        reasons="Bestätigt.")
        services.decision_finalize(decision=decision, actor=caseworker)
        with django_capture_on_commit_callbacks(execute=True):
            services.decision_approve(decision=decision, actor=teamlead)
        assert services.previous_final_decision(case=anhoerung.case) == bewilligung
        assert bewilligung in services.active_decisions(dt.date(2027, 5, 1))
        with pytest.raises(services.DecisionError, match="schon entschieden"):
            aufhebung.anhoerung_create(
                case=anhoerung.case, actor=caseworker, basis="48_nr3", facts="noch einmal",
                month_from=dt.date(2027, 3, 1), month_to=dt.date(2027, 3, 1),
            kenntnis_am=dt.date(2027, 4, 1))


def test_letter_date_and_deadline_are_berlin_days_across_the_dst_change(
        bewilligt, caseworker, django_capture_on_commit_callbacks):
    case, _decision = bewilligt
    # 27.03.2027 23:30 UTC is 28.03.2027 00:30 in Berlin, the night summer time begins (and
    # Easter Sunday). The letter is dated 28.03.; deemed delivered 01.04.; two weeks: 15.04.
    with time_machine.travel(dt.datetime(2027, 3, 27, 23, 30, tzinfo=dt.UTC), tick=False):
        _raise_income(case, caseworker, 520.0)
        anhoerung = aufhebung.anhoerung_create(
            case=case, actor=caseworker, basis="48_nr3", facts="Lohn 520 €",
            month_from=dt.date(2027, 1, 1), month_to=dt.date(2027, 3, 1),
            kenntnis_am=dt.date(2027, 3, 28))
        with django_capture_on_commit_callbacks(execute=True):
            anhoerung = aufhebung.anhoerung_send(anhoerung=anhoerung, actor=caseworker)
    assert anhoerung.letter_date == dt.date(2027, 3, 28)
    assert anhoerung.deadline == dt.date(2027, 4, 15)


def test_the_aufrechnung_share_follows_43_abs_2():
    from jobcenter.decisions.letters import _aufrechnung

    assert "10 Prozent" in _aufrechnung("aufhebung_erstattung", "48_nr3")
    assert "30 Prozent" in _aufrechnung("aufhebung_erstattung", "48_nr2")
    assert "30 Prozent" in _aufrechnung("aufhebung_erstattung", "45_nr2")
    assert "10 Prozent" in _aufrechnung("abschliessend")


def test_under_45_sgb_x_the_letters_speak_of_ruecknahme(bewilligt, caseworker,
                                                        django_capture_on_commit_callbacks):
    from jobcenter.decisions.letters import anhoerung_sections

    case, _decision = bewilligt
    with time_machine.travel(APRIL, tick=False):
        _raise_income(case, caseworker, 520.0)
        anhoerung = aufhebung.anhoerung_create(
            case=case, actor=caseworker, basis="45_nr2", facts="Sie gaben 300 € an.",
            trust="Sie kannten Ihren Arbeitsvertrag über 520 €.",
            month_from=dt.date(2027, 1, 1), month_to=dt.date(2027, 3, 1),
            kenntnis_am=dt.date(2027, 4, 1))
    text = " ".join(p for sec in anhoerung_sections(anhoerung) for p in sec["paragraphs"])
    assert "teilweise zurückzunehmen (§ 45 Abs. 2 Satz 3 Nr. 2 SGB X i. V. m. § 40 Abs. 1, " \
           "Abs. 2 Nr. 3 SGB II, § 330 Abs. 2 SGB III)" in text
    assert "Sie kannten Ihren Arbeitsvertrag über 520 €." in text
