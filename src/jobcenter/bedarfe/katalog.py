"""The concerns where money follows, on the base of ``anliegen`` (its registry, staff
screen, letters and catalogue): Bildung und Teilhabe, the move (Zusicherung, Umzugskosten,
Mietkaution), Mehrbedarf, Darlehen, Heizmaterial, Nachzahlung aus der Abrechnung, the
Erstausstattung and the Vorschuss (its own module ``vorschuss.py``). Registered in
``config/wiring.py`` (``CONCERN_CATALOGUES``); each concern's letters are written here, next
to its entry, citing the norm they apply.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobcenter.anliegen import registry
from jobcenter.anliegen.registry import (
    BESCHEID,
    Anliegen,
    Art,
    Letter,
    Outcome,
    ReceiptTexts,
)
from jobcenter.bedarfe import facts, vorschau
from jobcenter.bedarfe.briefe import LOAN_REPAYMENT
from jobcenter.bedarfe.briefe import address as _address
from jobcenter.bedarfe.briefe import amount as _amount
from jobcenter.bedarfe.briefe import day as _day
from jobcenter.bedarfe.briefe import money as _money
from jobcenter.bedarfe.briefe import received as _received
from jobcenter.bedarfe.briefe import refuse as _refuse
from jobcenter.bedarfe.briefe import separately as _separately
from jobcenter.bedarfe.facts import but_items
from jobcenter.bedarfe.forderung import FORDERUNG
from jobcenter.bedarfe.vorschuss import VORSCHUSS
from jobcenter.decisions.documents import euro, month_de

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
    processing_days=15,
    group="kinder",
    art=Art.BEWILLIGUNG,
    money=True,
    title=gettext_lazy("Bildung und Teilhabe für Ihr Kind"),
    description=gettext_lazy(
        "Geld für Schulausflüge und Klassenfahrten, Nachhilfe, das Mittagessen in "
        "Schule oder Kita, die Fahrkarte zur Schule und für Verein, Musikschule oder "
        "Freizeiten (bis 15 € im Monat). Den persönlichen Schulbedarf (130 € im August, "
        "65 € im Februar) zahlen wir ohne Antrag mit der monatlichen Leistung für jedes "
        "Kind, von dem wir wissen, dass es eine Schule besucht. Ist der Schulbesuch noch "
        "nicht bekannt, teilen Sie ihn uns mit einer Veränderungsmitteilung mit."
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


def _asked(letter: Letter) -> set[str]:
    given = letter.answers.get("umzug_antraege")
    return {str(k) for k in given} if isinstance(given, list) else set()


def _umzugskosten_text(letter: Letter) -> str:
    """The costs of § 22 Abs. 6 Satz 1 SGB II the person asked for: Umzugskosten,
    Wohnungsbeschaffungskosten or both, up to the granted amount."""
    asked = _asked(letter)
    if "wohnungsbeschaffung" in asked and "umzugskosten" in asked:
        text = _(
            "Wir sichern Ihnen zu, Umzugskosten und Wohnungsbeschaffungskosten zusammen in "
            "Höhe von bis zu %(amount)s als Bedarf anzuerkennen (§ 22 Abs. 6 Satz 1 SGB II). "
            "Bitte reichen Sie die Rechnungen oder Quittungen nach dem Umzug ein; gezahlt "
            "werden die nachgewiesenen Kosten bis zu diesem Betrag."
        )
    elif "wohnungsbeschaffung" in asked:
        text = _(
            "Wir sichern Ihnen zu, Wohnungsbeschaffungskosten in Höhe von bis zu %(amount)s "
            "als Bedarf anzuerkennen (§ 22 Abs. 6 Satz 1 SGB II). Bitte reichen Sie die "
            "Rechnungen oder Quittungen ein; gezahlt werden die nachgewiesenen Kosten bis zu "
            "diesem Betrag."
        )
    else:
        text = _(
            "Wir sichern Ihnen zu, Umzugskosten in Höhe von bis zu %(amount)s als Bedarf "
            "anzuerkennen (§ 22 Abs. 6 Satz 1 SGB II). Bitte reichen Sie die Rechnungen oder "
            "Quittungen nach dem Umzug ein; gezahlt werden die nachgewiesenen Kosten bis zu "
            "diesem Betrag."
        )
    return text % {"amount": _amount(letter)}


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
    asked = _asked(letter)
    if "zusicherung" in outcome.key and "zusicherung" not in asked:
        return str(_("Eine Zusicherung für die neue Wohnung wurde nicht beantragt."))
    if "umzugskosten" in outcome.key and not asked & {"umzugskosten", "wohnungsbeschaffung"}:
        return str(_("Weder Umzugskosten noch Wohnungs­beschaffungskosten wurden "
                     "beantragt."))
    return ""


UMZUG = Anliegen(
    key="umzug",
    case_type="umzug",
    processing_days=10,
    group="wohnen",
    art=Art.BEWILLIGUNG,
    money=True,
    title=gettext_lazy("Umzug: Zusicherung für die neue Wohnung und Umzugskosten"),
    description=gettext_lazy(
        "Bevor Sie einen Mietvertrag unterschreiben, sagt Ihnen das Jobcenter, ob es "
        "die Kosten der neuen Wohnung übernimmt. Eine Vorprüfung zeigt Ihnen sofort, "
        "ob die Miete innerhalb der Grenzen Ihres Jobcenters liegt. Auch die "
        "Umzugskosten und die Kosten, um die Wohnung zu bekommen (zum Beispiel "
        "doppelte Miete), beantragen Sie hier."
    ),
    audience=gettext_lazy("Für alle, die Bürgergeld erhalten und umziehen wollen oder müssen."),
    documents=(
        gettext_lazy(
            "Mietangebot oder Entwurf des Mietvertrags (Kaltmiete, Nebenkosten, Heizkosten)"
        ),
        gettext_lazy("für Umzugskosten: Kostenvoranschläge"),
        gettext_lazy("für Wohnungs­beschaffungskosten: Belege oder Angebote"),
    ),
    keywords=(
        gettext_lazy("Umzug"),
        gettext_lazy("Wohnung"),
        gettext_lazy("Miete"),
        gettext_lazy("Zusicherung"),
        gettext_lazy("Mietvertrag"),
        gettext_lazy("Umzugskosten"),
        gettext_lazy("angemessen"),
        gettext_lazy("Wohnungsbeschaffungskosten"),
        gettext_lazy("doppelte Miete"),
        gettext_lazy("Makler"),
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
            label=gettext_lazy(
                # a soft hyphen: the long word must wrap on a 320 px screen
                "Zusicherung erteilen und Umzugs- oder Wohnungs­beschaffungskosten "
                "bewilligen"),
            decision_type=BESCHEID,
            amount=True,
            title=gettext_lazy("Zusicherung zur neuen Unterkunft und zu den Kosten des Umzugs"),
            paragraphs=_umzug(True, True),
        ),
        Outcome(
            key="umzugskosten",
            label=gettext_lazy("Nur Umzugs- oder Wohnungs­beschaffungskosten bewilligen"),
            decision_type=BESCHEID,
            amount=True,
            title=gettext_lazy("Zusicherung zu den Kosten des Umzugs"),
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
            "SGB II); Umzugs- und Wohnungsbeschaffungskosten werden nur nach vorheriger "
            "Zusicherung übernommen (§ 22 Abs. 6 SGB II)."
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
        "beschaffung_betrag",
    ),
    staff_facts=facts.umzug,
    check=_umzug_check,
    preview=vorschau.umzug,
)


# --- Mietkaution (§ 22 Abs. 6, § 42a SGB II) -----------------------------------------------

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


def _anteile_grant(letter: Letter) -> list[str]:
    cooperative = str(letter.answers.get("vermieter_name") or "").strip()
    return [
        _(
            "auf Ihren Antrag vom %(received)s übernehmen wir die Aufwendungen für den Erwerb "
            "der Genossenschaftsanteile für die Wohnung %(address)s als Darlehen in Höhe von "
            "%(amount)s (§ 22 Abs. 6 Satz 1 und 3 SGB II)."
        )
        % {"received": _received(letter), "address": _address(letter), "amount": _amount(letter)},
        _("Wir zahlen den Betrag direkt an %(landlord)s.") % {"landlord": cooperative}
        if cooperative
        else _("Wir zahlen den Betrag direkt an die Genossenschaft."),
        str(LOAN_REPAYMENT),
        _(
            "Zahlt die Genossenschaft die Anteile zurück (zum Beispiel nach Ihrem Auszug), wird "
            "der noch nicht getilgte Betrag sofort fällig (§ 42a Abs. 3 Satz 1 SGB II)."
        ),
    ]


def _kaution_check(case: Any, outcome: Outcome, letter: Letter) -> str:
    shares = letter.answers.get("kaution_art") == "genossenschaft"
    if outcome.key == "bewilligung" and shares:
        return str(_("Beantragt sind Genossenschaftsanteile, keine Mietkaution. Bitte wählen "
                     "Sie „Genossenschaftsanteile als Darlehen bewilligen“."))
    if outcome.key == "bewilligung_anteile" and not shares:
        return str(_("Beantragt ist eine Mietkaution, keine Genossenschaftsanteile. Bitte "
                     "wählen Sie „Als Darlehen bewilligen“."))
    return facts.loan_check(case, outcome, letter)


MIETKAUTION = Anliegen(
    key="mietkaution",
    case_type="mietkaution",
    processing_days=10,
    group="wohnen",
    art=Art.BEWILLIGUNG,
    money=True,
    title=gettext_lazy("Mietkaution oder Genossenschaftsanteile für die neue Wohnung"),
    description=gettext_lazy(
        "Das Jobcenter übernimmt die Kaution oder die Anteile einer "
        "Wohnungsgenossenschaft als Darlehen und zahlt sie direkt an den Vermieter. Sie "
        "zahlen es in kleinen Raten (5 % des Regelbedarfs im Monat) zurück."
    ),
    audience=gettext_lazy(
        "Für alle, die Bürgergeld erhalten und in eine Wohnung ziehen, der das "
        "Jobcenter zugestimmt hat."
    ),
    documents=(
        gettext_lazy(
            "Mietvertrag oder Mietangebot mit der Höhe der Kaution oder der Genossenschaftsanteile"
        ),
        gettext_lazy("Name und IBAN des Vermieters oder der Genossenschaft"),
    ),
    keywords=(
        gettext_lazy("Kaution"),
        gettext_lazy("Mietkaution"),
        gettext_lazy("Darlehen"),
        gettext_lazy("Umzug"),
        gettext_lazy("Genossenschaft"),
        gettext_lazy("Genossenschaftsanteile"),
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
        Outcome(
            key="bewilligung_anteile",
            label=gettext_lazy("Genossenschaftsanteile als Darlehen bewilligen"),
            decision_type=BESCHEID,
            amount=True,
            title=gettext_lazy("Bewilligung eines Darlehens für Genossenschaftsanteile"),
            paragraphs=_anteile_grant,
            payee=True,
            payee_answer="vermieter_name",
            payee_iban_answer="vermieter_iban",
        ),
        _refuse(
            gettext_lazy("Übernahme der Mietkaution oder der Genossenschaftsanteile"),
            "§ 22 Abs. 6 SGB II",
            gettext_lazy("Ablehnung der Übernahme der Mietkaution oder der Genossenschaftsanteile"),
        ),
    ),
    receipt=ReceiptTexts(
        counts_title=gettext_lazy("Bitte warten Sie die Zusicherung ab"),
        counts=gettext_lazy(
            "Ihr Antrag ist am %(received)s eingegangen. Die Kaution und "
            "Genossenschaftsanteile werden nur nach vorheriger Zusicherung übernommen (§ 22 "
            "Abs. 6 SGB II)."
        ),
        next_steps=(gettext_lazy("Das Jobcenter entscheidet und schickt Ihnen einen Bescheid."),),
    ),
    letter_answers=("kaution_art", "neue_anschrift", "einzug_datum", "kaution_betrag",
                    "anteile_betrag", "vermieter_name"),
    staff_facts=facts.darlehen,
    check=_kaution_check,
    preview=vorschau.darlehen,
)


# --- Mehrbedarf (§ 21 SGB II) --------------------------------------------------------------
#
# One concern for every Mehrbedarf a person applies for: Abs. 2, 4, 5 and the laufender
# Härtefall of Abs. 6 change the monthly benefit and are granted through the case's
# calculation (their answers join the current state, ``antraege.sgb2_mapping``: the engine's
# arts ``ernaehrung``, ``unabweisbar`` …); the einmaliger Bedarf of Abs. 6 (since 2021) and
# the Schulbücher of Abs. 6a arise once, so they are granted here with an amount and paid
# once (the engine's art would repeat in every month of a Bescheid's period).


def _mehrbedarf_einmalig(letter: Letter) -> list[str]:
    texts = [
        _(
            "auf Ihren Antrag vom %(received)s erkennen wir für „%(what)s“ einen einmaligen "
            "Mehrbedarf in Höhe von %(amount)s an (§ 21 Abs. 6 Satz 1 SGB II). Der Bedarf ist "
            "unabweisbar (§ 21 Abs. 6 Satz 2 SGB II), und ein Darlehen nach § 24 Abs. 1 SGB II "
            "ist Ihnen ausnahmsweise nicht zumutbar oder wegen der Art des Bedarfs nicht "
            "möglich (§ 21 Abs. 6 Satz 1 Halbsatz 2 SGB II)."
        )
        % {
            "received": _received(letter),
            "what": " ".join(str(letter.answers.get("em_bedarf") or "").split()),
            "amount": _amount(letter),
        }
    ]
    if letter.details:
        texts.append(_("Im Einzelnen: %(details)s") % {"details": letter.details})
    texts.append(_("Wir zahlen den Betrag einmal an Sie aus. Er muss nicht zurückgezahlt werden."))
    return texts


def _mehrbedarf_schulbuecher(letter: Letter) -> list[str]:
    child = str(letter.answers.get("sb_kind") or "").strip()
    school = str(letter.answers.get("sb_schule") or "").strip()
    who = _("%(child)s (%(school)s)") % {"child": child, "school": school} if school else child
    texts = [
        _(
            "auf Ihren Antrag vom %(received)s erkennen wir die Aufwendungen für Schulbücher "
            "und Arbeitshefte von %(who)s in Höhe von %(amount)s als Mehrbedarf an (§ 21 "
            "Abs. 6a SGB II). Anerkannt sind Bücher und Arbeitshefte, die nach den Vorgaben "
            "der Schule selbst gekauft oder geliehen werden müssen."
        )
        % {"received": _received(letter), "who": who, "amount": _amount(letter)}
    ]
    if letter.details:
        texts.append(_("Im Einzelnen: %(details)s") % {"details": letter.details})
    texts.append(_("Wir zahlen den Betrag einmal an Sie aus. Er muss nicht zurückgezahlt werden."))
    return texts


def _mehrbedarf_check(case: Any, outcome: Outcome, letter: Letter) -> str:
    asked = letter.answers.get("mehrbedarf_arten")
    chosen = set(asked) if isinstance(asked, list) else set()
    if outcome.key == "bewilligung_einmalig" and "einmalig" not in chosen:
        return str(_("Ein einmaliger besonderer Bedarf wurde nicht beantragt."))
    if outcome.key == "bewilligung_schulbuecher" and "schulbuecher" not in chosen:
        return str(_("Schulbücher oder Arbeitshefte wurden nicht beantragt."))
    return ""


MEHRBEDARF = Anliegen(
    key="mehrbedarf",
    case_type="mehrbedarf",
    processing_days=15,
    group="einmalig",
    art=Art.BEWILLIGUNG,
    money=True,
    title=gettext_lazy(
        "Mehrbedarf: Schwangerschaft, Behinderung, Ernährung, Härtefall, Schulbücher"
    ),
    description=gettext_lazy(
        "Zusätzliches Geld jeden Monat für Schwangere ab der 13. Woche, für Menschen "
        "mit Behinderung, die Eingliederungshilfe erhalten, bei einer teuren "
        "Ernährung wegen einer Krankheit und bei einem besonderen Bedarf, der immer "
        "wieder entsteht (Härtefall, zum Beispiel Fahrten zu Ihren Kindern). Einmalig: "
        "Schulbücher und Arbeitshefte, die Ihr Kind selbst kaufen muss, und ein "
        "besonderer Bedarf, für den ein Darlehen nicht in Frage kommt. Die "
        "Vorabberechnung zeigt Ihnen den neuen Betrag im Monat."
    ),
    audience=gettext_lazy("Für alle, die Bürgergeld erhalten, und ihre Familien."),
    documents=(
        gettext_lazy("Schwangerschaft: Mutterpass (Seite mit dem Entbindungstermin)"),
        gettext_lazy(
            "Behinderung: Bescheid über die Eingliederungshilfe oder Schwerbehindertenausweis"
        ),
        gettext_lazy("Ernährung: ärztliche Bescheinigung"),
        gettext_lazy("Härtefall oder einmaliger Bedarf: Belege der Kosten"),
        gettext_lazy("Schulbücher: Bücherliste der Schule und Kassenbon"),
    ),
    keywords=(
        gettext_lazy("Schwanger"),
        gettext_lazy("Diät"),
        gettext_lazy("Krankheit"),
        gettext_lazy("Behinderung"),
        gettext_lazy("Zuschlag"),
        gettext_lazy("Härtefall"),
        gettext_lazy("Umgangsrecht"),
        gettext_lazy("Schulbücher"),
        gettext_lazy("Arbeitshefte"),
    ),
    outcomes=(
        Outcome(
            key="bewilligung_schulbuecher",
            label=gettext_lazy("Schulbücher bewilligen (einmalige Zahlung)"),
            decision_type=BESCHEID,
            amount=True,
            title=gettext_lazy("Bewilligung eines Mehrbedarfs für Schulbücher"),
            paragraphs=_mehrbedarf_schulbuecher,
        ),
        Outcome(
            key="bewilligung_einmalig",
            label=gettext_lazy("Einmaligen besonderen Bedarf bewilligen (einmalige Zahlung)"),
            decision_type=BESCHEID,
            amount=True,
            title=gettext_lazy("Bewilligung eines einmaligen Mehrbedarfs"),
            paragraphs=_mehrbedarf_einmalig,
        ),
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
    letter_answers=("mehrbedarf_arten", "em_bedarf", "sb_kind", "sb_schule"),
    staff_facts=facts.mehrbedarf,
    staff_links=facts.mehrbedarf_links,
    check=_mehrbedarf_check,
    preview=vorschau.mehrbedarf,
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
    processing_days=5,
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
    processing_days=10,
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
    processing_days=10,
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
    processing_days=15,
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


# --- Zuschuss zur Kranken- und Pflegeversicherung (§ 26 SGB II) -----------------------------


def _kv_grant(letter: Letter) -> list[str]:
    private = letter.answers.get("kv_art") == "privat"
    who = str(letter.answers.get("kv_person") or "").strip()
    insurer = " ".join(str(letter.answers.get("kv_versicherer") or "").split())
    # with the months fixed on the decide screen the letter names them (the payment runs
    # pay exactly those months); a letter of before names the duration of the benefit
    period = (_("für die Monate %(from)s bis %(to)s") % {
        "from": month_de(letter.months[0]), "to": month_de(letter.months[1])}
        if letter.months else _("für die Dauer des Leistungsbezugs"))
    texts = [
        (_(
            "auf Ihren Antrag vom %(received)s bewilligen wir für %(who)s ab dem %(day)s "
            "%(period)s einen Zuschuss zu den Beiträgen zur Kranken- und "
            "Pflegeversicherung in Höhe von %(amount)s im Monat (%(norm)s)."
        ) if who else _(
            "auf Ihren Antrag vom %(received)s bewilligen wir Ihnen ab dem %(day)s "
            "%(period)s einen Zuschuss zu den Beiträgen zur Kranken- und "
            "Pflegeversicherung in Höhe von %(amount)s im Monat (%(norm)s)."
        )) % {
            "period": period,
            "received": _received(letter),
            "who": who,
            "day": _day(letter, "kv_ab") or _received(letter),
            "amount": _amount(letter),
            "norm": "§ 26 Abs. 1 Satz 1 und Abs. 3 Satz 1 SGB II" if private
            else "§ 26 Abs. 1 Satz 2 SGB II",
        }
    ]
    if private:
        texts.append(_(
            "Der Zuschuss zur Krankenversicherung ist begrenzt auf den halbierten Beitrag im "
            "Basistarif (§ 26 Abs. 1 Satz 1 SGB II, § 152 Abs. 4 VAG), der Zuschuss zur "
            "Pflegeversicherung auf die Hälfte des Höchstbeitrags der sozialen "
            "Pflegeversicherung (§ 26 Abs. 3 Satz 1 SGB II)."))
    if letter.details:
        texts.append(_("Im Einzelnen: %(details)s") % {"details": letter.details})
    texts.append(
        _("Wir zahlen den Zuschuss direkt an %(insurer)s (§ 26 Abs. 5 SGB II).")
        % {"insurer": insurer} if insurer else
        _("Wir zahlen den Zuschuss direkt an Ihre Versicherung (§ 26 Abs. 5 SGB II)."))
    texts.append(_(
        "Bitte teilen Sie uns jede Änderung Ihres Beitrags oder Ihrer Versicherung sofort mit "
        "(§ 60 Abs. 1 Satz 1 Nr. 2 SGB I)."))
    return texts


KV_ZUSCHUSS = Anliegen(
    key="kv_zuschuss",
    case_type="kv_zuschuss",
    processing_days=10,
    group="einmalig",
    art=Art.BEWILLIGUNG,
    money=True,
    title=gettext_lazy("Zuschuss zur Kranken- und Pflegeversicherung"),
    description=gettext_lazy(
        "Wenn Sie privat oder freiwillig gesetzlich krankenversichert sind, zahlt das "
        "Jobcenter einen Zuschuss zu Ihren Beiträgen, direkt an Ihre Versicherung. Melden "
        "Sie hier den Beginn der Versicherung oder einen neuen Beitrag."
    ),
    audience=gettext_lazy(
        "Für alle, die Grundsicherungsgeld erhalten und privat oder freiwillig gesetzlich "
        "versichert sind. Wer gesetzlich pflichtversichert ist, braucht diesen Antrag nicht."
    ),
    documents=(
        gettext_lazy("Beitragsmitteilung oder Versicherungsschein der Versicherung"),
        gettext_lazy("privat versichert: wenn bekannt, der Beitrag im Basistarif"),
        gettext_lazy("die IBAN der Versicherung (steht auf der Beitragsrechnung)"),
    ),
    keywords=(
        gettext_lazy("Krankenversicherung"),
        gettext_lazy("Pflegeversicherung"),
        gettext_lazy("privat versichert"),
        gettext_lazy("Basistarif"),
        gettext_lazy("Beitrag"),
        gettext_lazy("Krankenkasse"),
    ),
    outcomes=(
        Outcome(
            key="bewilligung",
            label=gettext_lazy("Zuschuss im Monat bewilligen"),
            decision_type=BESCHEID,
            amount=True,
            monthly=True,
            while_receiving=True,
            payee=True,
            payee_answer="kv_versicherer",
            payee_iban_answer="kv_iban",
            title=gettext_lazy("Bewilligung eines Zuschusses zur Kranken- und Pflegeversicherung"),
            paragraphs=_kv_grant,
        ),
        _refuse(
            gettext_lazy("einen Zuschuss zur Kranken- und Pflegeversicherung"),
            "§ 26 SGB II",
            gettext_lazy("Ablehnung eines Zuschusses zur Kranken- und Pflegeversicherung"),
        ),
    ),
    receipt=_separately(
        gettext_lazy(
            "Ihr Antrag ist am %(received)s eingegangen. Der Zuschuss wird für die Dauer des "
            "Leistungsbezugs gezahlt (§ 26 SGB II). Zahlen Sie Ihren Beitrag bitte weiter, "
            "bis Sie den Bescheid haben."
        )
    ),
    letter_answers=("kv_person", "kv_art", "kv_versicherer", "kv_ab"),
    staff_facts=facts.kv_zuschuss,
)


# --- Leistungen für Auszubildende (§ 27 SGB II) ---------------------------------------------

AZUBI_REPAYMENT = gettext_lazy(
    "Das Darlehen ist erst nach Abschluss der Ausbildung zurückzuzahlen (§ 42a Abs. 5 "
    "SGB II); es wird nicht von laufenden Leistungen einbehalten (§ 42a Abs. 2 Satz 3 "
    "SGB II). Über die Rückzahlung treffen wir dann mit Ihnen eine Vereinbarung, die Ihre "
    "wirtschaftlichen Verhältnisse berücksichtigt."
)


def _azubi_mehrbedarf(letter: Letter) -> list[str]:
    return [
        _(
            "auf Ihren Antrag vom %(received)s bewilligen wir Ihnen als Auszubildender oder "
            "Auszubildende Leistungen in Höhe der Mehrbedarfe von %(amount)s im Monat (§ 27 "
            "Abs. 2 SGB II). Die Leistungen sind ein Zuschuss und müssen nicht zurückgezahlt "
            "werden; sie gelten nicht als Grundsicherungsgeld (§ 27 Abs. 1 Satz 2 SGB II)."
        ) % {"received": _received(letter), "amount": _amount(letter)},
        _("Im Einzelnen: %(details)s") % {"details": letter.details},
    ]


def _azubi_erster_monat(letter: Letter) -> list[str]:
    return [
        _(
            "auf Ihren Antrag vom %(received)s gewähren wir Ihnen für den Monat, in dem Ihre "
            "Ausbildung beginnt, ein Darlehen in Höhe von %(amount)s (§ 27 Abs. 3 Satz 3 in "
            "Verbindung mit § 24 Abs. 4 Satz 1 SGB II), bis die ersten Einnahmen aus der "
            "Ausbildung eingehen. Wir zahlen den Betrag an Sie aus."
        ) % {"received": _received(letter), "amount": _amount(letter)},
        str(AZUBI_REPAYMENT),
    ]


def _azubi_haerte(letter: Letter) -> list[str]:
    return [
        _(
            "auf Ihren Antrag vom %(received)s erbringen wir Ihnen Leistungen zur Sicherung "
            "des Lebensunterhalts als Darlehen in Höhe von %(amount)s im Monat, weil der "
            "Ausschluss von Leistungen während Ihrer Ausbildung (§ 7 Abs. 5 SGB II) für Sie "
            "eine besondere Härte bedeutet (§ 27 Abs. 3 Satz 1 SGB II)."
        ) % {"received": _received(letter), "amount": _amount(letter)},
        _("Im Einzelnen: %(details)s") % {"details": letter.details},
        str(AZUBI_REPAYMENT),
    ]


def _azubi_check(case: Any, outcome: Outcome, letter: Letter) -> str:
    asked = letter.answers.get("azubi_leistungen")
    chosen = set(asked) if isinstance(asked, list) else set()
    needed = {"mehrbedarf": "mehrbedarf", "darlehen_erster_monat": "erster_monat",
              "darlehen_haerte": "haerte"}.get(outcome.key)
    if needed and needed not in chosen:
        return str(_("Diese Leistung wurde nicht beantragt: %(what)s.")
                   % {"what": facts.AZUBI_LEISTUNGEN[needed]})
    return ""


AUSZUBILDENDE = Anliegen(
    key="auszubildende",
    case_type="auszubildende",
    processing_days=15,
    group="einmalig",
    art=Art.BEWILLIGUNG,
    money=True,
    title=gettext_lazy("Leistungen für Auszubildende, Schüler und Studierende"),
    description=gettext_lazy(
        "Wer eine Ausbildung macht, die mit BAföG oder Berufsausbildungsbeihilfe gefördert "
        "werden kann, erhält meist kein Grundsicherungsgeld. Das Jobcenter kann aber "
        "Mehrbedarfe zahlen (zum Beispiel bei Schwangerschaft oder für Alleinerziehende), "
        "ein Darlehen für den ersten Monat der Ausbildung und in einer besonderen Härte ein "
        "Darlehen für den Lebensunterhalt."
    ),
    audience=gettext_lazy(
        "Für Studierende, Schülerinnen und Schüler mit BAföG-Anspruch dem Grunde nach und "
        "Auszubildende, die im Wohnheim, Internat oder beim Ausbilder wohnen."
    ),
    documents=(
        gettext_lazy("Schul- oder Immatrikulationsbescheinigung oder Ausbildungsvertrag"),
        gettext_lazy("BAföG- oder BAB-Bescheid, wenn vorhanden"),
        gettext_lazy(
            "für einen Mehrbedarf: Mutterpass, Geburtsurkunde oder ärztliche Bescheinigung"
        ),
    ),
    keywords=(
        gettext_lazy("Ausbildung"),
        gettext_lazy("Azubi"),
        gettext_lazy("Studium"),
        gettext_lazy("Student"),
        gettext_lazy("BAföG"),
        gettext_lazy("BAB"),
        gettext_lazy("Schule"),
    ),
    outcomes=(
        Outcome(
            key="mehrbedarf",
            label=gettext_lazy("Mehrbedarf als Zuschuss bewilligen (im Monat)"),
            decision_type=BESCHEID,
            amount=True,
            monthly=True,
            details=True,
            title=gettext_lazy("Bewilligung von Leistungen für Auszubildende"),
            paragraphs=_azubi_mehrbedarf,
        ),
        Outcome(
            key="darlehen_erster_monat",
            label=gettext_lazy("Darlehen für den ersten Monat bewilligen (einmalige Zahlung)"),
            decision_type=BESCHEID,
            amount=True,
            title=gettext_lazy(
                "Bewilligung eines Darlehens für den Monat der Aufnahme der Ausbildung"
            ),
            paragraphs=_azubi_erster_monat,
        ),
        Outcome(
            key="darlehen_haerte",
            label=gettext_lazy("Darlehen wegen besonderer Härte bewilligen (im Monat)"),
            decision_type=BESCHEID,
            amount=True,
            monthly=True,
            details=True,
            title=gettext_lazy(
                "Bewilligung eines Darlehens für Auszubildende in einer besonderen Härte"
            ),
            paragraphs=_azubi_haerte,
        ),
        _refuse(
            gettext_lazy("Leistungen für Auszubildende"),
            "§ 27 SGB II",
            gettext_lazy("Ablehnung von Leistungen für Auszubildende"),
        ),
    ),
    receipt=_separately(
        gettext_lazy(
            "Ihr Antrag ist am %(received)s eingegangen. Leistungen für Auszubildende werden "
            "frühestens ab dem Monat des Antrags erbracht (§ 37 Abs. 2 SGB II)."
        )
    ),
    letter_answers=("azubi_leistungen", "azubi_art", "azubi_beginn"),
    staff_facts=facts.auszubildende,
    check=_azubi_check,
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
    KV_ZUSCHUSS,
    AUSZUBILDENDE,
    VORSCHUSS,
    FORDERUNG,
)


def register_all() -> None:
    for concern in CONCERNS:
        registry.register(concern)
