"""The housing concerns of § 22 Abs. 5 and Abs. 8 SGB II on the base of ``anliegen``: the
Zusicherung before moving out of the parents' home under 25 and the Übernahme of rent or
energy debts (a loan paid to the landlord or supplier). Registered in ``config/wiring.py``
(``CONCERN_CATALOGUES``) after ``katalog.register_all``; the Wohnungsbeschaffungskosten and
the Genossenschaftsanteile of § 22 Abs. 6 are options of the ``umzug`` and ``mietkaution``
concerns of ``katalog.py``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils import timezone
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
from jobcenter.bedarfe import facts, vorschau
from jobcenter.bedarfe.briefe import (
    LOAN_REPAYMENT,
    REFUSAL_TEMPLATES,
    address,
    amount,
    day,
    received,
    refusal,
)
from jobcenter.bedarfe.direktzahlung import DIREKTZAHLUNG
from jobcenter.decisions.documents import euro
from jobcenter.formengine.registry import StartCheck

# --- Zusicherung vor dem Auszug unter 25 (§ 22 Abs. 5 SGB II) ---------------------------------

U25 = 25

#: the ground of § 22 Abs. 5 Satz 2 SGB II the staff find, as the letter states it
_GROUND_TEXTS = {
    "sozial": gettext_lazy(
        "Wir sind zu dieser Zusicherung verpflichtet, weil Sie aus schwerwiegenden sozialen "
        "Gründen nicht auf die Wohnung Ihrer Eltern verwiesen werden können (§ 22 Abs. 5 "
        "Satz 2 Nr. 1 SGB II)."
    ),
    "arbeit": gettext_lazy(
        "Wir sind zu dieser Zusicherung verpflichtet, weil der Bezug der Wohnung zur "
        "Eingliederung in den Arbeitsmarkt erforderlich ist (§ 22 Abs. 5 Satz 2 Nr. 2 SGB II)."
    ),
    "sonstiges": gettext_lazy(
        "Wir sind zu dieser Zusicherung verpflichtet, weil ein sonstiger, ähnlich "
        "schwerwiegender Grund vorliegt (§ 22 Abs. 5 Satz 2 Nr. 3 SGB II)."
    ),
}


def _rent(letter: Letter) -> str:
    """The Bruttokaltmiete: Kaltmiete and Nebenkosten of the new home."""
    parts = (facts.amount(letter.answers.get(k)) for k in ("neue_kaltmiete", "neue_nebenkosten"))
    return euro(sum((p for p in parts if p is not None), Decimal("0")))


def _u25_grant(ground: str) -> Any:
    def paragraphs(letter: Letter) -> list[str]:
        values = {
            "received": received(letter),
            "address": address(letter),
            "day": day(letter, "einzug_datum"),
            "rent": _rent(letter),
            "heat": euro(facts.amount(letter.answers.get("neue_heizkosten")) or Decimal("0")),
        }
        moved = letter.answers.get("bereits_ausgezogen") is True
        if moved:
            texts = [
                _(
                    "auf Ihren Antrag vom %(received)s erkennen wir nach Ihrem Auszug aus der "
                    "Wohnung Ihrer Eltern die Bedarfe für Unterkunft und Heizung der Wohnung "
                    "%(address)s (Einzug am %(day)s) an: Bruttokaltmiete %(rent)s und "
                    "Heizkosten %(heat)s im Monat (§ 22 Abs. 1 und Abs. 5 SGB II)."
                )
                % values,
                _(
                    "Von der vorherigen Zusicherung sehen wir ab, weil es Ihnen aus wichtigem "
                    "Grund nicht zumutbar war, sie einzuholen (§ 22 Abs. 5 Satz 3 SGB II)."
                ),
            ]
        else:
            texts = [
                _(
                    "auf Ihren Antrag vom %(received)s sichern wir Ihnen zu, nach Ihrem Auszug "
                    "aus der Wohnung Ihrer Eltern die Bedarfe für Unterkunft und Heizung der "
                    "Wohnung %(address)s (Einzug am %(day)s) anzuerkennen: Bruttokaltmiete "
                    "%(rent)s und Heizkosten %(heat)s im Monat (§ 22 Abs. 4 und Abs. 5 Satz 1 "
                    "SGB II)."
                )
                % values
            ]
        texts.append(str(_GROUND_TEXTS[ground]))
        if not moved:
            texts.append(
                _(
                    "Die Zusicherung gilt für diese Wohnung zu diesen Kosten; ändern sich die "
                    "Kosten vor Vertragsschluss, fragen Sie uns bitte erneut."
                )
            )
        texts.append(
            _(
                "Umzugskosten, Wohnungsbeschaffungskosten und eine Mietkaution sind damit nicht "
                "zugesichert; sie beantragen Sie bitte gesondert (§ 22 Abs. 6 SGB II)."
            )
        )
        texts.append(
            _(
                "Bitte teilen Sie uns den Umzug mit einer Veränderungsmitteilung mit, sobald "
                "Sie eingezogen sind, und reichen Sie den unterschriebenen Mietvertrag ein; wir "
                "berechnen Ihre Leistungen dann neu."
            )
        )
        return texts

    return paragraphs


def _u25_refusal(letter: Letter) -> list[str]:
    return [
        *refusal(gettext_lazy("Zusicherung vor dem Auszug aus der Wohnung Ihrer Eltern"),
                 "§ 22 Abs. 5 SGB II")(letter),
        _(
            "Ziehen Sie vor Ihrem 25. Geburtstag ohne Zusicherung aus, werden bis dahin keine "
            "Bedarfe für Unterkunft und Heizung anerkannt (§ 22 Abs. 5 Satz 1 SGB II), und es "
            "wird weiter nur der niedrigere Regelbedarf anerkannt (§ 20 Abs. 3 SGB II)."
        ),
    ]


def _age_on(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _u25_check(case: Any, outcome: Outcome, letter: Letter) -> str:
    """§ 22 Abs. 5 SGB II binds only until the 25th birthday: a Zusicherung for a person who
    is 25 on the move-in day (by the person's record) is a move's (§ 22 Abs. 4)."""
    if outcome.decision_type != BESCHEID:
        return ""
    person = getattr(case, "applicant", None)
    born = getattr(person, "birth_date", None)
    moving_in = facts.day((case.data or {}).get("einzug_datum"))
    if born is not None and moving_in is not None and _age_on(born, moving_in) >= U25:
        return str(
            _(
                "Die Person ist am Tag des Einzugs 25 Jahre oder älter; § 22 Abs. 5 SGB II gilt "
                "nicht. Bitte entscheiden Sie die Zusicherung als Umzug (§ 22 Abs. 4 SGB II) "
                "oder lehnen Sie diesen Antrag mit dieser Begründung ab."
            )
        )
    return ""


def u25_start(user: Any) -> StartCheck | None:
    """Offered to persons under 25: a person whose record shows 25 years or more today is
    sent to the Umzug instead. Without a record the form's own rule checks the birth date
    given against the move-in day."""
    person = getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None
    born = getattr(person, "birth_date", None)
    if born is None or _age_on(born, timezone.localdate()) < U25:
        return None
    return StartCheck(
        allowed=False,
        text=_(
            "Diese Zusicherung brauchen nur Menschen unter 25 Jahren, die bei ihren Eltern "
            "ausziehen. Sie sind 25 Jahre oder älter: Für eine neue Wohnung beantragen Sie "
            "bitte die Zusicherung zum Umzug."
        ),
        links=(
            (_("Zusicherung zum Umzug beantragen"),
             reverse("formengine:start", kwargs={"form_key": "umzug"})),
            (_("Was möchten Sie erledigen?"), reverse("portal:catalogue")),
        ),
    )


AUSZUG_U25 = Anliegen(
    key="auszug_u25",
    case_type="auszug_u25",
    processing_days=10,
    group="wohnen",
    art=Art.ZUSTIMMUNG,
    money=True,
    title=gettext_lazy("Auszug aus der Wohnung der Eltern unter 25 Jahren"),
    description=gettext_lazy(
        "Sie sind jünger als 25 und möchten bei Ihren Eltern ausziehen? Dann übernimmt das "
        "Jobcenter die Miete der neuen Wohnung nur, wenn es vorher zugestimmt hat. Das muss "
        "es, wenn es schwerwiegende Gründe gibt, zum Beispiel Gewalt in der Familie, eine "
        "Arbeit weit weg oder ein eigenes Kind. Eine Vorprüfung zeigt Ihnen sofort, ob die "
        "Miete innerhalb der Grenzen liegt."
    ),
    audience=gettext_lazy(
        "Für junge Menschen unter 25 Jahren, die Bürgergeld erhalten oder beantragen und aus "
        "der Wohnung der Eltern ausziehen wollen. Ab 25 beantragen Sie die Zusicherung zum "
        "Umzug."
    ),
    documents=(
        gettext_lazy(
            "Mietangebot oder Entwurf des Mietvertrags (Kaltmiete, Nebenkosten, Heizkosten)"
        ),
        gettext_lazy(
            "wenn vorhanden: Nachweise für Ihren Grund (Arbeits- oder Ausbildungsvertrag, "
            "Bestätigung einer Beratungsstelle, Mutterpass)"
        ),
    ),
    keywords=(
        gettext_lazy("unter 25"),
        gettext_lazy("U25"),
        gettext_lazy("Auszug"),
        gettext_lazy("Eltern"),
        gettext_lazy("eigene Wohnung"),
        gettext_lazy("Zusicherung"),
        gettext_lazy("Umzug"),
    ),
    outcomes=(
        Outcome(
            key="zusicherung_sozial",
            label=gettext_lazy("Zusicherung erteilen – schwerwiegende soziale Gründe (Nr. 1)"),
            decision_type=BESCHEID,
            title=gettext_lazy("Zusicherung zu den Kosten der Unterkunft nach dem Auszug"),
            paragraphs=_u25_grant("sozial"),
        ),
        Outcome(
            key="zusicherung_arbeit",
            label=gettext_lazy(
                "Zusicherung erteilen – zur Eingliederung in den Arbeitsmarkt (Nr. 2)"),
            decision_type=BESCHEID,
            title=gettext_lazy("Zusicherung zu den Kosten der Unterkunft nach dem Auszug"),
            paragraphs=_u25_grant("arbeit"),
        ),
        Outcome(
            key="zusicherung_sonstiges",
            label=gettext_lazy(
                "Zusicherung erteilen – sonstiger, ähnlich schwerwiegender Grund (Nr. 3)"),
            decision_type=BESCHEID,
            title=gettext_lazy("Zusicherung zu den Kosten der Unterkunft nach dem Auszug"),
            paragraphs=_u25_grant("sonstiges"),
        ),
        Outcome(
            key="ablehnung",
            label=gettext_lazy("Ablehnen"),
            decision_type=ABLEHNUNG,
            title=gettext_lazy("Ablehnung der Zusicherung vor dem Auszug"),
            paragraphs=_u25_refusal,
            reasons_required=True,
            reason_templates=(
                gettext_lazy(
                    "Ein Grund nach § 22 Abs. 5 Satz 2 SGB II liegt nicht vor: Weder "
                    "schwerwiegende soziale Gründe, die gegen das Wohnen bei Ihren Eltern "
                    "sprechen, noch ein für die Eingliederung in Arbeit erforderlicher Umzug "
                    "noch ein ähnlich schwerwiegender Grund sind dargelegt."
                ),
                gettext_lazy(
                    "Die Aufwendungen für die neue Wohnung übersteigen die Angemessenheitsgrenze "
                    "unseres Jobcenters (§ 22 Abs. 1 Satz 1 und Abs. 4 SGB II)."
                ),
                gettext_lazy(
                    "Sie sind vor der Beantragung von Leistungen umgezogen, um die "
                    "Voraussetzungen für die Leistungen herbeizuführen (§ 22 Abs. 5 Satz 4 "
                    "SGB II)."
                ),
                REFUSAL_TEMPLATES[0],
            ),
        ),
    ),
    receipt=ReceiptTexts(
        counts_title=gettext_lazy("Bitte warten Sie die Zusicherung ab"),
        counts=gettext_lazy(
            "Ihr Antrag ist am %(received)s eingegangen. Unterschreiben Sie den Mietvertrag "
            "erst, wenn Sie die Zusicherung haben: Ohne sie werden bis zu Ihrem 25. Geburtstag "
            "keine Kosten der Unterkunft übernommen (§ 22 Abs. 5 SGB II)."
        ),
        next_steps=(
            gettext_lazy(
                "Das Jobcenter prüft Ihren Grund und die neue Miete und schickt Ihnen einen "
                "Bescheid. Es kann sein, dass es Sie zu einem Gespräch einlädt."
            ),
        ),
    ),
    letter_answers=(
        "bereits_ausgezogen",
        "neue_anschrift",
        "einzug_datum",
        "neue_kaltmiete",
        "neue_nebenkosten",
        "neue_heizkosten",
    ),
    staff_facts=facts.auszug_u25,
    check=_u25_check,
    preview=vorschau.auszug_u25,
    start_check=u25_start,
)


# --- Übernahme von Mietschulden und Energieschulden (§ 22 Abs. 8 SGB II) -------------------

#: what the debts are, as the letter names them
_DEBTS = {
    "miete": gettext_lazy("Mietschulden"),
    "heizung": gettext_lazy("Schulden für Heizenergie"),
    "strom": gettext_lazy("Stromschulden"),
}


def _debts(letter: Letter) -> str:
    kind = letter.answers.get("schulden_art")
    return str(_DEBTS[kind]) if isinstance(kind, str) and kind in _DEBTS else _("Schulden")


def _purpose(letter: Letter) -> str:
    if letter.answers.get("schulden_art") == "strom":
        return _(
            "Die Übernahme ist gerechtfertigt, um eine der Wohnungslosigkeit vergleichbare "
            "Notlage zu beheben: die Sperre Ihrer Stromversorgung (§ 22 Abs. 8 Satz 1 SGB II)."
        )
    return _(
        "Die Übernahme ist gerechtfertigt und notwendig, um Ihre Unterkunft zu sichern "
        "(§ 22 Abs. 8 Satz 1 und 2 SGB II)."
    )


def _payee_sentence(letter: Letter) -> str:
    payee = str(letter.answers.get("glaeubiger_name") or "").strip()
    number = " ".join(str(letter.answers.get("kundennummer") or "").split())
    text = (_("Wir zahlen den Betrag direkt an %(payee)s.") % {"payee": payee} if payee
            else _("Wir zahlen den Betrag direkt an Ihren Vermieter oder Versorger."))
    if number:
        text += " " + _("Im Verwendungszweck steht Ihre Kunden- oder Vertragsnummer "
                        "%(number)s.") % {"number": number}
    return text


_KEEP_PAYING = gettext_lazy(
    "Bitte zahlen Sie Ihre laufende Miete und Ihre Abschläge weiter pünktlich. Drohen neue "
    "Rückstände, melden Sie sich bitte sofort bei uns. Auf Ihren Antrag zahlen wir die Miete "
    "direkt an Ihren Vermieter (§ 22 Abs. 7 SGB II)."
)


def _schulden_loan(letter: Letter) -> list[str]:
    return [
        _(
            "auf Ihren Antrag vom %(received)s übernehmen wir Ihre %(debts)s in Höhe von "
            "%(amount)s als Darlehen (§ 22 Abs. 8 Satz 4 SGB II)."
        )
        % {"received": received(letter), "debts": _debts(letter), "amount": amount(letter)},
        _purpose(letter),
        _payee_sentence(letter),
        str(LOAN_REPAYMENT),
        str(_KEEP_PAYING),
    ]


def _schulden_grant(letter: Letter) -> list[str]:
    return [
        _(
            "auf Ihren Antrag vom %(received)s übernehmen wir Ihre %(debts)s in Höhe von "
            "%(amount)s als Zuschuss; Sie müssen den Betrag nicht zurückzahlen."
        )
        % {"received": received(letter), "debts": _debts(letter), "amount": amount(letter)},
        _purpose(letter),
        _(
            "Geldleistungen für Schulden sollen als Darlehen erbracht werden (§ 22 Abs. 8 Satz 4 "
            "SGB II). Davon weichen wir hier ab: %(details)s"
        )
        % {"details": letter.details},
        _payee_sentence(letter),
        str(_KEEP_PAYING),
    ]


def _schulden_check(case: Any, outcome: Outcome, letter: Letter) -> str:
    return facts.loan_check(case, outcome, letter) if outcome.key == "bewilligung" else ""


MIETSCHULDEN = Anliegen(
    key="mietschulden",
    case_type="mietschulden",
    processing_days=4,
    group="wohnen",
    art=Art.BEWILLIGUNG,
    money=True,
    title=gettext_lazy("Mietschulden oder Energieschulden: Kündigung oder Sperre abwenden"),
    description=gettext_lazy(
        "Ihnen droht die Kündigung oder Räumung der Wohnung oder die Sperre von Strom, Gas "
        "oder Heizung? Das Jobcenter kann die Schulden übernehmen, meist als Darlehen, und "
        "zahlt direkt an den Vermieter oder Versorger. Melden Sie sich so früh wie möglich."
    ),
    audience=gettext_lazy(
        "Für alle, die Bürgergeld für Miete und Heizung erhalten und Miet-, Heiz- oder "
        "Stromschulden haben."
    ),
    documents=(
        gettext_lazy("Mahnung oder Zahlungsaufforderung mit der Höhe der Schulden"),
        gettext_lazy("wenn vorhanden: Kündigung, Räumungsklage oder Ankündigung der Sperre"),
        gettext_lazy("Name und IBAN des Vermieters oder Versorgers"),
    ),
    keywords=(
        gettext_lazy("Mietschulden"),
        gettext_lazy("Mietrückstand"),
        gettext_lazy("Kündigung"),
        gettext_lazy("Räumung"),
        gettext_lazy("Stromsperre"),
        gettext_lazy("Stromschulden"),
        gettext_lazy("Gassperre"),
        gettext_lazy("Energieschulden"),
        gettext_lazy("Schulden"),
        gettext_lazy("Darlehen"),
    ),
    outcomes=(
        Outcome(
            key="bewilligung",
            label=gettext_lazy("Als Darlehen übernehmen"),
            decision_type=BESCHEID,
            amount=True,
            title=gettext_lazy("Übernahme von Schulden als Darlehen"),
            paragraphs=_schulden_loan,
            payee=True,
            payee_answer="glaeubiger_name",
            payee_iban_answer="glaeubiger_iban",
        ),
        Outcome(
            key="zuschuss",
            label=gettext_lazy("Ausnahmsweise als Zuschuss übernehmen"),
            decision_type=BESCHEID,
            amount=True,
            details=True,
            title=gettext_lazy("Übernahme von Schulden als Zuschuss"),
            paragraphs=_schulden_grant,
            payee=True,
            payee_answer="glaeubiger_name",
            payee_iban_answer="glaeubiger_iban",
        ),
        Outcome(
            key="ablehnung",
            label=gettext_lazy("Ablehnen"),
            decision_type=ABLEHNUNG,
            title=gettext_lazy("Ablehnung der Übernahme von Schulden"),
            paragraphs=refusal(gettext_lazy("Übernahme von Schulden"), "§ 22 Abs. 8 SGB II"),
            reasons_required=True,
            reason_templates=(
                gettext_lazy(
                    "Sie können die Schulden aus eigenem Vermögen bezahlen; dieses ist vorrangig "
                    "einzusetzen, auch soweit es sonst geschützt ist (§ 22 Abs. 8 Satz 3 SGB II)."
                ),
                gettext_lazy(
                    "Die Übernahme ist nicht gerechtfertigt: Ihre Unterkunft ist auch ohne sie "
                    "gesichert, weil der Vermieter oder Versorger eine Ratenzahlung angeboten hat."
                ),
                gettext_lazy(
                    "Die Übernahme kann die Unterkunft nicht mehr sichern, weil das Mietverhältnis "
                    "auch bei Zahlung der Rückstände endet."
                ),
                gettext_lazy(
                    "Sie erhalten keine Leistungen für Unterkunft und Heizung; nur dann können "
                    "Schulden übernommen werden (§ 22 Abs. 8 Satz 1 SGB II)."
                ),
                REFUSAL_TEMPLATES[0],
            ),
        ),
    ),
    receipt=ReceiptTexts(
        counts_title=gettext_lazy("Was Sie jetzt tun können"),
        counts=gettext_lazy(
            "Ihr Antrag ist am %(received)s eingegangen. Wir entscheiden so schnell wie "
            "möglich. Zeigen Sie diese Eingangsbestätigung Ihrem Vermieter oder Versorger und "
            "bitten Sie ihn, bis zu unserer Entscheidung abzuwarten."
        ),
        next_steps=(
            gettext_lazy(
                "Das Jobcenter prüft, ob es die Schulden übernimmt, und schickt Ihnen einen "
                "Bescheid. Fehlen Unterlagen, bitten wir Sie darum."
            ),
            gettext_lazy(
                "Bei einem Räumungstermin in den nächsten Tagen rufen Sie bitte zusätzlich Ihr "
                "Jobcenter an."
            ),
        ),
    ),
    letter_answers=("schulden_art", "schulden_betrag", "glaeubiger_name", "kundennummer"),
    payment_reference_answer="kundennummer",
    staff_facts=facts.mietschulden,
    check=_schulden_check,
    preview=vorschau.darlehen,
)


CONCERNS = (AUSZUG_U25, MIETSCHULDEN, DIREKTZAHLUNG)


def register_all() -> None:
    for concern in CONCERNS:
        registry.register(concern)
