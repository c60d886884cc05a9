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


MEHRBEDARF_LABELS = {
    "schwangerschaft": gettext_lazy("Schwangerschaft (§ 21 Abs. 2 SGB II)"),
    "behinderung": gettext_lazy("Behinderung (§ 21 Abs. 4 SGB II)"),
    "ernaehrung": gettext_lazy("Kostenaufwändige Ernährung (§ 21 Abs. 5 SGB II)"),
    "haertefall": gettext_lazy("Laufender besonderer Bedarf (§ 21 Abs. 6 SGB II)"),
    "einmalig": gettext_lazy("Einmaliger besonderer Bedarf (§ 21 Abs. 6 Satz 1 SGB II)"),
    "schulbuecher": gettext_lazy("Schulbücher und Arbeitshefte (§ 21 Abs. 6a SGB II)"),
}
#: the kinds granted through the case's calculation (an Änderungsbescheid)
MONTHLY_KINDS = ("schwangerschaft", "behinderung", "ernaehrung", "haertefall")


def _items(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _who(value: Any) -> str:
    return str(value or "").strip() or _("antragstellende Person")


def _key(value: Any, labels: dict[str, Any]) -> str | None:
    """A stored single choice as a known key (anything else — a list, a number — is None)."""
    return value if isinstance(value, str) and value in labels else None


def mehrbedarf(case: Any) -> Rows:
    data = _data(case)
    arten = data.get("mehrbedarf_arten")
    # stored answers are data: anything but a list of known keys is ignored, never a crash
    chosen = [k for k in (arten if isinstance(arten, list) else [])
              if isinstance(k, str) and k in MEHRBEDARF_LABELS]
    rows: Rows = [(_("Beantragt"), "; ".join(str(MEHRBEDARF_LABELS[k]) for k in chosen) or "–")]
    due_date = day(data.get("entbindungstermin"))
    if due_date and "schwangerschaft" in chosen:
        rows.append((_("Entbindungstermin"), formats.date_format(due_date, "DATE_FORMAT")))
    if "haertefall" in chosen:
        for item in _items(data.get("haertefall")):
            cost = amount(item.get("hf_betrag"))
            rows.append((
                _("Laufender besonderer Bedarf (%(who)s)") % {"who": _who(item.get("hf_person"))},
                _("%(cost)s im Monat: %(what)s") % {
                    "cost": euro(cost) if cost is not None else "–",
                    "what": " ".join(str(item.get("hf_bedarf") or "").split()) or "–"},
            ))
    if "einmalig" in chosen:
        cost = amount(data.get("em_betrag"))
        rows.append((_("Einmaliger Bedarf"), _("%(cost)s: %(what)s") % {
            "cost": euro(cost) if cost is not None else "–",
            "what": " ".join(str(data.get("em_bedarf") or "").split()) or "–"}))
        rows.append((_("Warum kein Darlehen (§ 21 Abs. 6 Satz 1 Halbsatz 2 SGB II)"),
                     " ".join(str(data.get("em_kein_darlehen") or "").split()) or "–"))
    if "schulbuecher" in chosen:
        cost = amount(data.get("sb_betrag"))
        rows.append((_("Schulbücher und Arbeitshefte"), _("%(cost)s für %(child)s (%(school)s)") % {
            "cost": euro(cost) if cost is not None else "–",
            "child": str(data.get("sb_kind") or "").strip() or "–",
            "school": str(data.get("sb_schule") or "").strip() or "–"}))
    if any(k in MONTHLY_KINDS for k in chosen) or not chosen:
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
    if "einmalig" in chosen or "schulbuecher" in chosen:
        rows.append(
            (
                _("Einmalige Bedarfe"),
                _(
                    "Schulbücher (§ 21 Abs. 6a SGB II) und einen einmaligen besonderen Bedarf "
                    "(§ 21 Abs. 6 Satz 1 SGB II) bewilligen Sie hier mit dem Betrag; er wird "
                    "einmal mit dem nächsten täglichen Zahllauf gezahlt."
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


#: what staff read on every concern whose amount the engine does not compute (§ 26, § 27)
#: and how a monthly amount is paid (``zahlungen.StandingOrder``)
MANUAL_NOTE = gettext_lazy(
    "Der Rechenkern bildet diese Leistung nicht ab: Sie setzen den Betrag selbst fest "
    "(Eingabe unten), der Bescheid nennt ihn. Bei einem Betrag im Monat wählen Sie auch den "
    "ersten und letzten Monat; nach dem Erlass zahlt der Zahllauf ihn in jedem dieser Monate "
    "(zu sehen und vorzeitig zu beenden unter „Zahlungen“ der Bedarfsgemeinschaft)."
)

KV_ART = {
    "privat": gettext_lazy("privat krankenversichert"),
    "freiwillig": gettext_lazy("freiwillig gesetzlich krankenversichert"),
}


def kv_zuschuss(case: Any) -> Rows:
    """§ 26 SGB II: the contributions, the cap the law sets and where the money goes."""
    data = _data(case)
    art = _key(data.get("kv_art"), KV_ART)
    start = day(data.get("kv_ab"))
    rows: Rows = [(
        _("Versicherung"),
        _("%(art)s bei %(insurer)s, ab %(day)s (versicherte Person: %(who)s)") % {
            "who": _who(data.get("kv_person")),
            "art": str(KV_ART[art]) if art else "–",
            "insurer": " ".join(str(data.get("kv_versicherer") or "").split()) or "–",
            "day": formats.date_format(start, "DATE_FORMAT") if start else "–"},
    )]
    kv, pv = amount(data.get("kv_beitrag")), amount(data.get("pv_beitrag"))
    for label, value in ((_("Beitrag zur Krankenversicherung im Monat"), kv),
                         (_("Beitrag zur Pflegeversicherung im Monat"), pv)):
        rows.append((label, euro(value) if value is not None else "–"))
    if art == "privat":
        basis = amount(data.get("kv_basistarif_beitrag"))
        if data.get("kv_basistarif") is True:
            rows.append((_("Obergrenze Krankenversicherung (§ 26 Abs. 1 Satz 1 SGB II)"), _(
                "Basistarif: der nach § 152 Abs. 4 VAG halbierte Beitrag. Prüfen Sie, ob die "
                "Beitragsmitteilung schon den halbierten Beitrag nennt; sonst braucht die "
                "Versicherung die Bescheinigung der Hilfebedürftigkeit.")))
        elif basis:
            cap = (basis / 2).quantize(Decimal("0.01"))
            rows.append((_("Obergrenze Krankenversicherung (§ 26 Abs. 1 Satz 1 SGB II)"), _(
                "halber Beitrag im Basistarif (§ 152 Abs. 4 VAG): %(cap)s") % {"cap": euro(cap)}))
            if kv is not None:
                rows.append((_("Zuschuss zur Krankenversicherung höchstens"), euro(min(kv, cap))))
        else:
            rows.append((_("Obergrenze Krankenversicherung (§ 26 Abs. 1 Satz 1 SGB II)"), _(
                "halber Beitrag im Basistarif (§ 152 Abs. 4 VAG) – der Beitrag im Basistarif "
                "ist nicht angegeben; bitte bei der Person anfordern (Unterlagen anfordern).")))
        rows.append((_("Obergrenze Pflegeversicherung (§ 26 Abs. 3 Satz 1 SGB II)"), _(
            "die Hälfte des Höchstbeitrags der sozialen Pflegeversicherung, höchstens der "
            "tatsächliche Beitrag.")))
    elif art == "freiwillig":
        rows.append((_("Zuschuss (§ 26 Abs. 1 Satz 2 SGB II)"), _(
            "in Höhe des Beitrags, soweit er nicht nach § 11b Abs. 1 Satz 1 Nr. 2 SGB II vom "
            "Einkommen abgesetzt wird: zusammen %(total)s im Monat") % {
                "total": euro((kv or Decimal(0)) + (pv or Decimal(0)))}))
    rows.append((_("Zahlung (§ 26 Abs. 5 SGB II)"), _(
        "direkt an die Versicherung; IBAN der Versicherung: %(iban)s") % {
            "iban": _("angegeben") if data.get("kv_iban") else _("nicht angegeben")}))
    rows.append((_("Betrag festsetzen"), str(MANUAL_NOTE)))
    return rows


AZUBI_ART = {
    "studium": gettext_lazy("Studium"),
    "schule": gettext_lazy("Schule mit BAföG-Anspruch dem Grunde nach"),
    "berufsausbildung": gettext_lazy("Berufsausbildung mit Unterbringung"),
}
AZUBI_FOERDERUNG = {
    "ja": gettext_lazy("BAföG oder BAB wird gezahlt"),
    "beantragt": gettext_lazy("BAföG oder BAB beantragt, noch nicht gezahlt"),
    "nein": gettext_lazy("kein BAföG und keine BAB"),
}
AZUBI_LEISTUNGEN = {
    "mehrbedarf": gettext_lazy("Mehrbedarf (§ 27 Abs. 2 SGB II)"),
    "erster_monat": gettext_lazy("Darlehen für den ersten Monat (§ 27 Abs. 3 Satz 3 SGB II)"),
    "haerte": gettext_lazy("Darlehen wegen besonderer Härte (§ 27 Abs. 3 Satz 1 SGB II)"),
}
AZUBI_MEHRBEDARF = {
    "schwangerschaft": gettext_lazy("Schwangerschaft (§ 21 Abs. 2)"),
    "alleinerziehend": gettext_lazy("Alleinerziehend (§ 21 Abs. 3)"),
    "ernaehrung": gettext_lazy("Ernährung (§ 21 Abs. 5)"),
    "haertefall": gettext_lazy("laufender besonderer Bedarf (§ 21 Abs. 6)"),
}


def _chosen(value: Any, labels: dict[str, Any]) -> list[str]:
    return [k for k in (value if isinstance(value, list) else [])
            if isinstance(k, str) and k in labels]


def auszubildende(case: Any) -> Rows:
    """§ 27 SGB II: the training, its funding and what is asked, with the norms."""
    data = _data(case)
    art = _key(data.get("azubi_art"), AZUBI_ART)
    begin, end = day(data.get("azubi_beginn")), day(data.get("azubi_ende"))
    rows: Rows = [(_("Ausbildung"), _("%(art)s, %(where)s, %(start)s bis %(end)s") % {
        "art": str(AZUBI_ART[art]) if art else "–",
        "where": " ".join(str(data.get("azubi_stelle") or "").split()) or "–",
        "start": formats.date_format(begin, "DATE_FORMAT") if begin else "–",
        "end": formats.date_format(end, "DATE_FORMAT") if end else _("offen")})]
    funding = _key(data.get("azubi_foerderung"), AZUBI_FOERDERUNG)
    text = str(AZUBI_FOERDERUNG[funding]) if funding else "–"
    paid = amount(data.get("azubi_foerderung_betrag"))
    if funding == "ja" and paid is not None:
        text = _("%(text)s: %(amount)s im Monat") % {"text": text, "amount": euro(paid)}
    rows.append((_("Ausbildungsförderung"), text))
    asked = _chosen(data.get("azubi_leistungen"), AZUBI_LEISTUNGEN)
    rows.append((_("Beantragt"), "; ".join(str(AZUBI_LEISTUNGEN[k]) for k in asked) or "–"))
    if "mehrbedarf" in asked:
        kinds = _chosen(data.get("azubi_mehrbedarf_arten"), AZUBI_MEHRBEDARF)
        rows.append((_("Mehrbedarf"), "; ".join(str(AZUBI_MEHRBEDARF[k]) for k in kinds) or "–"))
    if "erster_monat" in asked:
        first = day(data.get("azubi_erstes_geld"))
        cost = amount(data.get("azubi_darlehen_betrag"))
        rows.append((_("Darlehen für den ersten Monat"), _(
            "%(amount)s bis zum ersten Geld am %(day)s; fällig erst nach Abschluss der "
            "Ausbildung (§ 42a Abs. 5 SGB II), keine Aufrechnung (§ 42a Abs. 2 Satz 3 SGB II)")
            % {"amount": euro(cost) if cost is not None else "–",
               "day": formats.date_format(first, "DATE_FORMAT") if first else "–"}))
    if "haerte" in asked:
        cost = amount(data.get("azubi_haerte_betrag"))
        rows.append((_("Darlehen wegen besonderer Härte"), _(
            "%(amount)s im Monat; nachrangig gegenüber dem Mehrbedarf (§ 27 Abs. 3 Satz 4 "
            "SGB II)") % {"amount": euro(cost) if cost is not None else "–"}))
    rows.append((_("Voraussetzung"), _(
        "Leistungen nach § 27 SGB II erhält nur, wer nach § 7 Abs. 5 SGB II wegen der "
        "Ausbildung vom Grundsicherungsgeld ausgeschlossen ist (nicht bei § 7 Abs. 6 SGB II: "
        "dann gilt der Hauptantrag). Sie gelten nicht als Grundsicherungsgeld (§ 27 Abs. 1 "
        "Satz 2 SGB II).")))
    rows.append((_("Betrag festsetzen"), str(MANUAL_NOTE)))
    return rows
