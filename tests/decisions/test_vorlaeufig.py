"""§ 41a SGB II: provisional Bewilligung, request for proofs, abschließende Entscheidung
(average income per § 41a Abs. 4, its exceptions, Nachzahlung or Erstattung per Abs. 6).

Hand-computed: one person, Regelbedarf 563 €, rent 450 € + heating 80 € (need 1.093 €).
A Minijob is counted as netto − 100 € − 20 % of (brutto − 100 €) (§ 11b Abs. 2, 3 SGB II).
Provisionally 300 € a month were assumed: 300 − 100 − 40 = 160 € counted, 933 € paid.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from jobcenter.casefiles.models import DocumentRequest
from jobcenter.core import events
from jobcenter.decisions import services
from jobcenter.decisions.models import Decision
from jobcenter.decisions.services import vorlaeufig
from tests.decisions.conftest import sgb2_request
from tests.decisions.past_fixtures import pdf_text

MONTHS = [dt.date(2027, m, 1) for m in range(1, 7)]
JULY = dt.datetime(2027, 7, 15, 10, tzinfo=dt.UTC)


@pytest.fixture
def provisional(make_calc_case, citizen, caseworker, online,
                django_capture_on_commit_callbacks):
    with time_machine.travel(dt.datetime(2026, 12, 15, 10, tzinfo=dt.UTC), tick=False):
        case = make_calc_case(citizen, request=sgb2_request(monat="2027-01", netto=300.0))
        decision = vorlaeufig.provisional_create(case=case, actor=caseworker,
                                                 reason=vorlaeufig.default_reason())
        with django_capture_on_commit_callbacks(execute=True):
            services.decision_finalize(decision=decision, actor=caseworker)
    decision.refresh_from_db()
    return decision


def _proofs(*nettos):
    return {m: (None if n is None else (Decimal(n), Decimal(n))) for m, n in zip(MONTHS, nettos,
                                                                                 strict=True)}


def test_earners_get_six_months_and_the_golden_text(provisional):
    assert (provisional.period_from, provisional.period_to) == (dt.date(2027, 1, 1),
                                                                dt.date(2027, 6, 30))
    assert vorlaeufig.has_earnings(provisional.snapshot["request"])
    text = pdf_text(provisional.document_version)
    for golden in [
        "Vorläufiger Bewilligungsbescheid",
        "für die Zeit vom 01.01.2027 bis 30.06.2027 Grundsicherungsgeld vorläufig "
        "(§ 41a Abs. 1 SGB II) in der folgenden Höhe.",
        "Warum wir vorläufig entscheiden: Sie haben Einkommen aus einer Erwerbstätigkeit",
        "(§ 41a Abs. 1 Satz 1 Nr. 2 SGB II)",
        "geteilt durch die Zahl der Monate (§ 41a Abs. 4 SGB II)",
        "stellen wir für die Monate ohne Nachweis fest, dass kein Anspruch bestand "
        "(§ 41a Abs. 3 Satz 3 und 4 SGB II)",
        "Januar 2027 bis Juni 2027 Alice Adler, geb. 17.05.1985 933,00 €",
    ]:
        assert golden in text


def test_the_proofs_request_explains_41a_abs_3(provisional, caseworker):
    with time_machine.travel(dt.datetime(2027, 5, 20, 10, tzinfo=dt.UTC), tick=False), \
            pytest.raises(services.DecisionError):
        vorlaeufig.proofs_request(decision=provisional, actor=caseworker,
                                  deadline=dt.date(2027, 6, 30))
    with time_machine.travel(dt.datetime(2027, 6, 10, 10, tzinfo=dt.UTC), tick=False):
        request = vorlaeufig.proofs_request(decision=provisional, actor=caseworker,
                                            deadline=dt.date(2027, 7, 31))
    request = DocumentRequest.objects.get(pk=request.pk)
    assert [i.title for i in request.items.all()] == [
        f"Einkommensnachweis {m} 2027" for m in
        ("Januar", "Februar", "März", "April", "Mai", "Juni")]
    assert "§ 41a Abs. 3 Satz 3 und 4 SGB II" in request.legal_notice
    assert "31.07.2027" in request.legal_notice


def test_average_income_ends_in_an_erstattung(provisional):
    # 300, 300, 300, 600, 600, 600: 2.700 € / 6 = 450 € a month → 450 − 100 − 70 = 280 €
    # counted, 813 € due; 933 € paid: 120 € a month too much, 720 € in total.
    result = vorlaeufig.final_compute(decision=provisional,
                                      proofs=_proofs(300, 300, 300, 600, 600, 600))
    assert (result.method, result.exception) == ("average", "")
    assert result.average == (Decimal("450.00"), Decimal("450.00"))
    assert [(r["month"], r["new"], r["claim"], r["back"]) for r in result.rows] == [
        (f"2027-0{m}", "813.00", "120.00", "0.00") for m in range(1, 7)]
    assert result.total_claim == Decimal("720.00") and result.total_back == 0


def test_average_income_ends_in_a_nachzahlung(provisional):
    # 200 € every month → 200 − 100 − 20 = 80 € counted, 1.013 € due: 80 € × 6 = 480 € back.
    result = vorlaeufig.final_compute(decision=provisional, proofs=_proofs(*[200] * 6))
    assert result.total_back == Decimal("480.00") and result.total_claim == 0
    assert {r["new"] for r in result.rows} == {"1013.00"}


def test_missing_proofs_mean_no_entitlement_for_those_months(provisional):
    # June without proof: no entitlement in June (§ 41a Abs. 3 S. 4), no average (Abs. 4
    # S. 2 Nr. 1); the other months with their actual 300 € are as paid.
    result = vorlaeufig.final_compute(decision=provisional, proofs=_proofs(*[300] * 5, None))
    assert (result.method, result.exception) == ("actual", "nr1")
    assert [(r["month"], r["new"], r["claim"]) for r in result.rows][-1] == (
        "2027-06", "0.00", "933.00")
    assert result.total_claim == Decimal("933.00")


def test_actual_income_on_request_with_set_off_between_months(provisional):
    # On request (Abs. 4 S. 2 Nr. 3): 300, 300, 300, 100, 100, 600. April and May: 100 €
    # → nothing counted, 1.093 € due (+160 € each); June: 600 − 100 − 84 (20 % of 420) − 24
    # (30 % of 80) = 392 € counted, 701 € due (−232 €). Abs. 6: the 232 € are set off
    # against April and May's 320 €: 88 € remain to be paid to the person, nothing is
    # reclaimed.
    result = vorlaeufig.final_compute(decision=provisional,
                                      proofs=_proofs(300, 300, 300, 100, 100, 600),
                                      actual_requested=True)
    assert (result.method, result.exception) == ("actual", "nr3")
    assert [(r["month"], r["diff"], r["claim"], r["back"]) for r in result.rows][3:] == [
        ("2027-04", "160.00", "0.00", "0.00"), ("2027-05", "160.00", "0.00", "88.00"),
        ("2027-06", "-232.00", "0.00", "0.00")]
    assert result.total_back == Decimal("88.00") and result.total_claim == 0


def test_no_average_where_one_month_has_no_entitlement(provisional):
    # 1.500 € in June: 1.500 − 100 − 84 − 144 − 20 = 1.152 € counted > 1.093 € need (§ 11b
    # Abs. 3: 20 % up to 520 €, 30 % up to 1.000 €, 10 % up to 1.200 €) → Abs. 4 S. 2 Nr. 2.
    result = vorlaeufig.final_compute(decision=provisional,
                                      proofs=_proofs(300, 300, 300, 300, 300, 1500))
    assert (result.method, result.exception) == ("actual", "nr2")
    assert result.rows[-1]["new"] == "0.00"


def test_final_decision_golden_text_four_eyes_and_event(
        provisional, caseworker, teamlead, django_capture_on_commit_callbacks):
    seen: list[dict] = []

    def handler(**payload):
        seen.append(payload)

    with time_machine.travel(dt.datetime(2027, 6, 10, 10, tzinfo=dt.UTC), tick=False), \
            pytest.raises(services.DecisionError):  # before the end of the period
        vorlaeufig.final_create(decision=provisional, actor=caseworker,
                                proofs=_proofs(*[300] * 6))
    events.subscribe("decisions.erstattung_festgesetzt", handler)
    try:
        with time_machine.travel(JULY, tick=False):
            final = vorlaeufig.final_create(decision=provisional, actor=caseworker,
                                            proofs=_proofs(300, 300, 300, 600, 600, 600),
                                            reasons="Lohnabrechnungen Januar bis Juni liegen vor.")
            with pytest.raises(services.DecisionError):  # one final decision per period
                vorlaeufig.final_create(decision=provisional, actor=caseworker,
                                        proofs=_proofs(*[300] * 6))
            assert final.requires_four_eyes
            services.decision_finalize(decision=final, actor=caseworker)
            with django_capture_on_commit_callbacks(execute=True):
                services.decision_approve(decision=final, actor=teamlead)
    finally:
        events.unsubscribe("decisions.erstattung_festgesetzt", handler)
    final.refresh_from_db()
    assert final.status == Decision.Status.DELIVERED
    assert seen == [{"bescheid_id": final.pk, "jobcenter_id": final.case.jobcenter_id,
                     "positions": [{"person_id": final.case.applicant_id,
                                    "month": f"2027-0{m}", "amount": "120.00",
                                    "rechtsgrundlage": "§ 41a Abs. 6 Satz 3 SGB II"}
                                   for m in range(1, 7)]}]
    text = pdf_text(final.document_version)
    for golden in [
        "Abschließende Entscheidung über Ihren Anspruch",
        "über Ihren Anspruch für die Zeit vom 01.01.2027 bis 30.06.2027, den wir mit Bescheid "
        "vom 15.12.2026 vorläufig bewilligt hatten, entscheiden wir abschließend "
        "(§ 41a Abs. 3 SGB II).",
        "Für diesen Zeitraum haben Sie insgesamt 720,00 € zu viel erhalten. Diesen Betrag "
        "müssen Sie erstatten (§ 41a Abs. 6 Satz 3 SGB II).",
        "Ihr Einkommen im Bewilligungszeitraum von insgesamt 2.700,00 € brutto (2.700,00 € "
        "netto), geteilt durch 6 Monate, ergibt 450,00 € brutto (450,00 € netto) im Monat.",
        "Januar 2027 bis Juni 2027 Alice Adler 813,00 €",
        "Alice Adler: 720,00 €",
        "höchstens 10 Prozent Ihres Regelbedarfs",
    ]:
        assert golden in text


def test_staff_pages_create_and_decide(client, make_calc_case, citizen, caseworker, teamlead,
                                       provisional, other_caseworker):
    from django.urls import reverse

    from tests.conftest import login

    with time_machine.travel(JULY, tick=False):
        login(client, caseworker)
        detail = client.get(reverse("decisions:detail", args=[provisional.pk]))
        assert "Abschließend entscheiden" in detail.content.decode()
        url = reverse("vorlaeufig:final", args=[provisional.pk])
        assert client.get(url).status_code == 200
        data = {f"{part}-2027-0{m}-0": "300,00" for m in range(1, 7)
                for part in ("brutto", "netto")}
        bad = client.post(url, {**data, "netto-2027-03-0": "abc", "action": "preview"})
        assert bad.status_code == 400
        assert "03/2027" in bad.content.decode()
        data.update({"brutto-2027-06-0": "600", "netto-2027-06-0": "600"})
        preview = client.post(url, {**data, "action": "preview"})
        html = preview.content.decode()
        assert preview.status_code == 200 and "Durchschnittseinkommen" in html
        created = client.post(url, {**data, "action": "create", "reasons": ""})
        final = Decision.objects.get(decision_type__key="abschliessend")
        assert created["Location"] == reverse("decisions:detail", args=[final.pk])
        client.logout()
        login(client, other_caseworker)
        assert client.get(url).status_code == 404
        assert client.post(reverse("vorlaeufig:proofs", args=[provisional.pk]),
                           {}).status_code == 404


def test_the_calculation_page_recommends_provisional_for_earners(client, calc_case,
                                                                 caseworker):
    from django.urls import reverse

    from tests.conftest import login

    login(client, caseworker)
    page = client.get(reverse("decisions:calculation", args=[calc_case.pk]))
    assert "Empfohlen: vorläufig bewilligen" in page.content.decode()
    response = client.post(reverse("vorlaeufig:create", args=[calc_case.pk]),
                           {"reason": "Schwankender Lohn."})
    decision = Decision.objects.get()
    assert response["Location"] == reverse("decisions:detail", args=[decision.pk])
    assert decision.snapshot["vorlaeufig"]["reason"] == "Schwankender Lohn."
    assert (decision.period_to.year, decision.period_to.month) == (2027, 6)


def test_staff_request_the_proofs_from_the_bescheid_page(client, provisional, caseworker):
    from django.urls import reverse

    from tests.conftest import login

    url = reverse("vorlaeufig:proofs", args=[provisional.pk])
    with time_machine.travel(dt.datetime(2027, 6, 10, 10, tzinfo=dt.UTC), tick=False):
        login(client, caseworker)
        response = client.post(url, {"deadline-tag": "31", "deadline-monat": "7",
                                     "deadline-jahr": "2027"})
    assert response["Location"] == reverse("decisions:detail", args=[provisional.pk])
    request = DocumentRequest.objects.get(case=provisional.case)
    assert request.items.count() == 6
    assert request.deadline == dt.date(2027, 7, 31)
