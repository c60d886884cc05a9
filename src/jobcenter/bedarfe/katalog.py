"""The concerns where money follows, on the base of ``anliegen`` (its registry, staff
screen, letters and catalogue): Bildung und Teilhabe, the move (Zusicherung, Umzugskosten,
Mietkaution), Mehrbedarf, Darlehen, Heizmaterial, Nachzahlung aus der Abrechnung, the
Erstausstattung and the Vorschuss (its own module ``vorschuss.py``). Registered in
``config/wiring.py`` (``CONCERN_CATALOGUES``); each concern's letters are written here,
next to its entry, citing the norm they apply.
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
from jobcenter.bedarfe import facts, vorschau
from jobcenter.bedarfe.facts import but_items
from jobcenter.bedarfe.vorschuss import VORSCHUSS
from jobcenter.decisions.documents import date_de, euro


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
        return [
            _(
                "Ihren Antrag vom %(received)s auf %(subject)s lehnen wir ab (%(norm)s). "
                "Die Gründe stehen unten."
            )
            % {"received": _received(letter), "subject": str(subject), "norm": norm}
        ]

    return paragraphs


REFUSAL_TEMPLATES = (
    gettext_lazy(
        "Die eingereichten Unterlagen belegen den Bedarf nicht. Wir hatten Sie um weitere "
        "Nachweise gebeten; diese sind bis zum Ablauf der Frist nicht eingegangen (§ 66 SGB I)."
    ),
    gettext_lazy("Der Bedarf ist bereits durch den Regelbedarf oder eine andere Leistung gedeckt."),
)


def _refuse(subject: Any, norm: str, title: Any) -> Outcome:
    return Outcome(
        key="ablehnung",
        label=gettext_lazy("Ablehnen"),
        decision_type=ABLEHNUNG,
        title=title,
        paragraphs=_refusal(subject, norm),
        reasons_required=True,
        reason_templates=REFUSAL_TEMPLATES,
    )


def _separately(what: Any) -> ReceiptTexts:
    return ReceiptTexts(
        counts_title=gettext_lazy("Ab wann Ihr Antrag zählt"),
        counts=what,
        next_steps=(
            gettext_lazy(
                "Das Jobcenter entscheidet über Ihren Antrag und schickt Ihnen einen Bescheid."
            ),
        ),
    )


# --- Bildung und Teilhabe (§ 28, § 29 SGB II) ---------------------------------------------


def _child(letter: Letter) -> str:
    name = " ".join(
        str(letter.answers.get(k) or "").strip() for k in ("kind_vorname", "kind_nachname")
    ).strip()
    born = _day(letter, "kind_geburtsdatum")
    return _("%(name)s, geboren am %(born)s") % {"name": name, "born": born} if born else name


def _but_grant(direct: bool) -> Any:
    def paragraphs(letter: Letter) -> list[str]:
        texts = [
            _(
                "auf Ihren Antrag vom %(received)s bewilligen wir für %(child)s Leistungen "
                "für Bildung und Teilhabe nach § 28 SGB II in Höhe von %(amount)s."
            )
            % {"received": _received(letter), "child": _child(letter), "amount": _amount(letter)}
        ]
        items = but_items(letter.answers)
        if items:
            texts.append(_("Beantragt waren: %(items)s.") % {"items": "; ".join(items)})
        if letter.details:
            texts.append(_("Im Einzelnen: %(details)s") % {"details": letter.details})
        if direct:
            payee = str(letter.answers.get("anbieter_name") or "").strip()
            texts.append(
                (
                    _(
                        "Wir zahlen den Betrag direkt an %(payee)s (Direktzahlung an den "
                        "Anbieter, § 29 Abs. 1 Satz 1 Nr. 2 und Abs. 3 SGB II). Mit der "
                        "Zahlung gilt die Leistung als erbracht."
                    )
                    % {"payee": payee}
                )
                if payee
                else _(
                    "Wir zahlen den Betrag direkt an die Schule oder den Anbieter "
                    "(Direktzahlung an den Anbieter, § 29 Abs. 1 Satz 1 Nr. 2 und Abs. 3 "
                    "SGB II). Mit der Zahlung gilt die Leistung als erbracht."
                )
            )
        else:
            texts.append(
                _(
                    "Wir zahlen den Betrag an Sie aus (Geldleistung, § 29 Abs. 1 Satz 1 "
                    "Nr. 3 und Satz 3 SGB II)."
                )
            )
        texts.append(
            _(
                "Bitte heben Sie die Belege auf: Das Jobcenter kann im Einzelfall einen "
                "Nachweis verlangen, dass die Leistung für diesen Zweck verwendet wurde "
                "(§ 29 Abs. 5 SGB II)."
            )
        )
        return texts

    return paragraphs


def _but_check(case: Any, outcome: Outcome, letter: Letter) -> str:
    if (
        outcome.key == "bewilligung_geld"
        and set(letter.answers.get("leistungen") or []) - {"befoerderung"}
        and not letter.details
    ):
        return str(
            _(
                "Schulausflüge, Klassenfahrten, Lernförderung, Mittagessen und Teilhabe "
                "werden als Geldleistung nur erbracht, wenn Ihr Jobcenter diese Form "
                "bestimmt hat (§ 29 Abs. 1 Satz 2 SGB II). Bitte schreiben Sie unter „Im "
                "Einzelnen“, wofür der Betrag ist."
            )
        )
    return ""


BILDUNG_TEILHABE = Anliegen(
    key="bildung_teilhabe",
    case_type="bildung_teilhabe",
    processing_days=21,
    group="kinder",
    art=Art.BEWILLIGUNG,
    money=True,
    title=gettext_lazy("Bildung und Teilhabe für Ihr Kind"),
    description=gettext_lazy(
        "Geld für Schulausflüge und Klassenfahrten, Nachhilfe, das Mittagessen in "
        "Schule oder Kita, die Fahrkarte zur Schule und für Verein, Musikschule oder "
        "Freizeiten (bis 15 € im Monat). Für den Schulbedarf (130 € zum 1. August, 65 € "
        "zum 1. Februar) brauchen Sie keinen Antrag."
    ),
    audience=gettext_lazy(
        "Für Kinder und Jugendliche unter 25 Jahren, die zur Schule oder in die Kita "
        "gehen und Bürgergeld erhalten; Verein und Freizeit bis 18 Jahre."
    ),
    documents=(
        gettext_lazy("Elternbrief oder Bestätigung der Schule mit den Kosten"),
        gettext_lazy("für Lernförderung: die Bestätigung der Schule"),
        gettext_lazy("für Mittagessen, Fahrkarte oder Verein: Vertrag oder Beitragsnachweis"),
        gettext_lazy("wenn vorhanden: die Bankverbindung des Anbieters"),
    ),
    keywords=(
        gettext_lazy("BuT"),
        gettext_lazy("Bildungspaket"),
        gettext_lazy("Klassenfahrt"),
        gettext_lazy("Nachhilfe"),
        gettext_lazy("Schule"),
        gettext_lazy("Kita"),
        gettext_lazy("Mittagessen"),
        gettext_lazy("Sportverein"),
        gettext_lazy("Schulbedarf"),
    ),
    outcomes=(
        Outcome(
            key="bewilligung_anbieter",
            label=gettext_lazy("Bewilligen – Zahlung an den Anbieter"),
            decision_type=BESCHEID,
            amount=True,
            title=gettext_lazy("Bewilligung von Leistungen für Bildung und Teilhabe"),
            paragraphs=_but_grant(direct=True),
            payee=True,
            payee_answer="anbieter_name",
            payee_iban_answer="anbieter_iban",
        ),
        Outcome(
            key="bewilligung_geld",
            label=gettext_lazy("Bewilligen – Geldleistung an die Familie"),
            decision_type=BESCHEID,
            amount=True,
            title=gettext_lazy("Bewilligung von Leistungen für Bildung und Teilhabe"),
            paragraphs=_but_grant(direct=False),
        ),
        _refuse(
            gettext_lazy("Leistungen für Bildung und Teilhabe"),
            "§ 28 SGB II",
            gettext_lazy("Ablehnung von Leistungen für Bildung und Teilhabe"),
        ),
    ),
    receipt=_separately(
        gettext_lazy(
            "Ihr Antrag ist am %(received)s eingegangen. Leistungen für Bildung und Teilhabe "
            "sind mit dem Antrag auf Bürgergeld beantragt; die Lernförderung muss gesondert "
            "beantragt werden und zählt ab dem Tag des Eingangs (§ 37 Abs. 1 Satz 2 SGB II)."
        )
    ),
    letter_answers=(
        "kind_vorname",
        "kind_nachname",
        "kind_geburtsdatum",
        "leistungen",
        "ausflug_kosten",
        "fahrt_kosten",
        "lern_kosten",
        "essen_kosten",
        "befoerderung_kosten",
        "teilhabe_kosten",
        "anbieter_name",
    ),
    staff_facts=facts.bildung_teilhabe,
    check=_but_check,
    preview=vorschau.bildung_teilhabe,
)


# --- Umzug: Zusicherung (§ 22 Abs. 4) and Umzugskosten (§ 22 Abs. 6) ------------------------


def _address(letter: Letter) -> str:
    value = letter.answers.get("neue_anschrift")
    if not isinstance(value, dict):
        return str(value or "")
    street = str(value.get("street") or value.get("strasse") or "").strip()
    town = (
        " ".join(str(value.get(k) or "").strip() for k in ("postcode", "city")).strip()
        or " ".join(str(value.get(k) or "").strip() for k in ("plz", "ort")).strip()
    )
    return ", ".join(p for p in (street, town) if p)


def _zusicherung_text(letter: Letter) -> str:
    rent = sum(
        (
            facts.amount(letter.answers.get(k)) or Decimal("0")
            for k in ("neue_kaltmiete", "neue_nebenkosten")
        ),
        Decimal("0"),
    )
    return _(
        "Wir sichern Ihnen zu, die Aufwendungen für die neue Unterkunft %(address)s "
        "(Einzug am %(day)s) als Bedarf anzuerkennen: Bruttokaltmiete %(rent)s und "
        "Heizkosten %(heat)s im Monat (§ 22 Abs. 4 SGB II). Die Zusicherung gilt für diese "
        "Wohnung zu diesen Kosten; ändern sich die Kosten vor Vertragsschluss, fragen Sie "
        "uns bitte erneut."
    ) % {
        "address": _address(letter),
        "day": _day(letter, "einzug_datum"),
        "rent": euro(rent),
        "heat": _money(letter, "neue_heizkosten"),
    }


def _umzugskosten_text(letter: Letter) -> str:
    return _(
        "Wir sichern Ihnen zu, Umzugskosten in Höhe von bis zu %(amount)s als Bedarf "
        "anzuerkennen (§ 22 Abs. 6 Satz 1 SGB II). Bitte reichen Sie die Rechnungen oder "
        "Quittungen nach dem Umzug ein; gezahlt werden die nachgewiesenen Kosten bis zu "
        "diesem Betrag."
    ) % {"amount": _amount(letter)}


def _umzug(zusicherung: bool, kosten: bool) -> Any:
    def paragraphs(letter: Letter) -> list[str]:
        texts = [
            _("auf Ihren Antrag vom %(received)s entscheiden wir über Ihren Umzug wie folgt.")
            % {"received": _received(letter)}
        ]
        if zusicherung:
            texts.append(_zusicherung_text(letter))
        if kosten:
            texts.append(_umzugskosten_text(letter))
        texts.append(
            _(
                "Bitte teilen Sie uns den Umzug mit einer Veränderungsmitteilung mit, "
                "sobald Sie eingezogen sind, und reichen Sie den unterschriebenen "
                "Mietvertrag ein."
            )
        )
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
    key="umzug",
    case_type="umzug",
    processing_days=14,
    group="wohnen",
    art=Art.BEWILLIGUNG,
    money=True,
    title=gettext_lazy("Umzug: Zusicherung für die neue Wohnung und Umzugskosten"),
    description=gettext_lazy(
        "Bevor Sie einen Mietvertrag unterschreiben, sagt Ihnen das Jobcenter, ob es "
        "die Kosten der neuen Wohnung übernimmt. Eine Vorprüfung zeigt Ihnen sofort, "
        "ob die Miete innerhalb der Grenzen Ihres Jobcenters liegt. Auch die "
        "Umzugskosten beantragen Sie hier."
    ),
    audience=gettext_lazy("Für alle, die Bürgergeld erhalten und umziehen wollen oder müssen."),
    documents=(
        gettext_lazy(
            "Mietangebot oder Entwurf des Mietvertrags (Kaltmiete, Nebenkosten, Heizkosten)"
        ),
        gettext_lazy("für Umzugskosten: Kostenvoranschläge"),
    ),
    keywords=(
        gettext_lazy("Umzug"),
        gettext_lazy("Wohnung"),
        gettext_lazy("Miete"),
        gettext_lazy("Zusicherung"),
        gettext_lazy("Mietvertrag"),
        gettext_lazy("Umzugskosten"),
        gettext_lazy("angemessen"),
    ),
    outcomes=(
        Outcome(
            key="zusicherung",
            label=gettext_lazy("Zusicherung erteilen"),
            decision_type=BESCHEID,
            title=gettext_lazy("Zusicherung zu den Aufwendungen für die neue Unterkunft"),
            paragraphs=_umzug(True, False),
        ),
        Outcome(
            key="zusicherung_umzugskosten",
            label=gettext_lazy("Zusicherung erteilen und Umzugskosten bewilligen"),
            decision_type=BESCHEID,
            amount=True,
            title=gettext_lazy("Zusicherung zur neuen Unterkunft und zu den Umzugskosten"),
            paragraphs=_umzug(True, True),
        ),
        Outcome(
            key="umzugskosten",
            label=gettext_lazy("Nur Umzugskosten bewilligen"),
            decision_type=BESCHEID,
            amount=True,
            title=gettext_lazy("Zusicherung zu den Umzugskosten"),
            paragraphs=_umzug(False, True),
        ),
        _refuse(
            gettext_lazy("Zusicherung zum Umzug"),
            "§ 22 Abs. 4 und 6 SGB II",
            gettext_lazy("Ablehnung der Zusicherung zum Umzug"),
        ),
    ),
    receipt=ReceiptTexts(
        counts_title=gettext_lazy("Bitte warten Sie die Zusicherung ab"),
        counts=gettext_lazy(
            "Ihr Antrag ist am %(received)s eingegangen. Unterschreiben Sie den "
            "Mietvertrag möglichst erst, wenn Sie die Zusicherung haben (§ 22 Abs. 4 "
            "SGB II); Umzugskosten werden nur nach vorheriger Zusicherung übernommen "
            "(§ 22 Abs. 6 SGB II)."
        ),
        next_steps=(
            gettext_lazy("Das Jobcenter prüft die neue Miete und schickt Ihnen einen Bescheid."),
        ),
    ),
    letter_answers=(
        "umzug_antraege",
        "neue_anschrift",
        "einzug_datum",
        "neue_kaltmiete",
        "neue_nebenkosten",
        "neue_heizkosten",
        "neue_personen",
        "umzugskosten_betrag",
    ),
    staff_facts=facts.umzug,
    check=_umzug_check,
    preview=vorschau.umzug,
)


# --- Mietkaution (§ 22 Abs. 6, § 42a SGB II) -----------------------------------------------

LOAN_REPAYMENT = gettext_lazy(
    "Das Darlehen wird, solange Sie Leistungen zur Sicherung des Lebensunterhalts erhalten, "
    "ab dem Monat, der auf die Auszahlung folgt, durch monatliche Aufrechnung in Höhe von 5 % "
    "des für Sie maßgebenden Regelbedarfs getilgt; hiermit erklären wir diese Aufrechnung "
    "(§ 42a Abs. 2 SGB II). Enden Ihre Leistungen, ist der Rest sofort fällig; wir treffen "
    "dann mit Ihnen eine Vereinbarung über die Rückzahlung (§ 42a Abs. 4 SGB II)."
)


def _kaution_grant(letter: Letter) -> list[str]:
    landlord = str(letter.answers.get("vermieter_name") or "").strip()
    return [
        _(
            "auf Ihren Antrag vom %(received)s übernehmen wir die Mietkaution für die Wohnung "
            "%(address)s als Darlehen in Höhe von %(amount)s (§ 22 Abs. 6 Satz 1 und 3 SGB II)."
        )
        % {"received": _received(letter), "address": _address(letter), "amount": _amount(letter)},
        _("Wir zahlen den Betrag direkt an %(landlord)s.") % {"landlord": landlord}
        if landlord
        else _("Wir zahlen den Betrag direkt an Ihren Vermieter."),
        str(LOAN_REPAYMENT),
        _(
            "Zahlt der Vermieter die Kaution zurück, wird der noch nicht getilgte Betrag sofort "
            "fällig (§ 42a Abs. 3 Satz 1 SGB II)."
        ),
    ]


MIETKAUTION = Anliegen(
    key="mietkaution",
    case_type="mietkaution",
    processing_days=14,
    group="wohnen",
    art=Art.BEWILLIGUNG,
    money=True,
    title=gettext_lazy("Mietkaution für die neue Wohnung"),
    description=gettext_lazy(
        "Das Jobcenter übernimmt die Kaution als Darlehen und zahlt sie direkt an "
        "den Vermieter. Sie zahlen es in kleinen Raten (5 % des Regelbedarfs im "
        "Monat) zurück."
    ),
    audience=gettext_lazy(
        "Für alle, die Bürgergeld erhalten und in eine Wohnung ziehen, der das "
        "Jobcenter zugestimmt hat."
    ),
    documents=(
        gettext_lazy("Mietvertrag oder Mietangebot mit der Höhe der Kaution"),
        gettext_lazy("Name und IBAN des Vermieters"),
    ),
    keywords=(
        gettext_lazy("Kaution"),
        gettext_lazy("Mietkaution"),
        gettext_lazy("Darlehen"),
        gettext_lazy("Umzug"),
        gettext_lazy("Genossenschaft"),
    ),
    outcomes=(
        Outcome(
            key="bewilligung",
            label=gettext_lazy("Als Darlehen bewilligen"),
            decision_type=BESCHEID,
            amount=True,
            title=gettext_lazy("Bewilligung eines Darlehens für die Mietkaution"),
            paragraphs=_kaution_grant,
            payee=True,
            payee_answer="vermieter_name",
            payee_iban_answer="vermieter_iban",
        ),
        _refuse(
            gettext_lazy("Übernahme der Mietkaution"),
            "§ 22 Abs. 6 SGB II",
            gettext_lazy("Ablehnung der Übernahme der Mietkaution"),
        ),
    ),
    receipt=ReceiptTexts(
        counts_title=gettext_lazy("Bitte warten Sie die Zusicherung ab"),
        counts=gettext_lazy(
            "Ihr Antrag ist am %(received)s eingegangen. Die Kaution wird nur nach "
            "vorheriger Zusicherung übernommen (§ 22 Abs. 6 SGB II)."
        ),
        next_steps=(gettext_lazy("Das Jobcenter entscheidet und schickt Ihnen einen Bescheid."),),
    ),
    letter_answers=("neue_anschrift", "einzug_datum", "kaution_betrag", "vermieter_name"),
    staff_facts=facts.darlehen,
    check=facts.loan_check,
    preview=vorschau.darlehen,
)


# --- Mehrbedarf (§ 21 SGB II) --------------------------------------------------------------


MEHRBEDARF = Anliegen(
    key="mehrbedarf",
    case_type="mehrbedarf",
    processing_days=21,
    group="einmalig",
    art=Art.BEWILLIGUNG,
    money=True,
    title=gettext_lazy("Mehrbedarf: Schwangerschaft, Behinderung, kostenaufwändige Ernährung"),
    description=gettext_lazy(
        "Zusätzliches Geld jeden Monat für Schwangere ab der 13. Woche, für Menschen "
        "mit Behinderung, die Eingliederungshilfe erhalten, und bei einer teuren "
        "Ernährung wegen einer Krankheit. Die Vorabberechnung zeigt Ihnen den neuen "
        "Betrag."
    ),
    audience=gettext_lazy("Für alle, die Bürgergeld erhalten, und ihre Familien."),
    documents=(
        gettext_lazy("Schwangerschaft: Mutterpass (Seite mit dem Entbindungstermin)"),
        gettext_lazy(
            "Behinderung: Bescheid über die Eingliederungshilfe oder Schwerbehindertenausweis"
        ),
        gettext_lazy("Ernährung: ärztliche Bescheinigung"),
    ),
    keywords=(
        gettext_lazy("Schwanger"),
        gettext_lazy("Diät"),
        gettext_lazy("Krankheit"),
        gettext_lazy("Behinderung"),
        gettext_lazy("Zuschlag"),
    ),
    outcomes=(
        _refuse(
            gettext_lazy("Mehrbedarf"), "§ 21 SGB II", gettext_lazy("Ablehnung eines Mehrbedarfs")
        ),
    ),
    receipt=_separately(
        gettext_lazy(
            "Ihr Antrag ist am %(received)s eingegangen. Ein Mehrbedarf wird ab dem Monat "
            "berücksichtigt, in dem seine Voraussetzungen vorliegen, frühestens ab dem Monat Ihres "
            "Antrags auf Bürgergeld (§ 37 Abs. 2 SGB II)."
        )
    ),
    letter_answers=("mehrbedarf_arten",),
    staff_facts=facts.mehrbedarf,
    staff_links=facts.mehrbedarf_links,
    preview=antraege_preview.preview_for_draft,
)


# --- Darlehen für einen unabweisbaren Bedarf (§ 24 Abs. 1, § 42a SGB II) -------------------


def _darlehen_grant(letter: Letter) -> list[str]:
    return [
        _(
            "auf Ihren Antrag vom %(received)s gewähren wir Ihnen für „%(what)s“ ein Darlehen in "
            "Höhe von %(amount)s (§ 24 Abs. 1 SGB II). Wir zahlen den Betrag an Sie aus."
        )
        % {
            "received": _received(letter),
            "what": str(letter.answers.get("darlehen_bedarf") or "").strip(),
            "amount": _amount(letter),
        },
        str(LOAN_REPAYMENT),
    ]


DARLEHEN = Anliegen(
    key="darlehen",
    case_type="darlehen",
    processing_days=7,
    group="einmalig",
    art=Art.BEWILLIGUNG,
    money=True,
    title=gettext_lazy("Darlehen für einen unabweisbaren Bedarf"),
    description=gettext_lazy(
        "Wenn etwas Wichtiges kaputtgeht oder fehlt (zum Beispiel Kühlschrank, "
        "Winterjacke) und Sie es nicht aus dem Regelbedarf oder Erspartem bezahlen "
        "können. Sie zahlen das Darlehen in kleinen Raten zurück (5 % des "
        "Regelbedarfs im Monat)."
    ),
    audience=gettext_lazy("Für alle, die Bürgergeld erhalten."),
    documents=(gettext_lazy("Angebot, Kostenvoranschlag oder Preis"),),
    keywords=(
        gettext_lazy("Darlehen"),
        gettext_lazy("kaputt"),
        gettext_lazy("Kühlschrank"),
        gettext_lazy("Waschmaschine"),
        gettext_lazy("Vorschuss"),
    ),
    outcomes=(
        Outcome(
            key="bewilligung",
            label=gettext_lazy("Darlehen bewilligen"),
            decision_type=BESCHEID,
            amount=True,
            title=gettext_lazy("Bewilligung eines Darlehens"),
            paragraphs=_darlehen_grant,
        ),
        _refuse(
            gettext_lazy("ein Darlehen"),
            "§ 24 Abs. 1 SGB II",
            gettext_lazy("Ablehnung eines Darlehens"),
        ),
    ),
    receipt=_separately(
        gettext_lazy(
            "Ihr Antrag ist am %(received)s eingegangen. Ein Darlehen nach § 24 Abs. 1 SGB II muss "
            "gesondert beantragt werden; maßgeblich ist der Tag des Eingangs (§ 37 Abs. 1 Satz 2 "
            "SGB II)."
        )
    ),
    letter_answers=("darlehen_bedarf", "darlehen_betrag"),
    staff_facts=facts.darlehen,
    check=facts.loan_check,
    preview=vorschau.darlehen,
)


# --- Heizmaterial (§ 22 Abs. 1 SGB II) ------------------------------------------------------

FUELS = {
    "heizoel": gettext_lazy("Heizöl"),
    "pellets": gettext_lazy("Holzpellets"),
    "holz": gettext_lazy("Brennholz"),
    "kohle": gettext_lazy("Kohle oder Briketts"),
    "fluessiggas": gettext_lazy("Flüssiggas"),
}


def _heizung_grant(letter: Letter) -> list[str]:
    fuel = FUELS.get(str(letter.answers.get("brennstoff_art") or ""), "")
    payee = str(letter.answers.get("lieferant_name") or "").strip()
    texts = [
        _(
            "auf Ihren Antrag vom %(received)s erkennen wir die Kosten für %(fuel)s "
            "(%(quantity)s, Lieferung am %(day)s) in Höhe von %(amount)s als Bedarf für "
            "Heizung an (§ 22 Abs. 1 Satz 1 SGB II)."
        )
        % {
            "received": _received(letter),
            "fuel": str(fuel),
            "quantity": str(letter.answers.get("brennstoff_menge") or ""),
            "day": _day(letter, "brennstoff_lieferung"),
            "amount": _amount(letter),
        }
    ]
    texts.append(
        _("Wir zahlen den Betrag direkt an %(payee)s.") % {"payee": payee}
        if payee
        else _("Wir zahlen den Betrag an Sie aus.")
    )
    texts.append(
        _(
            "Die Kosten gelten als Bedarf für den Monat, in dem sie fällig sind. Die "
            "Menge soll für den Zeitraum reichen, für den sie angemessen ist; bitte "
            "heben Sie die Rechnung auf."
        )
    )
    return texts


HEIZKOSTEN = Anliegen(
    key="heizkosten",
    case_type="heizkosten",
    processing_days=14,
    group="wohnen",
    art=Art.BEWILLIGUNG,
    money=True,
    title=gettext_lazy("Heizkosten für Heizöl, Holz, Kohle oder Pellets"),
    description=gettext_lazy(
        "Wenn Sie selbst heizen und Brennstoff kaufen müssen, übernimmt das "
        "Jobcenter die angemessenen Kosten einmalig im Monat der Lieferung."
    ),
    audience=gettext_lazy(
        "Für alle, die Bürgergeld erhalten und mit Einzelofen, Öl- oder Pelletheizung heizen."
    ),
    documents=(gettext_lazy("Angebot oder Rechnung des Lieferanten"),),
    keywords=(
        gettext_lazy("Heizöl"),
        gettext_lazy("Brennstoff"),
        gettext_lazy("Holz"),
        gettext_lazy("Kohle"),
        gettext_lazy("Pellets"),
        gettext_lazy("Heizung"),
    ),
    outcomes=(
        Outcome(
            key="bewilligung",
            label=gettext_lazy("Bewilligen"),
            decision_type=BESCHEID,
            amount=True,
            title=gettext_lazy("Bewilligung von Heizkosten"),
            paragraphs=_heizung_grant,
            # "Wir zahlen den Betrag direkt an …" when the person named a payee
            payee_answer="lieferant_name",
            payee_iban_answer="lieferant_iban",
        ),
        _refuse(
            gettext_lazy("Übernahme von Heizkosten"),
            "§ 22 Abs. 1 SGB II",
            gettext_lazy("Ablehnung der Übernahme von Heizkosten"),
        ),
    ),
    receipt=_separately(
        gettext_lazy(
            "Ihr Antrag ist am %(received)s eingegangen. Die Kosten werden für den Monat "
            "berücksichtigt, in dem sie fällig sind (§ 22 Abs. 1 SGB II)."
        )
    ),
    letter_answers=("brennstoff_art", "brennstoff_menge", "brennstoff_lieferung", "lieferant_name"),
    staff_facts=facts.heizkosten,
)


# --- Nachzahlung aus der Betriebs- oder Heizkostenabrechnung (§ 22 Abs. 1 SGB II) -----------


def _nachzahlung_grant(letter: Letter) -> list[str]:
    payee = str(letter.answers.get("empfaenger_name") or "").strip()
    texts = [
        _(
            "auf Ihren Antrag vom %(received)s erkennen wir die Nachzahlung aus der "
            "Abrechnung für den Zeitraum %(start)s bis %(end)s in Höhe von %(amount)s als "
            "Bedarf für Unterkunft und Heizung im Monat ihrer Fälligkeit an (§ 22 Abs. 1 "
            "SGB II). Verlangt war eine Nachzahlung von %(asked)s."
        )
        % {
            "received": _received(letter),
            "start": _day(letter, "abrechnung_von"),
            "end": _day(letter, "abrechnung_bis"),
            "amount": _amount(letter),
            "asked": _money(letter, "nachzahlung_betrag"),
        }
    ]
    texts.append(
        _("Wir zahlen den Betrag direkt an %(payee)s.") % {"payee": payee}
        if payee
        else _("Wir zahlen den Betrag an Sie aus.")
    )
    if letter.details:
        texts.append(letter.details)
    return texts


NACHZAHLUNG = Anliegen(
    key="nachzahlung",
    case_type="nachzahlung",
    processing_days=14,
    group="wohnen",
    art=Art.BEWILLIGUNG,
    money=True,
    title=gettext_lazy("Nachzahlung aus der Nebenkosten- oder Heizkostenabrechnung"),
    description=gettext_lazy(
        "Ihr Vermieter oder Versorger verlangt nach der Jahresabrechnung Geld nach? "
        "Das Jobcenter übernimmt die Nachzahlung, soweit die Kosten angemessen sind. "
        "Laden Sie einfach die Abrechnung hoch."
    ),
    audience=gettext_lazy(
        "Für alle, die Bürgergeld erhalten und eine Abrechnung mit Nachzahlung bekommen haben."
    ),
    documents=(gettext_lazy("Die Abrechnung (alle Seiten)"),),
    keywords=(
        gettext_lazy("Betriebskosten"),
        gettext_lazy("Nebenkosten"),
        gettext_lazy("Abrechnung"),
        gettext_lazy("Nachzahlung"),
        gettext_lazy("Heizkostenabrechnung"),
        gettext_lazy("Stadtwerke"),
    ),
    outcomes=(
        Outcome(
            key="bewilligung",
            label=gettext_lazy("Bewilligen"),
            decision_type=BESCHEID,
            amount=True,
            title=gettext_lazy("Übernahme einer Nachzahlung aus der Abrechnung"),
            paragraphs=_nachzahlung_grant,
            # "Wir zahlen den Betrag direkt an …" when the person named a payee
            payee_answer="empfaenger_name",
            payee_iban_answer="empfaenger_iban",
        ),
        _refuse(
            gettext_lazy("Übernahme einer Nachzahlung"),
            "§ 22 Abs. 1 SGB II",
            gettext_lazy("Ablehnung der Übernahme einer Nachzahlung"),
        ),
    ),
    receipt=_separately(
        gettext_lazy(
            "Ihr Antrag ist am %(received)s eingegangen. Die Nachzahlung ist ein Bedarf des "
            "Monats, in dem sie fällig ist (§ 22 Abs. 1 SGB II). Bitte zahlen Sie trotzdem "
            "rechtzeitig oder sprechen Sie mit Ihrem Vermieter, wenn die Entscheidung noch "
            "aussteht."
        )
    ),
    letter_answers=("abrechnung_von", "abrechnung_bis", "nachzahlung_betrag", "empfaenger_name"),
    staff_facts=facts.nachzahlung,
)


# --- Erstausstattung (§ 24 Abs. 3 SGB II; the form of ``antraege``) --------------------------


def _erstausstattung_grant(letter: Letter) -> list[str]:
    texts = [
        _(
            "auf Ihren Antrag vom %(received)s bewilligen wir Ihnen eine Erstausstattung "
            "in Höhe von %(amount)s (§ 24 Abs. 3 Satz 1 SGB II). Wir zahlen den Betrag an "
            "Sie aus."
        )
        % {"received": _received(letter), "amount": _amount(letter)}
    ]
    if letter.details:
        texts.append(_("Im Einzelnen: %(details)s") % {"details": letter.details})
    texts.append(_("Die Leistung ist eine Pauschale; sie muss nicht zurückgezahlt werden."))
    return texts


ERSTAUSSTATTUNG = Anliegen(
    key="erstausstattung",
    case_type="erstausstattung",
    processing_days=21,
    group="einmalig",
    art=Art.BEWILLIGUNG,
    money=True,
    title=gettext_lazy("Erstausstattung für die Wohnung oder bei Schwangerschaft und Geburt"),
    description=gettext_lazy(
        "Einmaliges Geld für eine erste Wohnungseinrichtung (zum Beispiel nach einer "
        "Trennung oder einem Wohnungsbrand) oder für Umstandskleidung und die "
        "Babyausstattung. Es muss nicht zurückgezahlt werden."
    ),
    audience=gettext_lazy("Für alle, die Bürgergeld erhalten oder beantragt haben."),
    documents=(
        gettext_lazy(
            "bei Schwangerschaft: Mutterpass (Seite mit dem Entbindungstermin) oder Geburtsurkunde"
        ),
    ),
    keywords=(
        gettext_lazy("Möbel"),
        gettext_lazy("Baby"),
        gettext_lazy("Kinderwagen"),
        gettext_lazy("Erstausstattung"),
        gettext_lazy("Einrichtung"),
    ),
    outcomes=(
        Outcome(
            key="bewilligung",
            label=gettext_lazy("Bewilligen"),
            decision_type=BESCHEID,
            amount=True,
            title=gettext_lazy("Bewilligung einer Erstausstattung"),
            paragraphs=_erstausstattung_grant,
        ),
        _refuse(
            gettext_lazy("Erstausstattung"),
            "§ 24 Abs. 3 SGB II",
            gettext_lazy("Ablehnung einer Erstausstattung"),
        ),
    ),
    receipt=_separately(
        gettext_lazy(
            "Ihr Antrag ist am %(received)s eingegangen. Eine Erstausstattung muss gesondert "
            "beantragt werden; maßgeblich ist der Tag des Eingangs (§ 37 Abs. 1 S. 2 SGB II)."
        )
    ),
    letter_answers=("anlaesse",),
)


CONCERNS = (
    BILDUNG_TEILHABE,
    UMZUG,
    MIETKAUTION,
    MEHRBEDARF,
    DARLEHEN,
    HEIZKOSTEN,
    NACHZAHLUNG,
    ERSTAUSSTATTUNG,
    VORSCHUSS,
)


def register_all() -> None:
    for concern in CONCERNS:
        registry.register(concern)
