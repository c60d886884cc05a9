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


def _rent_check(case: Any, data: dict[str, Any]) -> Rows:
    """The new home's Bruttokaltmiete and Heizkosten against the Jobcenter's
    Angemessenheitsgrenze valid on the move-in day (Umzug, Auszug unter 25)."""
    rent = (amount(data.get("neue_kaltmiete")) or Decimal(0)) + (
        amount(data.get("neue_nebenkosten")) or Decimal(0)
    )
    heat = amount(data.get("neue_heizkosten")) or Decimal(0)
    try:
        persons = int(data.get("neue_personen") or 1)
    except (TypeError, ValueError, OverflowError):
        persons = 1
    check = angemessenheit.pruefen(
        jobcenter_id=case.jobcenter_id,
        personen=persons,
        bruttokaltmiete=rent,
        heizkosten=heat,
        on=day(data.get("einzug_datum")) or timezone.localdate(),
    )
    return check.staff_rows()


def umzug(case: Any) -> Rows:
    data = _data(case)
    asked = data.get("umzug_antraege")
    asked = asked if isinstance(asked, list) else []
    rows: Rows = _rent_check(case, data) if "zusicherung" in asked else []
    cost = amount(data.get("umzugskosten_betrag"))
    if "umzugskosten" in asked or cost is not None:
        rows.append((_("Umzugskosten beantragt"), euro(cost) if cost is not None else "–"))
    if "wohnungsbeschaffung" in asked:
        cost = amount(data.get("beschaffung_betrag"))
        rows.append((_("Wohnungs­beschaffungskosten beantragt"),
                     euro(cost) if cost is not None else "–"))
    return rows


#: the grounds of § 22 Abs. 5 Satz 2 SGB II as the person chose them
U25_GROUNDS = {
    "sozial": gettext_lazy("schwerwiegende soziale Gründe (§ 22 Abs. 5 Satz 2 Nr. 1 SGB II)"),
    "arbeit": gettext_lazy(
        "zur Eingliederung in den Arbeitsmarkt erforderlich (§ 22 Abs. 5 Satz 2 Nr. 2 SGB II)"),
    "sonstiges": gettext_lazy(
        "sonstiger, ähnlich schwerwiegender Grund (§ 22 Abs. 5 Satz 2 Nr. 3 SGB II)"),
}


def _birthday(born: dt.date, years: int) -> dt.date | None:
    """The day a person born on ``born`` turns ``years`` (29 February: 1 March)."""
    try:
        return born.replace(year=born.year + years)
    except ValueError:
        try:
            return dt.date(born.year + years, 3, 1)
        except ValueError:  # beyond the calendar: a stored answer that is no real birth date
            return None


def auszug_u25(case: Any) -> Rows:
    """Auszug unter 25 (§ 22 Abs. 5 SGB II): the age on the move-in day (from the person's
    record where there is one), the ground the person named, whether the Zusicherung could
    still be given before the contract (else Satz 3), the Satz 4 question and the rent
    check."""
    data = _data(case)
    rows: Rows = []
    moving_in = day(data.get("einzug_datum"))
    person = _person(case)
    born = getattr(person, "birth_date", None) or day(data.get("geburtsdatum"))
    if born is not None and moving_in is not None:
        years = moving_in.year - born.year - (
            (moving_in.month, moving_in.day) < (born.month, born.day))
        birthday = _birthday(born, 25)
        rows.append((_("Alter am Tag des Einzugs"),
                     _("%(years)s Jahre; 25 Jahre alt am %(day)s") % {
                         "years": years,
                         "day": formats.date_format(birthday, "DATE_FORMAT") if birthday
                         else "–"}))
    ground = data.get("auszug_grund")
    rows.append((_("Genannter Grund"),
                 str(U25_GROUNDS[ground]) if isinstance(ground, str) and ground in U25_GROUNDS
                 else "–"))
    if data.get("bereits_ausgezogen") is True:
        rows.append((_("Vertrag schon geschlossen oder ausgezogen"),
                     _("ja – eine vorherige Zusicherung ist nicht mehr möglich; prüfen Sie, ob "
                       "sie aus wichtigem Grund nicht zumutbar war (§ 22 Abs. 5 Satz 3 SGB II)")))
    if data.get("leistungsbezug") is False:
        rows.append((_("Noch kein Leistungsbezug"),
                     _("prüfen Sie, ob der Umzug erfolgt, um die Voraussetzungen für die "
                       "Leistungen herbeizuführen (§ 22 Abs. 5 Satz 4 SGB II)")))
    return rows + _rent_check(case, data)


