"""Which Minderung the law attaches to a Pflichtverletzung or a Meldeversäumnis, by the date
it happened (§ 65a SGB II n. F. as reported: older events keep the older law). Every rule
names its legal basis and the source its content was checked against (``Rule.source``);
docs/bescheide.md, "Leistungsminderung", lists the sources and what could not be checked.

* **from 1 January 2023** (Bürgergeld-Gesetz; wording checked against the consolidated text
  of §§ 31a, 31b, 32 SGB II on buzer.de and lexetius.com, as amended up to BGBl. 2024 I
  Nr. 449): Pflichtverletzung (§ 31a Abs. 1): the first 10 % of the maßgebender Regelbedarf
  for one month, a "weitere" 20 % for two months, each further one 30 % for three months —
  "weitere" only when an earlier Minderung was established and its period began less than
  a year ago (§ 31a Abs. 1 Satz 4, 5); the period from § 31b Abs. 2 Satz 1. A Minderung is
  lifted when the person fulfils the duty or seriously declares to do so (§ 31a Abs. 1
  Satz 6), not before it lasted one month (§ 31b Abs. 2 Satz 2) — so only a two- or
  three-month Minderung can end early. Meldeversäumnis (§ 32): 10 % for one month. The
  Anhörung "soll" be personal on the person's request and, for repeated Pflichtverletzungen
  or Meldeversäumnisse, always (§ 31a Abs. 2). No Minderung in a case of außergewöhnliche
  Härte (§ 31a Abs. 3). Together at most 30 % (§ 31a Abs. 4). Never Unterkunft und Heizung.
* **from 1 July 2026** (13. SGB II-ÄndG "Neue Grundsicherung", passed by the Bundestag on
  5 March 2026). The promulgated text (Bundesgesetzblatt) is **not available here**; the
  rules follow the Bundestag's and the press's summaries of the passed law and the
  Government's answer in BT-Drs. 21/4076, so every one of them is marked provisional
  (``Rule.provisional``) and shown so to staff:
  Pflichtverletzung 30 % for three months; the first missed appointment has no
  Minderung, the second 30 % for one month; the third in a row makes the person "nicht
  erreichbar" (§ 7b Abs. 4 n. F.): in the first month the Regelbedarf is withdrawn while
  Unterkunft und Heizung are still paid; if the person reports in person within that month
  they count as reachable throughout and nothing is withdrawn. A personal hearing is
  offered first, and an außergewöhnliche Härte (§ 31a Abs. 3, e.g. threatened
  homelessness) excludes it (BT-Drs. 21/4076).

Not modelled (docs/bescheide.md): from the second month of Nichterreichbarkeit the whole
entitlement ends, including Unterkunft und Heizung, until the person reports (that needs
an Aufhebung, not a Minderungsbescheid); the "one euro" kept in the first month for the
health insurance (the engine withdraws the full Regelbedarf); the withdrawal for refusing
work (§ 31a Abs. 7 old, 28.3.2024–27.3.2026; the 2026 rule is not verified); § 31a Abs. 1
Satz 7 (Sperrzeit bei Meldeversäumnis nach dem SGB III).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

BUERGERGELD = dt.date(2023, 1, 1)
NEUE_GRUNDSICHERUNG = dt.date(2026, 7, 1)
NEW_LAW = "in der ab 1.7.2026 geltenden Fassung"

#: Where each rule's content was checked (shown to staff, cited in docs/bescheide.md).
SOURCE_2023 = ("§§ 31a, 31b, 32 SGB II in der Fassung bis 30.6.2026, Wortlaut geprüft "
               "(buzer.de/31a_SGB_II.htm, lexetius.com/SGB2/31a; § 31b: gesetzklar.de)")
SOURCE_2026 = ("13. SGB II-ÄndG, vom Bundestag am 5.3.2026 beschlossen; amtlicher Text "
               "(BGBl.) hier nicht verfügbar – Inhalt nach gegen-hartz.de (Übersicht der "
               "beschlossenen Änderungen), cash.ch/dpa (Bundestagsbeschluss) und "
               "BT-Drs. 21/4076 (Antwort der Bundesregierung, hib)")


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
    personal_hearing: bool  # the hearing is to be held in person (offered before deciding)
    source: str = SOURCE_2023


def _old_law(*, kind: str, earlier_within_year: int, missed_in_row: int) -> Rule:
    if kind == "meldeversaeumnis":
        # § 31a Abs. 2 Satz 2: "versäumen wiederholt Meldetermine" → personal hearing
        return Rule(10, 1, False, False, "§ 32 Abs. 1, 2 SGB II, § 31b Abs. 1 SGB II", False,
                    missed_in_row >= 2)
    if earlier_within_year <= 0:
        return Rule(10, 1, False, False, "§ 31a Abs. 1 Satz 1, § 31b Abs. 2 Satz 1 SGB II",
                    False, False)
    if earlier_within_year == 1:
        return Rule(20, 2, False, True, "§ 31a Abs. 1 Satz 2, § 31b Abs. 2 Satz 1 SGB II",
                    False, True)
    return Rule(30, 3, False, True, "§ 31a Abs. 1 Satz 3, § 31b Abs. 2 Satz 1 SGB II",
                False, True)


def rule_for(*, kind: str, event_on: dt.date, earlier_within_year: int = 0,
             missed_in_row: int = 1) -> Rule:
    if event_on < BUERGERGELD:
        raise NoMinderung(_("Für Pflichtverletzungen vor dem 1. Januar 2023 gelten ältere "
                            "Regeln, die dieses Verfahren nicht abbildet."))
    if event_on < NEUE_GRUNDSICHERUNG:
        return _old_law(kind=kind, earlier_within_year=earlier_within_year,
                        missed_in_row=missed_in_row)
    if kind == "meldeversaeumnis":
        if missed_in_row <= 1:
            raise NoMinderung(_("Nach dem ab 1. Juli 2026 geltenden Recht führt der erste "
                                "versäumte Meldetermin zu keiner Minderung. Laden Sie die "
                                "Person erneut ein und belehren Sie sie über die Folgen."))
        if missed_in_row == 2:
            return Rule(30, 1, False, False, f"§ 32 SGB II {NEW_LAW}", True, True, SOURCE_2026)
        return Rule(100, 1, True, True, f"§ 7b Abs. 4, § 32 SGB II {NEW_LAW}", True, True,
                    SOURCE_2026)
    return Rule(30, 3, False, True, f"§ 31a, § 31b SGB II {NEW_LAW}", True,
                earlier_within_year >= 1, SOURCE_2026)


def first_month_after(day: dt.date) -> dt.date:
    """§ 31b Abs. 1 Satz 1: the Minderung starts with the calendar month after the
    Minderungsbescheid takes effect."""
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


#: § 31b Abs. 1 Satz 3: a Minderung can be established only within six months of the
#: Pflichtverletzung.
DEADLINE_MONTHS = 6
