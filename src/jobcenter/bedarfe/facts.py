"""What the caseworker sees on the concern's decision screen besides the answers
(``registry.Anliegen.staff_facts``): the Angemessenheitsgrenze checked, the § 42a
instalment, the recognised costs of the Abrechnung's period, the Teilhabe cap."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobcenter.anliegen.registry import Letter, Outcome
from jobcenter.bedarfe import angemessenheit, money
from jobcenter.decisions.deadlines import first_of_month
from jobcenter.decisions.documents import euro, month_de

Rows = list[tuple[str, str]]
TEILHABE_MONTHLY = Decimal("15.00")  # § 28 Abs. 7 Satz 1 SGB II
LIMIT = Decimal("1000000")


def amount(value: Any) -> Decimal | None:
    if value in (None, "") or isinstance(value, (bool, list, dict)):
        return None
    try:
        result = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    # a stored money answer is checked by the form; anything else (a changed definition,
    # an old draft) is ignored rather than computed with
    return result if result.is_finite() and 0 <= result < LIMIT else None


def day(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None


BUT_ITEMS = {
    "ausflug": (
        gettext_lazy("eintägiger Ausflug"),
        "ausflug_kosten",
        False,
        "§ 28 Abs. 2 Satz 1 Nr. 1",
    ),
    "klassenfahrt": (
        gettext_lazy("mehrtägige Fahrt"),
        "fahrt_kosten",
        False,
        "§ 28 Abs. 2 Satz 1 Nr. 2",
    ),
    "lernfoerderung": (gettext_lazy("Lernförderung"), "lern_kosten", True, "§ 28 Abs. 5"),
    "mittagessen": (
        gettext_lazy("gemeinschaftliches Mittagessen"),
        "essen_kosten",
        True,
        "§ 28 Abs. 6",
    ),
    "befoerderung": (
        gettext_lazy("Schülerbeförderung"),
        "befoerderung_kosten",
        True,
        "§ 28 Abs. 4",
    ),
    "teilhabe": (
        gettext_lazy("Teilhabe am sozialen und kulturellen Leben"),
        "teilhabe_kosten",
        True,
        "§ 28 Abs. 7",
    ),
}


def but_items(answers: dict[str, Any]) -> list[str]:
    """The requested needs with the costs the citizen gave ("Lernförderung: 80,00 € im
    Monat (§ 28 Abs. 5 SGB II)")."""
    given = answers.get("leistungen")
    chosen: list[Any] = given if isinstance(given, list) else []
    lines = []
    for key, (label, cost_key, monthly, norm) in BUT_ITEMS.items():
        if key not in chosen:
            continue
        try:
            cost = euro(Decimal(str(answers.get(cost_key))))
        except (InvalidOperation, ValueError, TypeError):
            cost = ""
        text = (
            _("%(what)s: %(cost)s im Monat (%(norm)s SGB II)")
            if monthly
            else _("%(what)s: %(cost)s (%(norm)s SGB II)")
        )
        lines.append(text % {"what": str(label), "cost": cost, "norm": norm})
    return lines


def _data(case: Any) -> dict[str, Any]:
    return dict(case.data or {})


def bildung_teilhabe(case: Any) -> Rows:
    data = _data(case)
    rows: Rows = [(_("Beantragt"), "; ".join(but_items(data)) or "–")]
    cost = amount(data.get("teilhabe_kosten"))
    if cost is not None and cost > TEILHABE_MONTHLY:
        rows.append(
            (
                _("Teilhabe (§ 28 Abs. 7 SGB II)"),
                _(
                    "%(cost)s im Monat beantragt; berücksichtigt werden bis zu %(cap)s im "
                    "Monat (nicht verbrauchte Beträge können angespart werden)."
                )
                % {"cost": euro(cost), "cap": euro(TEILHABE_MONTHLY)},
            )
        )
    if data.get("anbieter_iban"):
        rows.append((_("Bankverbindung des Anbieters"), _("angegeben (Direktzahlung möglich)")))
    if "befoerderung" in (data.get("leistungen") or []):
        rows.append(
            (
                _("Schülerbeförderung"),
                _(
                    "nur als Geldleistung (§ 29 Abs. 1 Satz 3 "
                    "SGB II); nächstgelegene Schule: %(answer)s"
                )
                % {"answer": _("ja") if data.get("naechste_schule") else _("nein")},
            )
        )
    return rows


def umzug(case: Any) -> Rows:
    data = _data(case)
    if "zusicherung" not in (data.get("umzug_antraege") or []):
        cost = amount(data.get("umzugskosten_betrag"))
        return [(_("Umzugskosten beantragt"), euro(cost) if cost is not None else "–")]
    rent = (amount(data.get("neue_kaltmiete")) or Decimal(0)) + (
        amount(data.get("neue_nebenkosten")) or Decimal(0)
    )
    heat = amount(data.get("neue_heizkosten")) or Decimal(0)
    try:
        persons = int(data.get("neue_personen") or 1)
    except (TypeError, ValueError):
        persons = 1
    check = angemessenheit.pruefen(
        jobcenter_id=case.jobcenter_id,
        personen=persons,
        bruttokaltmiete=rent,
        heizkosten=heat,
        on=day(data.get("einzug_datum")) or timezone.localdate(),
    )
    rows = check.staff_rows()
    cost = amount(data.get("umzugskosten_betrag"))
    if cost is not None:
        rows.append((_("Umzugskosten beantragt"), euro(cost)))
    return rows


def _person(case: Any) -> Any:
    return getattr(case, "applicant", None)


def darlehen(case: Any) -> Rows:
    data = _data(case)
    asked = amount(data.get("darlehen_betrag") or data.get("kaution_betrag"))
    month = timezone.localdate()
    rb = money.regelbedarf_of(_person(case), case.bedarfsgemeinschaft_id, month)
    rows: Rows = [(_("Beantragt"), euro(asked) if asked is not None else "–")]
    savings = amount(data.get("darlehen_ersparnis_betrag"))
    if savings:
        rows.append((_("Eigene Mittel, die eingesetzt werden können"), euro(savings)))
    if rb is None:
        rows.append(
            (
                _("Tilgung (§ 42a Abs. 2 SGB II)"),
                _(
                    "Für %(month)s gibt es keinen Bescheid mit dem Regelbedarf der Person – "
                    "die Aufrechnung beginnt, sobald einer vorliegt."
                )
                % {"month": month_de(first_of_month(month))},
            )
        )
        return rows
    rate = money.instalment(rb)
    rows.append((_("Monatliche Aufrechnung (5 %% von %(rb)s)") % {"rb": euro(rb)}, euro(rate)))
    if asked:
        rows.append(
            (
                _("Getilgt nach etwa"),
                _("%(n)s Monaten") % {"n": money.months_to_repay(asked - (savings or 0), rate)},
            )
        )
    return rows


def loan_check(case: Any, outcome: Outcome, letter: Letter) -> str:
    if outcome.amount and _person(case) is None:
        return str(
            _(
                "Für ein Darlehen muss die Person in der Akte erfasst sein (die Forderung "
                "wird ihr zugeordnet). Bitte ordnen Sie den Fall zuerst einer Person zu."
            )
        )
    return ""


def mehrbedarf(case: Any) -> Rows:
    data = _data(case)
    labels = {
        "schwangerschaft": _("Schwangerschaft (§ 21 Abs. 2 SGB II)"),
        "behinderung": _("Behinderung (§ 21 Abs. 4 SGB II)"),
        "ernaehrung": _("Kostenaufwändige Ernährung (§ 21 Abs. 5 SGB II)"),
    }
    arten = data.get("mehrbedarf_arten")
    # stored answers are data: anything but a list of known keys is ignored, never a crash
    chosen = [labels[k] for k in (arten if isinstance(arten, list) else [])
              if isinstance(k, str) and k in labels]
    rows: Rows = [(_("Beantragt"), "; ".join(chosen) or "–")]
    due_date = day(data.get("entbindungstermin"))
    if due_date:
        rows.append((_("Entbindungstermin"), formats.date_format(due_date, "DATE_FORMAT")))
    rows.append(
        (
            _("Bewilligen"),
            _(
                "über die Berechnung dieses Falls (Link unten): Sie enthält den beantragten "
                "Mehrbedarf aus den Angaben; prüfen Sie die Nachweise, ändern Sie die "
                "Berechnung wenn nötig mit Begründung und erlassen Sie den Änderungsbescheid "
                "(§ 48 SGB X). Eine Ablehnung erlassen Sie hier."
            ),
        )
    )
    return rows


def heizkosten(case: Any) -> Rows:
    data = _data(case)
    cost = amount(data.get("brennstoff_betrag"))
    area = amount(data.get("wohnflaeche"))
    rows: Rows = [(_("Preis laut Angebot oder Rechnung"), euro(cost) if cost is not None else "–")]
    if cost is not None and area:
        rows.append((_("je m² Wohnfläche"), euro((cost / area).quantize(Decimal("0.01")))))
    last = day(data.get("brennstoff_letzte"))
    if last:
        rows.append((_("Letzter Kauf"), formats.date_format(last, "DATE_FORMAT")))
    return rows


def nachzahlung(case: Any) -> Rows:
    data = _data(case)
    start, end = day(data.get("abrechnung_von")), day(data.get("abrechnung_bis"))
    asked = amount(data.get("nachzahlung_betrag"))
    rows: Rows = [(_("Verlangte Nachzahlung"), euro(asked) if asked is not None else "–")]
    if start is None or end is None or end < start:
        return rows
    recognised = money.recognised_kdu(case.bedarfsgemeinschaft_id, start, end)
    rows.append(
        (
            _("Anerkannte Kosten für Unterkunft und Heizung im Abrechnungszeitraum"),
            _("%(total)s in %(n)s Monaten laut Bescheid")
            % {"total": euro(recognised.total), "n": len(recognised.months)},
        )
    )
    if recognised.months:
        average = (recognised.total / len(recognised.months)).quantize(Decimal("0.01"))
        rows.append((_("im Durchschnitt je Monat"), euro(average)))
    if recognised.missing:
        rows.append(
            (
                _("Monate ohne Bescheid (nicht im Leistungsbezug oder vor der Plattform)"),
                ", ".join(month_de(m) for m in recognised.missing),
            )
        )
    if asked is not None and recognised.months:
        rows.append(
            (
                _("Nachzahlung im Verhältnis zu den anerkannten Kosten"),
                f"{(asked / recognised.total * 100).quantize(Decimal('0.1'))} %"
                if recognised.total
                else "–",
            )
        )
    return rows


def mehrbedarf_links(case: Any) -> Rows:
    """The way to the Bewilligung: the case's calculation (Änderungsbescheid)."""
    return [
        (
            _("Berechnung mit dem Mehrbedarf öffnen (Änderungsbescheid)"),
            reverse("decisions:calculation", kwargs={"case_pk": case.pk}),
        )
    ]
