"""The Minderung the law attaches, by the date of the Pflichtverletzung."""

from __future__ import annotations

import datetime as dt

import pytest

from jobcenter.minderungen import regeln

D = dt.date.fromisoformat


# (percent, months, full withdrawal, ends on cooperation, personal hearing)
@pytest.mark.parametrize(("kind", "day", "earlier", "missed", "expected"), [
    # § 31a Abs. 1 Satz 1–3, § 31b Abs. 2 Satz 1; Abs. 2 Satz 2: repeated → in person
    ("pflichtverletzung", "2025-05-05", 0, 1, (10, 1, False, False, False)),
    ("pflichtverletzung", "2025-05-05", 1, 1, (20, 2, False, True, True)),
    ("pflichtverletzung", "2025-05-05", 2, 1, (30, 3, False, True, True)),
    # § 32: 10 % for one month; a repeated Meldeversäumnis → the hearing in person
    ("meldeversaeumnis", "2025-05-05", 3, 1, (10, 1, False, False, False)),
    ("meldeversaeumnis", "2025-05-05", 0, 2, (10, 1, False, False, True)),
    ("pflichtverletzung", "2026-06-30", 0, 1, (10, 1, False, False, False)),  # last day before
    ("pflichtverletzung", "2026-07-01", 0, 1, (30, 3, False, True, False)),  # Neue Grundsicherung
    ("pflichtverletzung", "2026-07-01", 1, 1, (30, 3, False, True, True)),
    ("meldeversaeumnis", "2026-07-01", 0, 2, (30, 1, False, False, True)),
    # § 7b Abs. 4 n. F.: reporting in person within the month lifts the withdrawal
    ("meldeversaeumnis", "2026-12-01", 0, 3, (100, 1, True, True, True)),
])
def test_rule_by_date(kind, day, earlier, missed, expected):
    rule = regeln.rule_for(kind=kind, event_on=D(day), earlier_within_year=earlier,
                           missed_in_row=missed)
    assert (rule.percent, rule.months, rule.full_withdrawal, rule.ends_on_cooperation,
            rule.personal_hearing) == expected
    new_law = D(day) >= regeln.NEUE_GRUNDSICHERUNG
    assert rule.provisional == new_law
    # every rule names where it was checked; the new law says that its text is missing
    assert rule.source == (regeln.SOURCE_2026 if new_law else regeln.SOURCE_2023)
    assert ("nicht verfügbar" in rule.source) == new_law


def test_no_minderung_for_the_first_missed_appointment_from_july_2026_or_before_2023():
    with pytest.raises(regeln.NoMinderung):
        regeln.rule_for(kind="meldeversaeumnis", event_on=D("2026-07-02"), missed_in_row=1)
    with pytest.raises(regeln.NoMinderung):
        regeln.rule_for(kind="pflichtverletzung", event_on=D("2022-12-31"))


@pytest.mark.parametrize(("day", "month"), [
    ("2026-12-07", "2027-01-01"), ("2027-01-31", "2027-02-01"), ("2027-02-28", "2027-03-01"),
])
def test_starts_the_month_after_it_takes_effect(day, month):
    assert regeln.first_month_after(D(day)) == D(month)