SCHULDEN_KINDS = {
    "miete": gettext_lazy("Mietschulden – Sicherung der Unterkunft"),
    "heizung": gettext_lazy("Schulden für Heizenergie – Sicherung der Unterkunft"),
    "strom": gettext_lazy("Stromschulden – vergleichbare Notlage"),
}
THREATS = {
    "mahnung": gettext_lazy("Mahnung mit Androhung"),
    "kuendigung": gettext_lazy("Kündigung der Wohnung"),
    "raeumungsklage": gettext_lazy("Räumungsklage oder Räumungstermin"),
    "sperrandrohung": gettext_lazy("Sperre angekündigt"),
    "gesperrt": gettext_lazy("Versorgung gesperrt"),
}


def mietschulden(case: Any) -> Rows:
    """Miet- und Energieschulden (§ 22 Abs. 8 SGB II): the kind and what threatens, the
    deadline, whether Bedarfe für Unterkunft und Heizung are recognised this month (the
    condition of Satz 1), the attempt to agree on instalments, then the loan's facts (own
    means first, Satz 3; the § 42a instalment)."""
    data = _data(case)
    kind, threat = data.get("schulden_art"), data.get("bedrohung")
    rows: Rows = [
        (_("Art der Schulden"),
         str(SCHULDEN_KINDS[kind]) if isinstance(kind, str) and kind in SCHULDEN_KINDS
         else "–"),
        (_("Es droht"),
         str(THREATS[threat]) if isinstance(threat, str) and threat in THREATS else "–"),
    ]
    deadline = day(data.get("frist_datum"))
    if deadline is not None:
        rows.append((_("Frist oder Termin"), formats.date_format(deadline, "DATE_FORMAT")))
    today = timezone.localdate()
    recognised = money.recognised_kdu(case.bedarfsgemeinschaft_id, today, today)
    rows.append((
        _("Bedarf für Unterkunft und Heizung im laufenden Monat (§ 22 Abs. 8 Satz 1 SGB II)"),
        _("%(total)s laut Bescheid") % {"total": euro(recognised.total)} if recognised.months
        else _("kein Bescheid für %(month)s – Voraussetzung prüfen") % {
            "month": month_de(first_of_month(today))}))
    if data.get("ratenzahlung") is True:
        rows.append((_("Ratenzahlung mit dem Gläubiger besprochen"),
                     str(data.get("ratenzahlung_text") or "") or _("ja")))
    elif data.get("ratenzahlung") is False:
        rows.append((_("Ratenzahlung mit dem Gläubiger besprochen"), _("nein")))
    return rows + darlehen(case)


def _person(case: Any) -> Any:
    return getattr(case, "applicant", None)


#: the answers with the amount a loan is asked for (Darlehen, Mietkaution,
#: Genossenschaftsanteile, Miet- oder Energieschulden) and with the own means to use first
LOAN_AMOUNTS = ("darlehen_betrag", "kaution_betrag", "anteile_betrag", "schulden_betrag")
OWN_MEANS = ("darlehen_ersparnis_betrag", "vermoegen_betrag")


def loan_asked(data: dict[str, Any]) -> Decimal | None:
    """The amount the loan is asked for: the first of ``LOAN_AMOUNTS`` given."""
    return next((a for a in (amount(data.get(k)) for k in LOAN_AMOUNTS) if a is not None), None)


def _own_means(data: dict[str, Any]) -> Decimal | None:
    return next((a for a in (amount(data.get(k)) for k in OWN_MEANS) if a), None)


def darlehen(case: Any) -> Rows:
    data = _data(case)
    asked = loan_asked(data)
    month = timezone.localdate()
    rb = money.regelbedarf_of(_person(case), case.bedarfsgemeinschaft_id, month)
    rows: Rows = [(_("Beantragt"), euro(asked) if asked is not None else "–")]
    savings = _own_means(data)
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
