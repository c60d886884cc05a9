"""Which Minderung the law attaches to a Pflichtverletzung or a Meldeversäumnis, by the date
it happened (docs/bescheide.md, "Leistungsminderung"; the law spec's section 10):

* **from 1 January 2023** (Bürgergeld-Gesetz): Pflichtverletzung (§ 31a Abs. 1): the first
  10 % of the maßgebender Regelbedarf for one month, the second 20 % for two months, each
  further one 30 % for three months — "further" when an earlier Minderung began within the
  last year; a Minderung of two or three months ends early when the person cooperates
  (§ 31a Abs. 1 Satz 6, § 31b Abs. 2 Satz 2). Meldeversäumnis (§ 32): 10 % for one month.
* **from 1 July 2026** (13. SGB II-ÄndG "Neue Grundsicherung", as passed by the Bundestag;
  the promulgated text is not verified, so these rules are marked provisional):
  Pflichtverletzung 30 % for three months; the second missed appointment in a row 30 % for
  one month; the third: the Regelbedarf is withdrawn (one month) — only after a personal
  hearing. The first missed appointment leads to no Minderung.

The engine (``sgb2`` step S12) computes the amount from the month's Regelbedarf and caps it
by the regime in force (never Unterkunft und Heizung). Not modelled: § 31a Abs. 7 (refusal
of a concrete job, 28.3.2024–27.3.2026) and the 2026 withdrawal of the Unterkunft costs
after the first month of Nichterreichbarkeit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

BUERGERGELD = dt.date(2023, 1, 1)
NEUE_GRUNDSICHERUNG = dt.date(2026, 7, 1)
NEW_LAW = "in der ab 1.7.2026 geltenden Fassung"


class NoMinderung(Exception):
    """The law attaches no Minderung (or one this product does not model); the message
    says why."""


@dataclass(frozen=True)
class Rule:
    percent: int
    months: int
    full_withdrawal: bool
    ends_on_cooperation: bool
    legal_basis: str
    provisional: bool
    personal_hearing: bool  # required before the decision


def rule_for(*, kind: str, event_on: dt.date, earlier_within_year: int = 0,
             missed_in_row: int = 1) -> Rule:
    if event_on < BUERGERGELD:
        raise NoMinderung(_("Für Pflichtverletzungen vor dem 1. Januar 2023 gelten ältere "
                            "Regeln, die dieses Verfahren nicht abbildet."))
    if event_on < NEUE_GRUNDSICHERUNG:
        if kind == "meldeversaeumnis":
            return Rule(10, 1, False, False, "§ 32 SGB II, § 31b SGB II", False, False)
        if earlier_within_year <= 0:
            return Rule(10, 1, False, False, "§ 31a Abs. 1 Satz 1, § 31b SGB II", False, False)
        if earlier_within_year == 1:
            return Rule(20, 2, False, True, "§ 31a Abs. 1 Satz 2, § 31b SGB II", False, False)
        return Rule(30, 3, False, True, "§ 31a Abs. 1 Satz 3, § 31b SGB II", False, False)
    if kind == "meldeversaeumnis":
        if missed_in_row <= 1:
            raise NoMinderung(_("Nach dem ab 1. Juli 2026 geltenden Recht führt der erste "
                                "versäumte Meldetermin zu keiner Minderung. Laden Sie die "
                                "Person erneut ein und belehren Sie sie über die Folgen."))
        if missed_in_row == 2:
            return Rule(30, 1, False, False, f"§ 32 SGB II {NEW_LAW}", True, False)
        return Rule(100, 1, True, False, f"§ 32, § 7b Abs. 4 SGB II {NEW_LAW}", True, True)
    return Rule(30, 3, False, True, f"§ 31a SGB II {NEW_LAW}", True, False)


def first_month_after(day: dt.date) -> dt.date:
    """§ 31b Abs. 1 Satz 1: the Minderung starts with the calendar month after the
    Minderungsbescheid takes effect."""
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


#: § 31b Abs. 1 Satz 3: a Minderung can be established only within six months of the
#: Pflichtverletzung.
DEADLINE_MONTHS = 6
