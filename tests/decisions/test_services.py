"""Calculation history, decisions, four-eyes, PDF/A, delivery and deadlines."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import pypdf
import pytest
from django.core.files.storage import default_storage

from jobcenter.core import sgb2_adapter as engine
from jobcenter.core.roles import Role
from jobcenter.decisions import services
from jobcenter.decisions.deadlines import objection_deadline, presumed_delivery
from jobcenter.decisions.models import Decision, DeliveryPreference
from jobcenter.decisions.selectors import bescheide_for_citizen
from jobcenter.notifications.models import Notification
from tests.decisions.conftest import sgb2_request
from tests.factories import StaffFactory


def _pdf(decision: Decision) -> bytes:
    with default_storage.open(decision.document_version.storage_name, "rb") as handle:
        return handle.read()


def _text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return " ".join(page.extract_text() for page in reader.pages)


def test_calculation_is_prefilled_from_the_submission(calc_case, caseworker):
    calc = services.calculation_for_case(case=calc_case, actor=caseworker)
    assert calc.request["unterkunft"]["bruttokaltmiete"] == 450.0
    assert calc.result["summe"]["zahlbetrag"] == engine.calculate(sgb2_request())["summe"][
        "zahlbetrag"]


def test_a_change_needs_a_reason_and_is_kept_in_the_history(calc_case, caseworker):
    calc = services.calculation_for_case(case=calc_case, actor=caseworker)
    before = calc.result["summe"]["zahlbetrag"]
    with pytest.raises(services.DecisionError):
        services.calculation_change(calculation=calc, actor=caseworker, reason=" ",
                                    ops=[("set", "unterkunft.bruttokaltmiete", 500.0)])
    calc = services.calculation_change(
        calculation=calc, actor=caseworker, reason="Neuer Mietvertrag vom 1.12.",
        ops=[("set", "unterkunft.bruttokaltmiete", 500.0)])
    assert calc.result["summe"]["zahlbetrag"] == before + 50
    change = calc.changes.get()
    assert (change.path, change.old, change.new, change.reason, change.actor) == (
        "unterkunft.bruttokaltmiete", 450.0, 500.0, "Neuer Mietvertrag vom 1.12.", caseworker)
    assert calc.manual_changes == 1


def test_invalid_input_reports_the_engine_message_and_stores_nothing(calc_case, caseworker):
    calc = services.calculation_for_case(case=calc_case, actor=caseworker)
    with pytest.raises(engine.CalculationInputError) as info:
        services.calculation_change(calculation=calc, actor=caseworker, reason="Tippfehler",
                                    ops=[("set", "personen[0].geburtsdatum", "31.02.1985")])
    assert info.value.errors[0][0] == "personen[0].geburtsdatum"
    calc.refresh_from_db()
    assert calc.request["personen"][0]["geburtsdatum"] == "1985-05-17"
    assert not calc.changes.exists()


def test_bewilligung_has_amounts_per_person_and_month(calc_case, caseworker):
    decision = services.decision_create(case=calc_case, decision_type_key="bewilligung",
                                        actor=caseworker)
    assert decision.period_from == dt.date(2027, 1, 1)
    months = sorted({a.month for a in decision.amounts.all()})
    assert len(months) in {6, 12}
    assert decision.period_to == services._month_end(months[-1])
    assert decision.monthly_total == Decimal("933.00")
    assert decision.snapshot["request"]["monat"] == "2027-01"
    assert decision.snapshot["rechtsstand"]
    assert not decision.requires_four_eyes


def test_ablehnung_needs_reasons_and_four_eyes(calc_case, caseworker):
    with pytest.raises(services.DecisionError):
        services.decision_create(case=calc_case, decision_type_key="ablehnung",
                                 actor=caseworker)
    decision = services.decision_create(case=calc_case, decision_type_key="ablehnung",
                                        actor=caseworker,
                                        reasons="Fehlende Mitwirkung (§ 66 SGB I).")
    assert decision.requires_four_eyes
    decision = services.decision_finalize(decision=decision, actor=caseworker)
    assert decision.status == Decision.Status.AWAITING_APPROVAL


def test_amount_above_threshold_requires_four_eyes(calc_case, caseworker, settings):
    settings.DECISIONS_FOUR_EYES_THRESHOLD_EUR = 900
    decision = services.decision_create(case=calc_case, decision_type_key="bewilligung",
                                        actor=caseworker)
    assert decision.requires_four_eyes
    settings.DECISIONS_FOUR_EYES_THRESHOLD_EUR = 2000
    assert not services.four_eyes_required(decision_type=decision.decision_type,
                                           monthly_total=Decimal("933"))


def test_the_creator_cannot_approve_their_own_decision(calc_case, caseworker):
    decision = services.decision_create(case=calc_case, decision_type_key="ablehnung",
                                        actor=caseworker, reasons="Kein Anspruch.")
    services.decision_finalize(decision=decision, actor=caseworker)
    with pytest.raises(services.DecisionError, match="selbst"):
        services.decision_approve(decision=decision, actor=caseworker)
    decision.refresh_from_db()
    assert decision.status == Decision.Status.AWAITING_APPROVAL


@pytest.mark.parametrize("who", ["vermittlung", "jc_admin", "other_jc"])
def test_only_leistung_or_teamleitung_of_the_same_jobcenter_approve(
        who, calc_case, caseworker, jobcenter, other_teamlead):
    approver = other_teamlead if who == "other_jc" else StaffFactory(
        jobcenter=jobcenter, role=Role.VERMITTLUNG if who == "vermittlung"
        else Role.JOBCENTER_ADMIN)
    decision = services.decision_create(case=calc_case, decision_type_key="ablehnung",
                                        actor=caseworker, reasons="Kein Anspruch.")
    services.decision_finalize(decision=decision, actor=caseworker)
    with pytest.raises(services.DecisionError):
        services.decision_approve(decision=decision, actor=approver)


def test_teamlead_approves_and_the_pdf_is_pdfa_with_content(
        make_calc_case, caseworker, teamlead, citizen, django_capture_on_commit_callbacks):
    request = sgb2_request()
    request["personen"][0]["vermoegen"] = 60000
    calc_case = make_calc_case(citizen, request=request)
    decision = services.decision_create(case=calc_case, decision_type_key="ablehnung",
                                        actor=caseworker, reasons="Das Vermögen übersteigt "
                                        "den Freibetrag.")
    services.decision_finalize(decision=decision, actor=caseworker)
    with django_capture_on_commit_callbacks(execute=True):  # the PDF renders after commit
        decision = services.decision_approve(decision=decision, actor=teamlead)
    decision.refresh_from_db()
    assert decision.approved_by == teamlead
    pdf = _pdf(decision)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    xmp = reader.xmp_metadata.stream.get_data().decode("utf-8")
    assert re.search(r"pdfaid:part(>|=\")2", xmp)
    text = _text(pdf)
    assert calc_case.reference in text
    assert "Rechtsbehelfsbelehrung" in text
    assert "Widerspruch" in text and "innerhalb eines Monats" in text
    assert "ohne Unterschrift gültig" in text
    assert "Vermögen übersteigt" in text
    # the asset check with the allowances, not a need sheet with an entitlement
    assert "Vermögensprüfung" in text and "Freibeträge der Bedarfsgemeinschaft" in text
    assert "Berechnungsbogen" not in text
    assert not re.search(r"Anspruch[^\n]*\d,\d\d €", text)
    assert decision.document_version.sha256 and decision.document_version.size == len(pdf)


def test_post_delivery_goes_to_the_print_list_then_counts_from_posting(
        calc_case, caseworker, citizen, mailoutbox, django_capture_on_commit_callbacks):
    decision = services.decision_create(case=calc_case, decision_type_key="bewilligung",
                                        actor=caseworker)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decision = services.decision_finalize(decision=decision, actor=caseworker)
    decision.refresh_from_db()  # the PDF was rendered after commit
    assert (decision.status, decision.channel) == (Decision.Status.APPROVED, "post")
    # By post: the e-mail says only that there is news (no Bescheid in the account yet).
    notice = Notification.objects.get(user=citizen)
    assert notice.template == "status_changed" and notice.link_path == "/portal/anliegen/"
    assert [m.to for m in mailoutbox] == [[citizen.email]]
    assert decision.presumed_delivery is None
    assert not bescheide_for_citizen(citizen).exists()
    assert not decision.document_version.document.visible_to_citizen
    text = _text(_pdf(decision))
    assert "933,00 €" in text and calc_case.reference in text
    assert "Berechnungsbogen" in text and "Regelbedarf" in text
    services.decisions_mark_posted(decisions=[decision], actor=caseworker,
                                   posted_on=dt.date(2026, 11, 24))
    decision.refresh_from_db()
    assert decision.status == Decision.Status.DELIVERED
    assert decision.presumed_delivery == dt.date(2026, 11, 28)
    assert decision.objection_deadline == dt.date(2026, 12, 28)
    assert list(bescheide_for_citizen(citizen)) == [decision]


def test_online_delivery_when_the_citizen_chose_it(calc_case, caseworker, citizen, mailoutbox,
                                                   django_capture_on_commit_callbacks):
    services.delivery_preference_set(user=citizen, channel=DeliveryPreference.Channel.ONLINE)
    decision = services.decision_create(case=calc_case, decision_type_key="bewilligung",
                                        actor=caseworker)
    with django_capture_on_commit_callbacks(execute=True):
        decision = services.decision_finalize(decision=decision, actor=caseworker)
    decision.refresh_from_db()  # the PDF was rendered after commit
    today = decision.letter_date
    assert decision.status == Decision.Status.DELIVERED and decision.channel == "online"
    assert decision.presumed_delivery == presumed_delivery(today)
    assert decision.objection_deadline == objection_deadline(presumed_delivery(today))
    assert decision.document_version.document.visible_to_citizen
    assert list(bescheide_for_citizen(citizen)) == [decision]
    assert mailoutbox, "the citizen gets an e-mail notice"
    body = mailoutbox[-1].body + mailoutbox[-1].subject
    assert "933" not in body and calc_case.reference not in body and "Alice" not in body
    # The notice says a Bescheid waits in the account and links to the citizen's Bescheide.
    notice = Notification.objects.get(user=citizen, template="bescheid_available")
    assert notice.link_path == "/portal/dokumente/" and "/portal/dokumente/" in body
    assert notice.status == Notification.Status.SENT


def test_the_deadline_counts_the_holidays_of_the_jobcenters_land(
        citizen, make_citizen, make_calc_case, caseworker):
    """Posted on Friday 23 April 2027 → notified 27 April → the month ends on Thursday
    27 May 2027, Fronleichnam: a holiday in Nordrhein-Westfalen, not in Berlin."""
    users = iter([citizen, make_citizen("Berta", "Berg")])  # one Bewilligung per BG
    for land, deadline in [("NW", dt.date(2027, 5, 28)), ("BE", dt.date(2027, 5, 27))]:
        calc_case = make_calc_case(next(users))
        jobcenter = calc_case.jobcenter
        jobcenter.land = land
        jobcenter.save(update_fields=["land"])
        decision = services.decision_create(case=calc_case, decision_type_key="bewilligung",
                                            actor=caseworker)
        decision = services.decision_finalize(decision=decision, actor=caseworker)
        services.decisions_mark_posted(decisions=[decision], actor=caseworker,
                                       posted_on=dt.date(2027, 4, 23))
        decision.refresh_from_db()
        assert decision.presumed_delivery == dt.date(2027, 4, 27)
        assert decision.objection_deadline == deadline


def test_default_delivery_is_post_without_an_explicit_choice(calc_case):
    assert services.delivery_channel_for(calc_case) == Decision.Channel.POST


def test_aenderung_needs_a_previous_decision(calc_case, caseworker):
    with pytest.raises(services.DecisionError):
        services.decision_create(case=calc_case, decision_type_key="aenderung",
                                 actor=caseworker)
