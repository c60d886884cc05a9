"""The time limits of a withdrawal for the past (``decisions.ausschlussfristen``): the one
year from the Jobcenter's Kenntnis (§ 45 Abs. 4 Satz 2, § 48 Abs. 4 Satz 1 SGB X) and the ten
years (§ 45 Abs. 3 Satz 3), checked when the Anhörung is prepared, when the Bescheid is
drafted and again when it is issued — around the boundary day in Europe/Berlin."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from jobcenter.decisions import ausschlussfristen, checks, deadlines, services
from jobcenter.decisions.models import Anhoerung, Decision
from jobcenter.decisions.services import aufhebung
from tests.decisions.past_fixtures import APRIL, _raise_income

BERLIN_CEST = dt.timezone(dt.timedelta(hours=2))


def test_one_year_ends_on_the_same_day_number_a_year_later():
    # § 26 Abs. 1 SGB X, § 187 Abs. 1, § 188 Abs. 2 BGB: Kenntnis on 10.03.2026 → 10.03.2027
    assert deadlines.one_year_after(dt.date(2026, 3, 10)) == dt.date(2027, 3, 10)
    # § 188 Abs. 3 BGB: from 29.02. the period ends on 28.02. of a common year
    assert deadlines.one_year_after(dt.date(2028, 2, 29)) == dt.date(2029, 2, 28)
    # not moved to a working day: 01.04.2028 is a Saturday and stays the end
    assert deadlines.one_year_after(dt.date(2027, 4, 1)) == dt.date(2028, 4, 1)
    # notified on the fourth day after posting (§ 37 Abs. 2 SGB X): issue four days earlier
    assert deadlines.last_issuing_day(dt.date(2028, 4, 1)) == dt.date(2028, 3, 28)


def test_the_norms_and_the_ten_years_follow_the_basis():
    s48 = ausschlussfristen.fristen_for(basis="48_nr3", kenntnis=dt.date(2027, 4, 1),
                                        month_from=dt.date(2027, 1, 1),
                                        notified_on=dt.date(2026, 12, 19))
    assert s48.jahresfrist_norm.startswith("§ 48 Abs. 4 Satz 1 i. V. m. § 45 Abs. 4 Satz 2")
    assert s48.zehn_end == dt.date(2037, 1, 1)  # from the change (the first month)
    s45 = ausschlussfristen.fristen_for(basis="45_nr2", kenntnis=dt.date(2027, 4, 1),
                                        month_from=dt.date(2027, 1, 1),
                                        notified_on=dt.date(2026, 12, 19))
    assert s45.jahresfrist_norm.startswith("§ 45 Abs. 4 Satz 2 SGB X")
    assert s45.zehn_end == dt.date(2036, 12, 19)  # from the Bekanntgabe of the Bescheid
    assert s45.last_issuing_day == dt.date(2028, 3, 28)
    assert ausschlussfristen.Fristen.from_snapshot(s45.as_snapshot()) == s45
    late = ausschlussfristen.problems(s45, issued_on=dt.date(2036, 12, 16))
    assert len(late) == 2 and "Zehnjahresfrist" in late[1] and "19.12.2036" in late[1]


def test_kenntnis_is_required_and_not_in_the_future(bewilligt, caseworker):
    case, _decision = bewilligt
    with time_machine.travel(APRIL, tick=False):
        _raise_income(case, caseworker, 520.0)
        for kenntnis, message in [(None, "Jahresfrist"), (dt.date(2027, 4, 11), "Zukunft")]:
            with pytest.raises(services.DecisionError, match=message):
                aufhebung.anhoerung_create(
                    case=case, actor=caseworker, basis="48_nr3", facts="x",
                    month_from=dt.date(2027, 1, 1), month_to=dt.date(2027, 3, 1),
                    kenntnis_am=kenntnis)
    assert not Anhoerung.objects.exists()


def test_an_anhoerung_after_the_year_is_refused_naming_deadline_and_norm(bewilligt, caseworker):
    case, _decision = bewilligt
    with time_machine.travel(APRIL, tick=False):  # 10.04.2027
        _raise_income(case, caseworker, 520.0)
        with pytest.raises(services.DecisionError) as error:
            aufhebung.anhoerung_create(
                case=case, actor=caseworker, basis="48_nr3", facts="x",
                month_from=dt.date(2027, 1, 1), month_to=dt.date(2027, 3, 1),
                kenntnis_am=dt.date(2026, 4, 13))
    # Kenntnis 13.04.2026 → the year ends 13.04.2027; issued today, notified 14.04.2027
    message = str(error.value)
    assert "13.04.2027" in message and "09.04.2027" in message
    assert "§ 48 Abs. 4 Satz 1 i. V. m. § 45 Abs. 4 Satz 2 SGB X" in message
    assert not Anhoerung.objects.exists()


def _answered(anhoerung, caseworker, citizen, capture):
    with time_machine.travel(APRIL, tick=False), capture(execute=True):
        anhoerung = aufhebung.anhoerung_send(anhoerung=anhoerung, actor=caseworker)
        return aufhebung.anhoerung_answer(anhoerung=anhoerung, user=citizen,
                                          text="Das stimmt.")


def _at_berlin(day: dt.date, hour: int, minute: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=BERLIN_CEST)


@pytest.mark.parametrize(("moment", "allowed"), [
    (_at_berlin(dt.date(2028, 3, 28), 23, 59), True),   # 21:59 UTC, still the last day
    (_at_berlin(dt.date(2028, 3, 29), 0, 1), False),    # 22:01 UTC on 28.03. — Berlin: 29.03.
])
def test_the_bescheid_on_the_boundary_day_in_berlin(anhoerung, caseworker, citizen, moment,
                                                     allowed, django_capture_on_commit_callbacks):
    # Kenntnis 01.04.2027 → the year ends Saturday 01.04.2028; a Bescheid issued on
    # 28.03.2028 is notified on 01.04.2028 (§ 37 Abs. 2 SGB X), one issued on 29.03. too late.
    anhoerung = _answered(anhoerung, caseworker, citizen, django_capture_on_commit_callbacks)
    with time_machine.travel(moment.astimezone(dt.UTC), tick=False):
        if allowed:
            decision = aufhebung.erstattungsbescheid_create(
                anhoerung=anhoerung, actor=caseworker, reasons="Die Angaben sind bestätigt.")
            assert decision.snapshot["erstattung"]["fristen"]["jahresfrist_end"] == "2028-04-01"
            assert checks.problems(decision) == []
        else:
            with pytest.raises(services.DecisionError) as error:
                aufhebung.erstattungsbescheid_create(
                    anhoerung=anhoerung, actor=caseworker, reasons="Die Angaben sind bestätigt.")
            assert "01.04.2028" in str(error.value) and "28.03.2028" in str(error.value)
            assert not Decision.objects.filter(decision_type__key="aufhebung_erstattung").exists()


def test_a_draft_that_waits_past_the_deadline_is_not_issued(
        anhoerung, caseworker, teamlead, citizen, django_capture_on_commit_callbacks):
    anhoerung = _answered(anhoerung, caseworker, citizen, django_capture_on_commit_callbacks)
    with time_machine.travel(_at_berlin(dt.date(2028, 3, 28), 10, 0), tick=False):
        decision = aufhebung.erstattungsbescheid_create(
            anhoerung=anhoerung, actor=caseworker, reasons="Die Angaben sind bestätigt.")
        services.decision_finalize(decision=decision, actor=caseworker)
    decision.refresh_from_db()
    assert decision.status == Decision.Status.AWAITING_APPROVAL
    with (time_machine.travel(_at_berlin(dt.date(2028, 3, 29), 0, 30), tick=False),
          pytest.raises(services.DecisionError, match="Jahresfrist")):
        services.decision_approve(decision=decision, actor=teamlead)
    decision.refresh_from_db()
    assert decision.status == Decision.Status.AWAITING_APPROVAL


def test_an_old_anhoerung_without_kenntnis_asks_for_it_at_the_decision(
        anhoerung, caseworker, citizen, django_capture_on_commit_callbacks):
    Anhoerung.objects.filter(pk=anhoerung.pk).update(kenntnis_am=None)
    anhoerung.refresh_from_db()
    anhoerung = _answered(anhoerung, caseworker, citizen, django_capture_on_commit_callbacks)
    with time_machine.travel(dt.datetime(2027, 5, 3, 9, tzinfo=dt.UTC), tick=False):
        with pytest.raises(services.DecisionError, match="Jahresfrist"):
            aufhebung.erstattungsbescheid_create(anhoerung=anhoerung, actor=caseworker,
                                                 reasons="Bestätigt.")
        decision = aufhebung.erstattungsbescheid_create(
            anhoerung=anhoerung, actor=caseworker, reasons="Bestätigt.",
            kenntnis_am=dt.date(2027, 3, 30))
    anhoerung.refresh_from_db()
    assert anhoerung.kenntnis_am == dt.date(2027, 3, 30)
    assert decision.snapshot["erstattung"]["fristen"]["kenntnis"] == "2027-03-30"
