"""The facts of a Bescheid letter (issue 14, item 1): salutation by name, the § 38 SGB II
note, the reference block (Aktenzeichen, Bescheid-Nr., Kundennummer, BG number, team and
contact), the persons with their dates of birth, the payment (masked IBAN, payment date,
back payment), which Bescheid it changes for which months with the amounts of the same
months, months computed with law not yet known, and the asset check of an Ablehnung
wegen Vermögen.

Dates are those of Europe/Berlin (``timezone.localdate``), amounts and dates in German
format. ``decisions.documents`` places these texts; the template only lays them out.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

from jobcenter.antraege.services.sgb2_request import base_answers_for
from jobcenter.decisions import addressees, chain, checks, deadlines, kinds
from jobcenter.decisions.models import Decision
from jobcenter.households.models import BankAccount


def euro(value: Decimal | float) -> str:
    """German amount: 1.234,56 €."""
    text = f"{Decimal(str(value)).quantize(Decimal('0.01')):,.2f}"
    return text.replace(",", "§").replace(".", ",").replace("§", ".") + " €"


def date_de(day: dt.date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else ""


def month_de(month: dt.date) -> str:
    """"Januar 2027" in German, "January 2027" in English: the month's name in the active
    language (Django's own catalogue of month names, ``django.utils.dates.MONTHS``); letters
    are built under German, so their text stays German."""
    return f"{MONTHS[month.month]} {month.year}"


def months_text(months: list[dt.date]) -> str:
    """"Dezember 2026 bis November 2027" for consecutive months, else a list."""
    if not months:
        return ""
    runs: list[list[dt.date]] = []
    for month in sorted(months):
        if runs and deadlines.add_months(runs[-1][-1], 1) == month:
            runs[-1].append(month)
        else:
            runs.append([month])
    parts = [month_de(run[0]) if len(run) == 1 else
             _("%(first)s bis %(last)s") % {"first": month_de(run[0]), "last": month_de(run[-1])}
             for run in runs]
    return ", ".join(parts)


def received_on(decision: Decision) -> dt.date:
    """The day the application arrived, in Europe/Berlin (never the UTC date)."""
    return timezone.localdate(decision.case.received_at)


def _birth(value: str) -> str:
    try:
        return date_de(dt.date.fromisoformat(value))
    except (TypeError, ValueError):
        return ""


def person_label(decision: Decision, person_key: str, name: str = "") -> str:
    """"Vorname Nachname, geb. 17.05.1985" — the person as the letter names them."""
    data = (decision.snapshot.get("persons") or {}).get(person_key) or {}
    name = data.get("name") or name or (decision.snapshot.get("names") or {}).get(person_key, "")
    birth = _birth(str(data.get("birth_date") or ""))
    if name and birth:
        return _("%(name)s, geb. %(birth)s") % {"name": name, "birth": birth}
    return name


def birth_labels(decision: Decision) -> dict[str, str]:
    """Person name → "Name, geb. …" (the Berechnungsbogen's person headings)."""
    labels = {}
    for pid, data in (decision.snapshot.get("persons") or {}).items():
        if data.get("name"):
            labels[data["name"]] = person_label(decision, pid)
    return labels


def addressee_of(decision: Decision) -> dict[str, Any] | None:
    """The member an Aufhebungs- und Erstattungsbescheid is addressed to
    (``decisions.addressees``); None for a Bescheid to the applicant for the BG."""
    return ((decision.snapshot or {}).get("erstattung") or {}).get("addressee")


def salutation(decision: Decision) -> str:
    """By name: "Sehr geehrte Frau …", "Sehr geehrter Herr …", otherwise (no or another
    gender stated) the neutral "Guten Tag Vorname Nachname"."""
    addressee = addressee_of(decision)
    if addressee is not None:
        return addressees.salutation(addressee)
    person = decision.case.applicant
    if person is None:
        user = decision.case.applicant_user
        full = user.get_full_name() if user is not None else ""
        return _("Guten Tag %(name)s,") % {"name": full} if full else _("Guten Tag,")
    if person.sex == "w":
        return _("Sehr geehrte Frau %(last)s,") % {"last": person.last_name}
    if person.sex == "m":
        return _("Sehr geehrter Herr %(last)s,") % {"last": person.last_name}
    return _("Guten Tag %(first)s %(last)s,") % {"first": person.first_name,
                                                 "last": person.last_name}


def _members(decision: Decision) -> list[str]:
    """The persons of the BG in the calculation, "Name, geb. …", applicant first."""
    results = decision.snapshot.get("results") or {}
    seen: list[str] = []
    for result in results.values():
        for person in result.get("personen") or []:
            pid = str(person["id"])
            if person.get("in_bg", True) and pid not in seen:
                seen.append(pid)
    return [label for pid in seen if (label := person_label(decision, pid))]


#: Types for which the addressee acts for the BG under § 38 Abs. 1 SGB II.
REPRESENTED = frozenset({"bewilligung", "teilbewilligung", "ablehnung", "aenderung"})


def _lowers_a_month(decision: Decision) -> bool:
    for month, total in _month_totals(decision).items():
        before = chain.total_in_force(
            month=month, bedarfsgemeinschaft_id=decision.bedarfsgemeinschaft_id,
            case_id=decision.case_id, before=decision)
        if before is not None and total < before:
            return True
    return False


def representation_note(decision: Decision) -> str:
    """§ 38 Abs. 1 SGB II: the addressee receives the Bescheid for the whole BG.

    The presumed authority covers applying for and receiving benefits: a Bewilligung,
    Teilbewilligung or Ablehnung of the application, or an Änderung that lowers no month. A
    Bescheid that takes benefits away (Aufhebung, a lowering Änderung) must be addressed to
    each member it concerns (BSG, 4 June 2014, B 14 AS 2/13 R) — it gets no such note."""
    key = decision.decision_type.key
    if key not in REPRESENTED:
        return ""
    if key == "aenderung" and _lowers_a_month(decision):
        return ""
    members = _members(decision)
    if len(members) < 2:
        return ""
    return _("Dieser Bescheid betrifft alle Personen Ihrer Bedarfsgemeinschaft: %(persons)s. "
             "Nach § 38 Abs. 1 SGB II wird vermutet, dass Sie bevollmächtigt sind, die "
             "Leistungen auch für diese Personen zu beantragen und entgegenzunehmen. Jede "
             "Person hat einen eigenen Anspruch. Wer seine Angelegenheiten selbst "
             "wahrnehmen möchte, kann uns das jederzeit mitteilen.") % {
        "persons": "; ".join(members)}


def bg_number(decision: Decision) -> str:
    """The BG number, when the household data carry one (``Bedarfsgemeinschaft.number``);
    never made up from an internal key."""
    bg = decision.bedarfsgemeinschaft or decision.case.bedarfsgemeinschaft
    return str(getattr(bg, "number", "") or "") if bg is not None else ""


def reference_rows(decision: Decision) -> list[list[str]]:
    case = decision.case
    rows = [[_("Aktenzeichen"), case.reference]]
    if decision.pk:
        kind = kinds.get(decision.decision_type.key)
        letter_only = kind is not None and not kind.verwaltungsakt
        rows.append([_("Schreiben-Nr.") if letter_only else _("Bescheid-Nr."),
                     decision.reference])
    addressee = addressee_of(decision)
    if addressee is not None:
        customer = addressee.get("customer_number") or ""
    else:
        customer = case.applicant.customer_number if case.applicant_id else ""
    if customer:
        rows.append([_("Kundennummer"), customer])
    number = bg_number(decision)
    if number:
        rows.append([_("BG-Nummer"), number])
    rows.append([_("Datum"), date_de(decision.letter_date)])
    if decision.period_from and decision.period_to:
        rows.append([_("Zeitraum"), f"{date_de(decision.period_from)} – "
                                    f"{date_de(decision.period_to)}"])
    if case.team_id:
        rows.append([_("Zuständig"), case.team.name])
    if case.assignee_id and case.assignee.get_full_name():
        rows.append([_("Ansprechperson"), case.assignee.get_full_name()])
    return rows  # phone, e-mail and opening hours stand in the letterhead


def masked_iban(iban: str) -> str:
    """"DE89 •••• •••• •••• •••• 00": enough to recognise the account, not to copy it."""
    compact = "".join((iban or "").split()).upper()
    if len(compact) < 8:
        return ""
    hidden = compact[:4] + "•" * (len(compact) - 6) + compact[-2:]
    return " ".join(hidden[i:i + 4] for i in range(0, len(hidden), 4))


def _iban(decision: Decision) -> str:
    """The account the payment run pays to (``zahlungen.services.due.bank_accounts``): the
    one the caseworker maintains for the applicant, valid on the letter's day, wins over
    the latest IBAN given in an application or a change of bank account."""
    case = decision.case
    if case.applicant_id:
        day = _issued_on(decision)
        maintained = (BankAccount.objects
                      .filter(person_id=case.applicant_id, valid_from__lte=day)
                      .exclude(valid_to__lt=day)
                      .order_by("valid_from", "pk").values_list("iban", flat=True).last())
        if maintained:
            return masked_iban(maintained)
    state = base_answers_for(user=case.applicant_user, person=None) \
        if case.applicant_user_id else base_answers_for(user=None, person=case.applicant)
    return masked_iban(str(state.get("iban") or ""))


def _month_totals(decision: Decision) -> dict[dt.date, Decimal]:
    """Per month the total of the BG — or, in a member's own Bescheid, that member's."""
    addressee = addressee_of(decision)
    totals: dict[dt.date, Decimal] = {}
    for row in decision.amounts.all():
        if addressee is not None and row.person_key != addressee["person_key"]:
            continue
        totals[row.month] = totals.get(row.month, Decimal(0)) + row.amount
    return totals


def _before(decision: Decision, month: dt.date) -> Decimal | None:
    """The total of ``month`` under the Bescheid in force before this one (the member's
    amount in a member's own Bescheid)."""
    addressee = addressee_of(decision)
    if addressee is None:
        return chain.total_in_force(
            month=month, bedarfsgemeinschaft_id=decision.bedarfsgemeinschaft_id,
            case_id=decision.case_id, before=decision)
    _ruler, rows = chain.amounts_in_force(
        month=month, bedarfsgemeinschaft_id=decision.bedarfsgemeinschaft_id,
        case_id=decision.case_id, before=decision)
    row = rows.get(addressee["person_key"])
    return row.amount if row is not None else None


def _issued_on(decision: Decision) -> dt.date:
    return decision.letter_date or timezone.localdate()


def payment_paragraphs(decision: Decision) -> list[str]:
    """For a Bescheid that pays: where to, from when, and the back payment for months that
    have begun (their amounts are due at the start of the month, § 42 Abs. 1 SGB II)."""
    if decision.decision_type.key not in checks.PAYING:
        return []
    totals = _month_totals(decision)
    if not totals:
        return []
    today = _issued_on(decision)
    current = today.replace(day=1)
    past = [m for m in sorted(totals) if m <= current]
    future = [m for m in sorted(totals) if m > current and totals[m] > 0]
    if decision.decision_type.key == "aenderung":
        owed = Decimal(0)
        for month in past:
            before = chain.total_in_force(
                month=month, bedarfsgemeinschaft_id=decision.bedarfsgemeinschaft_id,
                case_id=decision.case_id, before=decision) or Decimal(0)
            owed += totals[month] - before
    else:
        owed = sum((totals[m] for m in past), Decimal(0))
    iban = _iban(decision)
    texts = []
    account = (_("auf Ihr Konto mit der IBAN %(iban)s") % {"iban": iban}) if iban else \
        _("auf Ihr Konto")
    if future:
        texts.append(_("Wir überweisen die Leistungen monatlich im Voraus %(account)s "
                       "(§ 42 Abs. 1 SGB II), erstmals zum Anfang von %(month)s. Der Betrag ist "
                       "jeweils am ersten Bankarbeitstag des Monats auf Ihrem Konto.")
                     % {"account": account, "month": month_de(future[0])})
    if past and owed > 0:
        texts.append(_("Für %(months)s zahlen wir %(amount)s nach. Die Nachzahlung "
                       "überweisen wir in den nächsten Tagen %(account)s.")
                     % {"months": months_text(past), "amount": euro(owed), "account": account})
    elif past and owed < 0:
        texts.append(_("Für %(months)s haben wir bereits mehr gezahlt, als Ihnen nach diesem "
                       "Bescheid zusteht (%(amount)s). Ob und in welcher Höhe Sie etwas "
                       "erstatten müssen, entscheiden wir gesondert, nachdem wir Sie angehört "
                       "haben (§ 24 SGB X); dieser Bescheid fordert nichts zurück.")
                     % {"months": months_text(past), "amount": euro(-owed)})
    if not iban:
        texts.append(_("Uns liegt keine Bankverbindung vor. Bitte teilen Sie uns Ihre IBAN "
                       "mit, damit wir überweisen können."))
    return texts


def change_paragraphs(decision: Decision) -> list[str]:
    """Which Bescheide this one changes (date, Bescheid-Nr., months) and, for every run of
    months with equal amounts, the old and new monthly total of those same months."""
    changes = chain.changed_by(decision) if decision.decision_type.key != "bewilligung" else []
    if not changes:
        return []
    texts = []
    # The Änderungsbescheid's own first sentence (and the Abhilfebescheid's, a registered
    # kind with ``names_changed``) names the one Bescheid it changes and the months (from …
    # to …); only other or further changed Bescheide need naming here.
    kind = kinds.get(decision.decision_type.key)
    names_it = decision.decision_type.key == "aenderung" or (kind is not None
                                                             and kind.names_changed)
    named = (names_it and len(changes) == 1
             and changes[0].decision.pk == decision.previous_id
             and changes[0].months == chain.months_ruled(decision))
    for change in [] if named else changes:
        old = change.decision
        texts.append(_("Geändert wird damit unser Bescheid vom %(date)s (%(type)s, "
                       "Bescheid-Nr. %(reference)s) für %(months)s.")
                     % {"type": old.decision_type.title, "date": date_de(old.letter_date),
                        "reference": old.reference, "months": months_text(change.months)})
    totals = _month_totals(decision)
    runs: list[tuple[list[dt.date], Decimal | None, Decimal]] = []
    for month in sorted(totals):
        before = _before(decision, month)
        if runs and runs[-1][1] == before and runs[-1][2] == totals[month]:
            runs[-1][0].append(month)
        else:
            runs.append(([month], before, totals[month]))
    for months, before, after in runs:
        if before is None:
            continue
        values = {"months": months_text(months), "before": euro(before), "after": euro(after),
                  "diff": euro(abs(after - before))}
        if after > before:
            texts.append(_("%(months)s: bisher %(before)s, künftig %(after)s monatlich "
                           "(höher um %(diff)s).") % values)
        elif after < before:
            texts.append(_("%(months)s: bisher %(before)s, künftig %(after)s monatlich "
                           "(niedriger um %(diff)s).") % values)
        else:
            texts.append(_("%(months)s: unverändert %(after)s monatlich.") % values)
    return texts


def unknown_law_months(decision: Decision) -> list[dt.date]:
    """Months computed with Regelbedarfe fixed for an earlier year: the amounts for that
    year are not yet set, so the ones in force were
    carried forward."""
    months = []
    for key, result in (decision.snapshot.get("results") or {}).items():
        month = dt.date(int(key[:4]), int(key[5:7]), 1)
        version = next((v for v in result.get("rechtsstand") or []
                        if str(v).startswith("regelbedarf@")), "")
        if version and int(version.split("@", 1)[1][:4]) < month.year:
            months.append(month)
    return sorted(months)


def provisional_law_paragraph(decision: Decision) -> str:
    months = unknown_law_months(decision)
    if not months:
        return ""
    return _("Für %(months)s sind die Regelbedarfe noch nicht festgesetzt. Wir haben die "
             "Beträge angesetzt, die jetzt gelten. Werden neue Regelbedarfe festgesetzt, "
             "berechnen wir diese Monate von uns aus neu und teilen Ihnen das Ergebnis mit; "
             "Sie müssen dafür keinen Antrag stellen.") % {"months": months_text(months)}


def asset_check(decision: Decision) -> list[dict[str, Any]]:
    """The Vermögensprüfung of an Ablehnung wegen Vermögen, in the Berechnungsbogen's
    shape: each person's assets, the BG's total, the allowances, the excess."""
    results = decision.snapshot.get("results") or {}
    found = next(((key, checks.asset_excess(r)) for key, r in results.items()
                  if checks.asset_excess(r)), None)
    if found is None:
        return []
    key, (assets, allowance) = found
    request = decision.snapshot.get("request") or {}
    rows = []
    for index, person in enumerate(request.get("personen") or []):
        value = person.get("vermoegen")
        if value:
            pid = str(person.get("id") or f"P{index + 1}")
            rows.append([_("Vermögen von %(person)s") % {"person": person_label(decision, pid)},
                         "§ 12 Abs. 1 SGB II", euro(value)])
    rows += [
        [_("Vermögen der Bedarfsgemeinschaft zusammen"), "§ 12 Abs. 1 SGB II", euro(assets)],
        [_("Freibeträge der Bedarfsgemeinschaft"), "§ 12 Abs. 2 und 4 SGB II", euro(allowance)],
        [_("Vermögen über den Freibeträgen"), "§ 9 Abs. 1 SGB II", euro(assets - allowance)],
    ]
    month = dt.date(int(key[:4]), int(key[5:7]), 1)
    return [{
        "title": _("Vermögensprüfung %(month)s") % {"month": month_de(month)},
        "columns": [_("Betrag")],
        "sections": [{"title": _("Vermögen und Freibeträge"), "subtitle": "", "rows": rows}],
        "notes": [_("Das Vermögen übersteigt die Freibeträge um %(excess)s. Solange das so "
                    "ist, sind Sie nicht hilfebedürftig (§ 9 Abs. 1, § 12 SGB II); einen "
                    "Bedarf und einen Anspruch berechnen wir deshalb nicht.")
                  % {"excess": euro(assets - allowance)}],
    }]
