"""§ 41a SGB II, abschließende Entscheidung: the proofs replace *every* earned income — two
jobs of one earner, and two earners of one Bedarfsgemeinschaft — each averaged over the period
(§ 41a Abs. 4 Satz 1, 3); the allowances of § 11b apply to each person's total.

Hand computation of the counted income (§ 11b Abs. 2, 3 SGB II, per person): netto − 100 € −
20 % of the brutto between 100 € and 520 € − 30 % of the brutto between 520 € and 1.000 €.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from jobcenter.decisions import services
from jobcenter.decisions.services import vorlaeufig
from tests.decisions.facts import family_request, make_family
from tests.decisions.past_fixtures import pdf_text

MONTHS = [dt.date(2027, m, 1) for m in range(1, 7)]
DEC = dt.datetime(2026, 12, 15, 10, tzinfo=dt.UTC)
JULY = dt.datetime(2027, 7, 15, 10, tzinfo=dt.UTC)


def two_jobs_request() -> dict:
    """Alone, Regelbedarf 563 € + rent 450 € + heating 80 € = need 1.093 €; a Minijob of
    200 € and a part-time job of 500 € brutto / 400 € netto."""
    return {
        "monat": "2027-01", "leistungsbeginn": "2026-01",
        "personen": [{"id": "P1", "rolle": "antragsteller", "geburtsdatum": "1985-05-17",
                      "einkommen": [{"art": "minijob", "brutto": 200.0, "netto": 200.0},
                                    {"art": "erwerbseinkommen", "brutto": 500.0,
                                     "netto": 400.0}]}],
        "unterkunft": {"bruttokaltmiete": 450.0, "heizkosten": 80.0, "warmwasser": "zentral",
                       "personen_im_haushalt": 1},
    }


def _provisional(case, caseworker, capture):
    with time_machine.travel(DEC, tick=False):
        decision = vorlaeufig.provisional_create(case=case, actor=caseworker,
                                                 reason=vorlaeufig.default_reason())
        with capture(execute=True):
            services.decision_finalize(decision=decision, actor=caseworker)
    decision.refresh_from_db()
    return decision


def _d(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


@pytest.fixture
def two_jobs(make_calc_case, citizen, caseworker, online, django_capture_on_commit_callbacks):
    with time_machine.travel(DEC, tick=False):
        case = make_calc_case(citizen, request=two_jobs_request())
    return _provisional(case, caseworker, django_capture_on_commit_callbacks)


def test_both_jobs_of_one_earner_are_replaced_and_averaged(two_jobs):
    assert vorlaeufig.replaced_refs(two_jobs) == [(0, 0), (0, 1)]
    # Provisionally: brutto 700, netto 600 → 600 − 100 − 84 − 54 (30 % of 180) = 362 counted,
    # 1.093 − 362 = 731 € paid.
    assert {a.amount for a in two_jobs.amounts.all()} == {Decimal("731.00")}
    minijob, job = (0, 0), (0, 1)
    proofs = {m: {minijob: (Decimal(200), Decimal(200)),
                  job: (Decimal(500 if m.month <= 3 else 800),
                        Decimal(400 if m.month <= 3 else 640))} for m in MONTHS}
    result = vorlaeufig.final_compute(decision=two_jobs, proofs=proofs)
    # The job averages 3.900 / 6 = 650 € brutto, 3.120 / 6 = 520 € netto; the Minijob stays
    # 200 €. Together brutto 850, netto 720 → 720 − 100 − 84 − 99 (30 % of 330) = 437 counted,
    # 1.093 − 437 = 656 € due: 75 € a month too much, 450 € in total.
    assert (result.method, result.exception) == ("average", "")
    assert result.averages == {minijob: (Decimal("200.00"), Decimal("200.00")),
                               job: (Decimal("650.00"), Decimal("520.00"))}
    assert result.average == (Decimal("850.00"), Decimal("720.00"))
    for key, month in result.results.items():
        assert _d(month["personen"][0]["einkommen_anrechenbar"]) == Decimal("437.00"), key
    assert [(r["month"], r["new"], r["claim"]) for r in result.rows] == [
        (f"2027-0{m}", "656.00", "75.00") for m in range(1, 7)]
    assert result.total_claim == Decimal("450.00")
    # Replacing only the first income would have found nothing: the Minijob is as assumed.
    text = vorlaeufig.method_text(result, 6)
    assert "Alice Adler: Erwerbseinkommen: insgesamt 3.900,00 € brutto (3.120,00 € netto), " \
           "im Monat 650,00 € brutto (520,00 € netto)" in text
    assert "Alice Adler: Minijob: insgesamt 1.200,00 € brutto" in text


def test_each_income_needs_its_proof(two_jobs):
    proofs = {m: {(0, 0): (Decimal(200), Decimal(200))} for m in MONTHS}
    with pytest.raises(services.DecisionError, match="jeden Monat"):
        vorlaeufig.final_compute(decision=two_jobs, proofs=proofs)
    with pytest.raises(services.DecisionError, match="einzeln"):  # a bare pair is ambiguous
        vorlaeufig.final_compute(decision=two_jobs,
                                 proofs={m: (Decimal(200), Decimal(200)) for m in MONTHS})


@pytest.fixture
def two_earners(make_calc_case, jobcenter, caseworker, django_capture_on_commit_callbacks):
    user = make_family(jobcenter)
    request = family_request()  # Ayşe: 900 € brutto / 720 € netto
    request["personen"][1]["einkommen"] = [{"art": "minijob", "brutto": 300.0, "netto": 300.0}]
    with time_machine.travel(DEC, tick=False):
        case = make_calc_case(user, request=request)
    return _provisional(case, caseworker, django_capture_on_commit_callbacks)


def test_the_second_earners_income_is_replaced_too(two_earners, caseworker, teamlead,
                                                    django_capture_on_commit_callbacks):
    ayse, mehmet = (0, 0), (1, 0)
    assert vorlaeufig.replaced_refs(two_earners) == [ayse, mehmet]
    old_total = {}
    for a in two_earners.amounts.all():
        old_total[a.month] = old_total.get(a.month, Decimal(0)) + a.amount
    proofs = {m: {ayse: (Decimal(900), Decimal(720)),
                  mehmet: (Decimal(300 if m.month <= 3 else 600),) * 2} for m in MONTHS}
    result = vorlaeufig.final_compute(decision=two_earners, proofs=proofs)
    # Ayşe as assumed: 720 − 100 − 84 − 114 (30 % of 380) = 422 € counted. Mehmet averages
    # 2.700 / 6 = 450 €: 450 − 100 − 70 = 280 € counted instead of 300 − 100 − 40 = 160 €.
    # The need is unchanged, so the BG gets 120 € less each month: 720 € in total, spread
    # over the members by their share of the need (§ 9 Abs. 2 Satz 3 SGB II).
    assert result.method == "average"
    for month in result.results.values():
        counted = {p["id"]: _d(p["einkommen_anrechenbar"]) for p in month["personen"]}
        assert (counted["P1"], counted["P2"]) == (Decimal("422.00"), Decimal("280.00"))
    new_total: dict[str, Decimal] = {}
    for r in result.rows:
        new_total[r["month"]] = new_total.get(r["month"], Decimal(0)) + Decimal(r["new"])
    for month, total in new_total.items():
        assert old_total[dt.date.fromisoformat(month + "-01")] - total == Decimal("120.00")
    assert result.total_claim == Decimal("720.00") and result.total_back == 0
    with time_machine.travel(JULY, tick=False):
        final = vorlaeufig.final_create(decision=two_earners, actor=caseworker, proofs=proofs)
        services.decision_finalize(decision=final, actor=caseworker)
        with django_capture_on_commit_callbacks(execute=True):
            services.decision_approve(decision=final, actor=teamlead)
    final.refresh_from_db()
    text = pdf_text(final.document_version)
    for golden in [
        "Jedes Einkommen im Bewilligungszeitraum, geteilt durch 6 Monate, ergibt das "
        "monatliche Einkommen, das wir berücksichtigen.",
        "Ayşe Yılmaz: Erwerbseinkommen: insgesamt 5.400,00 € brutto (4.320,00 € netto), im "
        "Monat 900,00 € brutto (720,00 € netto)",
        "Mehmet Yılmaz: Minijob: insgesamt 2.700,00 € brutto (2.700,00 € netto), im Monat "
        "450,00 € brutto (450,00 € netto)",
        "Für diesen Zeitraum haben Sie insgesamt 720,00 € zu viel erhalten.",
    ]:
        assert golden in text
