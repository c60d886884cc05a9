"""The concerns where money follows, on the base of ``anliegen`` (its registry, staff
screen, letters and catalogue): Bildung und Teilhabe, the move (Zusicherung, Umzugskosten,
Mietkaution), Mehrbedarf, Darlehen, Heizmaterial, Nachzahlung aus der Abrechnung and the
Erstausstattung. Registered in ``config/wiring.py`` (``CONCERN_CATALOGUES``); each
concern's letters are written here, next to its entry, citing the norm they apply.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobcenter.anliegen import registry
from jobcenter.anliegen.registry import (
    ABLEHNUNG,
    BESCHEID,
    Anliegen,
    Art,
    Letter,
    Outcome,
    ReceiptTexts,
)
from jobcenter.antraege import preview as antraege_preview
from jobcenter.bedarfe import facts, previews
from jobcenter.bedarfe.facts import but_items
from jobcenter.decisions.documents import date_de, euro

L = gettext_lazy


def _received(letter: Letter) -> str:
    return date_de(letter.received) if letter.received else ""


def _day(letter: Letter, key: str) -> str:
    try:
        return date_de(dt.date.fromisoformat(str(letter.answers.get(key))))
    except (TypeError, ValueError):
        return ""


def _money(letter: Letter, key: str) -> str:
    try:
        return euro(Decimal(str(letter.answers.get(key))))
    except (InvalidOperation, ValueError, TypeError):
        return ""


def _amount(letter: Letter) -> str:
    return euro(letter.amount) if letter.amount is not None else ""


def _refusal(subject: Any, norm: str) -> Any:
    """The operative sentence of a refusal (the reasons follow under "Begründung")."""

    def paragraphs(letter: Letter) -> list[str]:
        return [_("Ihren Antrag vom %(received)s auf %(subject)s lehnen wir ab (%(norm)s). "
                  "Die Gründe stehen unten.") % {"received": _received(letter),
                                                  "subject": str(subject), "norm": norm}]

    return paragraphs


REFUSAL_TEMPLATES = (
    L("Die eingereichten Unterlagen belegen den Bedarf nicht. Wir hatten Sie um weitere "
      "Nachweise gebeten; diese sind bis zum Ablauf der Frist nicht eingegangen (§ 66 SGB I)."),
    L("Der Bedarf ist bereits durch den Regelbedarf oder eine andere Leistung gedeckt."),
)


def _refuse(subject: Any, norm: str, title: Any) -> Outcome:
    return Outcome(key="ablehnung", label=L("Ablehnen"), decision_type=ABLEHNUNG, title=title,
                   paragraphs=_refusal(subject, norm), reasons_required=True,
                   reason_templates=REFUSAL_TEMPLATES)


def _separately(what: Any) -> ReceiptTexts:
    return ReceiptTexts(
        counts_title=L("Ab wann Ihr Antrag zählt"),
        counts=what,
        next_steps=(L("Das Jobcenter entscheidet über Ihren Antrag und schickt Ihnen einen "
                      "Bescheid."),))


# --- Bildung und Teilhabe (§ 28, § 29 SGB II) ---------------------------------------------

def _child(letter: Letter) -> str:
    name = " ".join(str(letter.answers.get(k) or "").strip()
                    for k in ("kind_vorname", "kind_nachname")).strip()
    born = _day(letter, "kind_geburtsdatum")
    return _("%(name)s, geboren am %(born)s") % {"name": name, "born": born} if born else name


def _but_grant(direct: bool) -> Any:
    def paragraphs(letter: Letter) -> list[str]:
        texts = [_("auf Ihren Antrag vom %(received)s bewilligen wir für %(child)s Leistungen "
                   "für Bildung und Teilhabe nach § 28 SGB II in Höhe von %(amount)s.")
                 % {"received": _received(letter), "child": _child(letter),
                    "amount": _amount(letter)}]
        items = but_items(letter.answers)
        if items:
            texts.append(_("Beantragt waren: %(items)s.") % {"items": "; ".join(items)})
        if letter.details:
            texts.append(_("Im Einzelnen: %(details)s") % {"details": letter.details})
        if direct:
            payee = str(letter.answers.get("anbieter_name") or "").strip()
            texts.append((_("Wir zahlen den Betrag direkt an %(payee)s (Direktzahlung an den "
                            "Anbieter, § 29 Abs. 1 Satz 1 Nr. 2 und Abs. 3 SGB II). Mit der "
                            "Zahlung gilt die Leistung als erbracht.") % {"payee": payee})
                         if payee else
                         _("Wir zahlen den Betrag direkt an die Schule oder den Anbieter "
                           "(Direktzahlung an den Anbieter, § 29 Abs. 1 Satz 1 Nr. 2 und Abs. 3 "
                           "SGB II). Mit der Zahlung gilt die Leistung als erbracht."))
        else:
            texts.append(_("Wir zahlen den Betrag an Sie aus (Geldleistung, § 29 Abs. 1 Satz 1 "
                           "Nr. 3 und Satz 3 SGB II)."))
        texts.append(_("Bitte heben Sie die Belege auf: Das Jobcenter kann im Einzelfall einen "
                       "Nachweis verlangen, dass die Leistung für diesen Zweck verwendet wurde "
                       "(§ 29 Abs. 5 SGB II)."))
        return texts

    return paragraphs


def _but_check(case: Any, outcome: Outcome, letter: Letter) -> str:
    if outcome.key == "bewilligung_geld" and set(letter.answers.get("leistungen") or []) - {
            "befoerderung"} and not letter.details:
        return str(_("Schulausflüge, Klassenfahrten, Lernförderung, Mittagessen und Teilhabe "
                     "werden als Geldleistung nur erbracht, wenn Ihr Jobcenter diese Form "
                     "bestimmt hat (§ 29 Abs. 1 Satz 2 SGB II). Bitte schreiben Sie unter „Im "
                     "Einzelnen“, wofür der Betrag ist."))
    return ""


BILDUNG_TEILHABE = Anliegen(
    key="bildung_teilhabe", case_type="bildung_teilhabe", processing_days=21, group="kinder",
    art=Art.BEWILLIGUNG, money=True,
    title=L("Bildung und Teilhabe für Ihr Kind"),
    description=L("Geld für Schulausflüge und Klassenfahrten, Nachhilfe, das Mittagessen in "
                  "Schule oder Kita, die Fahrkarte zur Schule und für Verein, Musikschule oder "
                  "Freizeiten (bis 15 € im Monat). Den Schulbedarf (130 € zum 1. August, 65 € "
                  "zum 1. Februar) zahlt das Jobcenter ohne Antrag mit der Leistung."),
    audience=L("Für Kinder und Jugendliche unter 25 Jahren, die zur Schule oder in die Kita "
               "gehen und Bürgergeld erhalten; Verein und Freizeit bis 18 Jahre."),
    documents=(L("Elternbrief oder Bestätigung der Schule mit den Kosten"),
               L("für Lernförderung: die Bestätigung der Schule"),
               L("für Mittagessen, Fahrkarte oder Verein: Vertrag oder Beitragsnachweis"),
               L("wenn vorhanden: die Bankverbindung des Anbieters")),
    keywords=(L("BuT"), L("Bildungspaket"), L("Klassenfahrt"), L("Nachhilfe"), L("Schule"),
              L("Kita"), L("Mittagessen"), L("Sportverein"), L("Schulbedarf")),
    outcomes=(
        Outcome(key="bewilligung_anbieter", label=L("Bewilligen – Zahlung an den Anbieter"),
                decision_type=BESCHEID, amount=True,
                title=L("Bewilligung von Leistungen für Bildung und Teilhabe"),
                paragraphs=_but_grant(direct=True)),
        Outcome(key="bewilligung_geld", label=L("Bewilligen – Geldleistung an die Familie"),
                decision_type=BESCHEID, amount=True,
                title=L("Bewilligung von Leistungen für Bildung und Teilhabe"),
                paragraphs=_but_grant(direct=False)),
        _refuse(L("Leistungen für Bildung und Teilhabe"), "§ 28 SGB II",
                L("Ablehnung von Leistungen für Bildung und Teilhabe")),
    ),
    receipt=_separately(L(
        "Ihr Antrag ist am %(received)s eingegangen. Leistungen für Bildung und Teilhabe "
        "sind mit dem Antrag auf Bürgergeld beantragt; die Lernförderung muss gesondert "
        "beantragt werden und zählt ab dem Tag des Eingangs (§ 37 Abs. 1 Satz 2 SGB II).")),
    letter_answers=("kind_vorname", "kind_nachname", "kind_geburtsdatum", "leistungen",
                    "ausflug_kosten", "fahrt_kosten", "lern_kosten", "essen_kosten",
                    "befoerderung_kosten", "teilhabe_kosten", "anbieter_name"),
    staff_facts=facts.bildung_teilhabe, check=_but_check, preview=previews.bildung_teilhabe,
)


# --- Umzug: Zusicherung (§ 22 Abs. 4) and Umzugskosten (§ 22 Abs. 6) ------------------------


def _address(letter: Letter) -> str:
    value = letter.answers.get("neue_anschrift")
    if not isinstance(value, dict):
        return str(value or "")
    street = str(value.get("street") or value.get("strasse") or "").strip()
    town = " ".join(str(value.get(k) or "").strip() for k in ("postcode", "city")).strip() or \
        " ".join(str(value.get(k) or "").strip() for k in ("plz", "ort")).strip()
    return ", ".join(p for p in (street, town) if p)


def _zusicherung_text(letter: Letter) -> str:
    rent = sum((facts.amount(letter.answers.get(k)) or Decimal("0")
                for k in ("neue_kaltmiete", "neue_nebenkosten")), Decimal("0"))
    return _("Wir sichern Ihnen zu, die Aufwendungen für die neue Unterkunft %(address)s "
             "(Einzug am %(day)s) als Bedarf anzuerkennen: Bruttokaltmiete %(rent)s und "
             "Heizkosten %(heat)s im Monat (§ 22 Abs. 4 SGB II). Die Zusicherung gilt für diese "
             "Wohnung zu diesen Kosten; ändern sich die Kosten vor Vertragsschluss, fragen Sie "
             "uns bitte erneut.") % {"address": _address(letter),
                                    "day": _day(letter, "einzug_datum"), "rent": euro(rent),
                                    "heat": _money(letter, "neue_heizkosten")}


def _umzugskosten_text(letter: Letter) -> str:
    return _("Wir sichern Ihnen zu, Umzugskosten in Höhe von bis zu %(amount)s als Bedarf "
             "anzuerkennen (§ 22 Abs. 6 Satz 1 SGB II). Bitte reichen Sie die Rechnungen oder "
             "Quittungen nach dem Umzug ein; gezahlt werden die nachgewiesenen Kosten bis zu "
             "diesem Betrag.") % {"amount": _amount(letter)}


def _umzug(zusicherung: bool, kosten: bool) -> Any:
    def paragraphs(letter: Letter) -> list[str]:
        texts = [_("auf Ihren Antrag vom %(received)s entscheiden wir über Ihren Umzug wie "
                   "folgt.") % {"received": _received(letter)}]
        if zusicherung:
            texts.append(_zusicherung_text(letter))
        if kosten:
            texts.append(_umzugskosten_text(letter))
        texts.append(_("Bitte teilen Sie uns den Umzug mit einer Veränderungsmitteilung mit, "
                       "sobald Sie eingezogen sind, und reichen Sie den unterschriebenen "
                       "Mietvertrag ein."))
        return texts

    return paragraphs


def _umzug_check(case: Any, outcome: Outcome, letter: Letter) -> str:
    asked = set(letter.answers.get("umzug_antraege") or [])
    if "zusicherung" in outcome.key and "zusicherung" not in asked:
        return str(_("Eine Zusicherung für die neue Wohnung wurde nicht beantragt."))
    if "umzugskosten" in outcome.key and "umzugskosten" not in asked:
        return str(_("Umzugskosten wurden nicht beantragt."))
    return ""


UMZUG = Anliegen(
    key="umzug", case_type="umzug", processing_days=14, group="wohnen", art=Art.BEWILLIGUNG,
    money=True,
    title=L("Umzug: Zusicherung für die neue Wohnung und Umzugskosten"),
    description=L("Bevor Sie einen Mietvertrag unterschreiben, sagt Ihnen das Jobcenter, ob es "
                  "die Kosten der neuen Wohnung übernimmt. Eine Vorprüfung zeigt Ihnen sofort, "
                  "ob die Miete innerhalb der Grenzen Ihres Jobcenters liegt. Auch die "
                  "Umzugskosten beantragen Sie hier."),
    audience=L("Für alle, die Bürgergeld erhalten und umziehen wollen oder müssen."),
    documents=(L("Mietangebot oder Entwurf des Mietvertrags (Kaltmiete, Nebenkosten, "
                 "Heizkosten)"),
               L("für Umzugskosten: Kostenvoranschläge")),
    keywords=(L("Umzug"), L("Wohnung"), L("Miete"), L("Zusicherung"), L("Mietvertrag"),
              L("Umzugskosten"), L("angemessen")),
    outcomes=(
        Outcome(key="zusicherung", label=L("Zusicherung erteilen"), decision_type=BESCHEID,
                title=L("Zusicherung zu den Aufwendungen für die neue Unterkunft"),
                paragraphs=_umzug(True, False)),
        Outcome(key="zusicherung_umzugskosten",
                label=L("Zusicherung erteilen und Umzugskosten bewilligen"),
                decision_type=BESCHEID, amount=True,
                title=L("Zusicherung zur neuen Unterkunft und zu den Umzugskosten"),
                paragraphs=_umzug(True, True)),
        Outcome(key="umzugskosten", label=L("Nur Umzugskosten bewilligen"),
                decision_type=BESCHEID, amount=True,
                title=L("Zusicherung zu den Umzugskosten"), paragraphs=_umzug(False, True)),
        _refuse(L("Zusicherung zum Umzug"), "§ 22 Abs. 4 und 6 SGB II",
                L("Ablehnung der Zusicherung zum Umzug")),
    ),
    receipt=ReceiptTexts(
        counts_title=L("Bitte warten Sie die Zusicherung ab"),
        counts=L("Ihr Antrag ist am %(received)s eingegangen. Unterschreiben Sie den "
                 "Mietvertrag möglichst erst, wenn Sie die Zusicherung haben (§ 22 Abs. 4 "
                 "SGB II); Umzugskosten werden nur nach vorheriger Zusicherung übernommen "
                 "(§ 22 Abs. 6 SGB II)."),
        next_steps=(L("Das Jobcenter prüft die neue Miete und schickt Ihnen einen Bescheid."),)),
    letter_answers=("umzug_antraege", "neue_anschrift", "einzug_datum", "neue_kaltmiete",
                    "neue_nebenkosten", "neue_heizkosten", "neue_personen",
                    "umzugskosten_betrag"),
    staff_facts=facts.umzug, check=_umzug_check, preview=previews.umzug,
)


# --- Mietkaution (§ 22 Abs. 6, § 42a SGB II) -----------------------------------------------

LOAN_REPAYMENT = L(
    "Das Darlehen wird, solange Sie Leistungen zur Sicherung des Lebensunterhalts erhalten, "
    "ab dem Monat, der auf die Auszahlung folgt, durch monatliche Aufrechnung in Höhe von 5 % "
    "des für Sie maßgebenden Regelbedarfs getilgt; hiermit erklären wir diese Aufrechnung "
    "(§ 42a Abs. 2 SGB II). Enden Ihre Leistungen, ist der Rest sofort fällig; wir treffen "
    "dann mit Ihnen eine Vereinbarung über die Rückzahlung (§ 42a Abs. 4 SGB II).")


def _kaution_grant(letter: Letter) -> list[str]:
    landlord = str(letter.answers.get("vermieter_name") or "").strip()
    return [
        _("auf Ihren Antrag vom %(received)s übernehmen wir die Mietkaution für die Wohnung "
          "%(address)s als Darlehen in Höhe von %(amount)s (§ 22 Abs. 6 Satz 1 und 3 SGB II).")
        % {"received": _received(letter), "address": _address(letter),
           "amount": _amount(letter)},
        _("Wir zahlen den Betrag direkt an %(landlord)s.") % {"landlord": landlord}
        if landlord else _("Wir zahlen den Betrag direkt an Ihren Vermieter."),
        str(LOAN_REPAYMENT),
        _("Zahlt der Vermieter die Kaution zurück, wird der noch nicht getilgte Betrag sofort "
          "fällig (§ 42a Abs. 3 Satz 1 SGB II)."),
    ]


MIETKAUTION = Anliegen(
    key="mietkaution", case_type="mietkaution", processing_days=14, group="wohnen",
    art=Art.BEWILLIGUNG, money=True,
    title=L("Mietkaution für die neue Wohnung"),
    description=L("Das Jobcenter übernimmt die Kaution als Darlehen und zahlt sie direkt an "
                  "den Vermieter. Sie zahlen es in kleinen Raten (5 % des Regelbedarfs im "
                  "Monat) zurück."),
    audience=L("Für alle, die Bürgergeld erhalten und in eine Wohnung ziehen, der das "
               "Jobcenter zugestimmt hat."),
    documents=(L("Mietvertrag oder Mietangebot mit der Höhe der Kaution"),
               L("Name und IBAN des Vermieters")),
    keywords=(L("Kaution"), L("Mietkaution"), L("Darlehen"), L("Umzug"), L("Genossenschaft")),
    outcomes=(
        Outcome(key="bewilligung", label=L("Als Darlehen bewilligen"), decision_type=BESCHEID,
                amount=True, title=L("Bewilligung eines Darlehens für die Mietkaution"),
                paragraphs=_kaution_grant),
        _refuse(L("Übernahme der Mietkaution"), "§ 22 Abs. 6 SGB II",
                L("Ablehnung der Übernahme der Mietkaution")),
    ),
    receipt=ReceiptTexts(
        counts_title=L("Bitte warten Sie die Zusicherung ab"),
        counts=L("Ihr Antrag ist am %(received)s eingegangen. Die Kaution wird nur nach "
                 "vorheriger Zusicherung übernommen (§ 22 Abs. 6 SGB II)."),
        next_steps=(L("Das Jobcenter entscheidet und schickt Ihnen einen Bescheid."),)),
    letter_answers=("neue_anschrift", "einzug_datum", "kaution_betrag", "vermieter_name"),
    staff_facts=facts.darlehen, check=facts.loan_check, preview=previews.darlehen,
)


# --- Mehrbedarf (§ 21 SGB II) --------------------------------------------------------------


MEHRBEDARF = Anliegen(
    key="mehrbedarf", case_type="mehrbedarf", processing_days=21, group="einmalig",
    art=Art.BEWILLIGUNG, money=True,
    title=L("Mehrbedarf: Schwangerschaft, Behinderung, kostenaufwändige Ernährung"),
    description=L("Zusätzliches Geld jeden Monat für Schwangere ab der 13. Woche, für Menschen "
                  "mit Behinderung, die Eingliederungshilfe erhalten, und bei einer teuren "
                  "Ernährung wegen einer Krankheit. Die Vorabberechnung zeigt Ihnen den neuen "
                  "Betrag."),
    audience=L("Für alle, die Bürgergeld erhalten, und ihre Familien."),
    documents=(L("Schwangerschaft: Mutterpass (Seite mit dem Entbindungstermin)"),
               L("Behinderung: Bescheid über die Eingliederungshilfe oder "
                 "Schwerbehindertenausweis"),
               L("Ernährung: ärztliche Bescheinigung")),
    keywords=(L("Schwanger"), L("Diät"), L("Krankheit"), L("Behinderung"), L("Zuschlag")),
    outcomes=(
        _refuse(L("Mehrbedarf"), "§ 21 SGB II", L("Ablehnung eines Mehrbedarfs")),
    ),
    receipt=_separately(L(
        "Ihr Antrag ist am %(received)s eingegangen. Ein Mehrbedarf wird ab dem Monat "
        "berücksichtigt, in dem seine Voraussetzungen vorliegen, frühestens ab dem Monat Ihres "
        "Antrags auf Bürgergeld (§ 37 Abs. 2 SGB II).")),
    letter_answers=("mehrbedarf_arten",),
    staff_facts=facts.mehrbedarf, preview=antraege_preview.preview_for_draft,
)


# --- Darlehen für einen unabweisbaren Bedarf (§ 24 Abs. 1, § 42a SGB II) -------------------


def _darlehen_grant(letter: Letter) -> list[str]:
    return [
        _("auf Ihren Antrag vom %(received)s gewähren wir Ihnen für „%(what)s“ ein Darlehen in "
          "Höhe von %(amount)s (§ 24 Abs. 1 SGB II). Wir zahlen den Betrag an Sie aus.")
        % {"received": _received(letter),
           "what": str(letter.answers.get("darlehen_bedarf") or "").strip(),
           "amount": _amount(letter)},
        str(LOAN_REPAYMENT),
    ]


DARLEHEN = Anliegen(
    key="darlehen", case_type="darlehen", processing_days=7, group="einmalig",
    art=Art.BEWILLIGUNG, money=True,
    title=L("Darlehen für einen unabweisbaren Bedarf"),
    description=L("Wenn etwas Wichtiges kaputtgeht oder fehlt (zum Beispiel Kühlschrank, "
                  "Winterjacke) und Sie es nicht aus dem Regelbedarf oder Erspartem bezahlen "
                  "können. Sie zahlen das Darlehen in kleinen Raten zurück (5 % des "
                  "Regelbedarfs im Monat)."),
    audience=L("Für alle, die Bürgergeld erhalten."),
    documents=(L("Angebot, Kostenvoranschlag oder Preis"),),
    keywords=(L("Darlehen"), L("kaputt"), L("Kühlschrank"), L("Waschmaschine"),
              L("Vorschuss")),
    outcomes=(
        Outcome(key="bewilligung", label=L("Darlehen bewilligen"), decision_type=BESCHEID,
                amount=True, title=L("Bewilligung eines Darlehens"),
                paragraphs=_darlehen_grant),
        _refuse(L("ein Darlehen"), "§ 24 Abs. 1 SGB II", L("Ablehnung eines Darlehens")),
    ),
    receipt=_separately(L(
        "Ihr Antrag ist am %(received)s eingegangen. Ein Darlehen nach § 24 Abs. 1 SGB II muss "
        "gesondert beantragt werden; maßgeblich ist der Tag des Eingangs (§ 37 Abs. 1 Satz 2 "
        "SGB II).")),
    letter_answers=("darlehen_bedarf", "darlehen_betrag"),
    staff_facts=facts.darlehen, check=facts.loan_check, preview=previews.darlehen,
)


# --- Heizmaterial (§ 22 Abs. 1 SGB II) ------------------------------------------------------

FUELS = {"heizoel": L("Heizöl"), "pellets": L("Holzpellets"), "holz": L("Brennholz"),
         "kohle": L("Kohle oder Briketts"), "fluessiggas": L("Flüssiggas")}


def _heizung_grant(letter: Letter) -> list[str]:
    fuel = FUELS.get(str(letter.answers.get("brennstoff_art") or ""), "")
    payee = str(letter.answers.get("lieferant_name") or "").strip()
    texts = [_("auf Ihren Antrag vom %(received)s erkennen wir die Kosten für %(fuel)s "
               "(%(quantity)s, Lieferung am %(day)s) in Höhe von %(amount)s als Bedarf für "
               "Heizung an (§ 22 Abs. 1 Satz 1 SGB II).")
             % {"received": _received(letter), "fuel": str(fuel),
                "quantity": str(letter.answers.get("brennstoff_menge") or ""),
                "day": _day(letter, "brennstoff_lieferung"), "amount": _amount(letter)}]
    texts.append(_("Wir zahlen den Betrag direkt an %(payee)s.") % {"payee": payee} if payee
                 else _("Wir zahlen den Betrag an Sie aus."))
    texts.append(_("Die Kosten gelten als Bedarf für den Monat, in dem sie fällig sind. Die "
                   "Menge soll für den Zeitraum reichen, für den sie angemessen ist; bitte "
                   "heben Sie die Rechnung auf."))
    return texts


HEIZKOSTEN = Anliegen(
    key="heizkosten", case_type="heizkosten", processing_days=14, group="wohnen",
    art=Art.BEWILLIGUNG, money=True,
    title=L("Heizkosten für Heizöl, Holz, Kohle oder Pellets"),
    description=L("Wenn Sie selbst heizen und Brennstoff kaufen müssen, übernimmt das "
                  "Jobcenter die angemessenen Kosten einmalig im Monat der Lieferung."),
    audience=L("Für alle, die Bürgergeld erhalten und mit Einzelofen, Öl- oder Pelletheizung "
               "heizen."),
    documents=(L("Angebot oder Rechnung des Lieferanten"),),
    keywords=(L("Heizöl"), L("Brennstoff"), L("Holz"), L("Kohle"), L("Pellets"), L("Heizung")),
    outcomes=(
        Outcome(key="bewilligung", label=L("Bewilligen"), decision_type=BESCHEID, amount=True,
                title=L("Bewilligung von Heizkosten"), paragraphs=_heizung_grant),
        _refuse(L("Übernahme von Heizkosten"), "§ 22 Abs. 1 SGB II",
                L("Ablehnung der Übernahme von Heizkosten")),
    ),
    receipt=_separately(L(
        "Ihr Antrag ist am %(received)s eingegangen. Die Kosten werden für den Monat "
        "berücksichtigt, in dem sie fällig sind (§ 22 Abs. 1 SGB II).")),
    letter_answers=("brennstoff_art", "brennstoff_menge", "brennstoff_lieferung",
                    "lieferant_name"),
    staff_facts=facts.heizkosten,
)


# --- Nachzahlung aus der Betriebs- oder Heizkostenabrechnung (§ 22 Abs. 1 SGB II) -----------


def _nachzahlung_grant(letter: Letter) -> list[str]:
    payee = str(letter.answers.get("empfaenger_name") or "").strip()
    texts = [_("auf Ihren Antrag vom %(received)s erkennen wir die Nachzahlung aus der "
               "Abrechnung für den Zeitraum %(start)s bis %(end)s in Höhe von %(amount)s als "
               "Bedarf für Unterkunft und Heizung im Monat ihrer Fälligkeit an (§ 22 Abs. 1 "
               "SGB II). Verlangt war eine Nachzahlung von %(asked)s.")
             % {"received": _received(letter), "start": _day(letter, "abrechnung_von"),
                "end": _day(letter, "abrechnung_bis"), "amount": _amount(letter),
                "asked": _money(letter, "nachzahlung_betrag")}]
    texts.append(_("Wir zahlen den Betrag direkt an %(payee)s.") % {"payee": payee} if payee
                 else _("Wir zahlen den Betrag an Sie aus."))
    if letter.details:
        texts.append(letter.details)
    return texts


NACHZAHLUNG = Anliegen(
    key="nachzahlung", case_type="nachzahlung", processing_days=14, group="wohnen",
    art=Art.BEWILLIGUNG, money=True,
    title=L("Nachzahlung aus der Nebenkosten- oder Heizkostenabrechnung"),
    description=L("Ihr Vermieter oder Versorger verlangt nach der Jahresabrechnung Geld nach? "
                  "Das Jobcenter übernimmt die Nachzahlung, soweit die Kosten angemessen sind. "
                  "Laden Sie einfach die Abrechnung hoch."),
    audience=L("Für alle, die Bürgergeld erhalten und eine Abrechnung mit Nachzahlung "
               "bekommen haben."),
    documents=(L("Die Abrechnung (alle Seiten)"),),
    keywords=(L("Betriebskosten"), L("Nebenkosten"), L("Abrechnung"), L("Nachzahlung"),
              L("Heizkostenabrechnung"), L("Stadtwerke")),
    outcomes=(
        Outcome(key="bewilligung", label=L("Bewilligen"), decision_type=BESCHEID, amount=True,
                title=L("Übernahme einer Nachzahlung aus der Abrechnung"),
                paragraphs=_nachzahlung_grant),
        _refuse(L("Übernahme einer Nachzahlung"), "§ 22 Abs. 1 SGB II",
                L("Ablehnung der Übernahme einer Nachzahlung")),
    ),
    receipt=_separately(L(
        "Ihr Antrag ist am %(received)s eingegangen. Die Nachzahlung ist ein Bedarf des "
        "Monats, in dem sie fällig ist (§ 22 Abs. 1 SGB II). Bitte zahlen Sie trotzdem "
        "rechtzeitig oder sprechen Sie mit Ihrem Vermieter, wenn die Entscheidung noch "
        "aussteht.")),
    letter_answers=("abrechnung_von", "abrechnung_bis", "nachzahlung_betrag",
                    "empfaenger_name"),
    staff_facts=facts.nachzahlung,
)


# --- Erstausstattung (§ 24 Abs. 3 SGB II; the form of ``antraege``) --------------------------


def _erstausstattung_grant(letter: Letter) -> list[str]:
    texts = [_("auf Ihren Antrag vom %(received)s bewilligen wir Ihnen eine Erstausstattung "
               "in Höhe von %(amount)s (§ 24 Abs. 3 Satz 1 SGB II). Wir zahlen den Betrag an "
               "Sie aus.") % {"received": _received(letter), "amount": _amount(letter)}]
    if letter.details:
        texts.append(_("Im Einzelnen: %(details)s") % {"details": letter.details})
    texts.append(_("Die Leistung ist eine Pauschale; sie muss nicht zurückgezahlt werden."))
    return texts


ERSTAUSSTATTUNG = Anliegen(
    key="erstausstattung", case_type="erstausstattung", processing_days=21, group="einmalig",
    art=Art.BEWILLIGUNG, money=True,
    title=L("Erstausstattung für die Wohnung oder bei Schwangerschaft und Geburt"),
    description=L("Einmaliges Geld für eine erste Wohnungseinrichtung (zum Beispiel nach einer "
                  "Trennung oder einem Wohnungsbrand) oder für Umstandskleidung und die "
                  "Babyausstattung. Es muss nicht zurückgezahlt werden."),
    audience=L("Für alle, die Bürgergeld erhalten oder beantragt haben."),
    documents=(L("bei Schwangerschaft: Mutterpass (Seite mit dem Entbindungstermin) oder "
                 "Geburtsurkunde"),),
    keywords=(L("Möbel"), L("Baby"), L("Kinderwagen"), L("Erstausstattung"), L("Einrichtung")),
    outcomes=(
        Outcome(key="bewilligung", label=L("Bewilligen"), decision_type=BESCHEID, amount=True,
                title=L("Bewilligung einer Erstausstattung"),
                paragraphs=_erstausstattung_grant),
        _refuse(L("Erstausstattung"), "§ 24 Abs. 3 SGB II",
                L("Ablehnung einer Erstausstattung")),
    ),
    receipt=_separately(L(
        "Ihr Antrag ist am %(received)s eingegangen. Eine Erstausstattung muss gesondert "
        "beantragt werden; maßgeblich ist der Tag des Eingangs (§ 37 Abs. 1 S. 2 SGB II).")),
    letter_answers=("anlaesse",),
)


CONCERNS = (BILDUNG_TEILHABE, UMZUG, MIETKAUTION, MEHRBEDARF, DARLEHEN, HEIZKOSTEN,
            NACHZAHLUNG, ERSTAUSSTATTUNG)


def register_all() -> None:
    for concern in CONCERNS:
        registry.register(concern)
