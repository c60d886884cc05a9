"""The catalogue "Was möchten Sie erledigen?": its groups, the links to forms and pages of
other apps, and the concerns built on this app (registered in ``config/wiring.py`` by
:func:`register_all`). Each concern's letters are written here, next to its entry.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobcenter.anliegen import registry, selectors
from jobcenter.anliegen.registry import (
    ABLEHNUNG,
    BESCHEID,
    SCHREIBEN,
    Anliegen,
    Art,
    Letter,
    Link,
    Outcome,
    ReceiptTexts,
)
from jobcenter.decisions import chain
from jobcenter.decisions.documents import date_de, euro
from jobcenter.decisions.selectors import current_bewilligung
from jobcenter.formengine import registry as forms

L = gettext_lazy

GROUPS = (
    ("leistung", L("Grundsicherungsgeld beantragen und weiter erhalten"), 10),
    ("aendern", L("Änderungen mitteilen"), 20),
    ("einmalig", L("Einmalige und zusätzliche Leistungen"), 30),
    ("wohnen", L("Wohnen und Umzug"), 40),
    ("kinder", L("Bildung und Teilhabe für Kinder"), 50),
    ("arbeit", L("Arbeit und Bewerbung"), 60),
    ("abwesenheit", L("Abwesenheit und Krankheit"), 70),
    ("rechte", L("Ihre Rechte im Verfahren"), 80),
)

NO_DOCUMENTS = L("Sie brauchen keine Unterlagen.")


def _received(letter: Letter) -> str:
    return date_de(letter.received) if letter.received else ""


def _answer_day(letter: Letter, key: str) -> str:
    value = letter.answers.get(key)
    try:
        return date_de(dt.date.fromisoformat(str(value)))
    except (TypeError, ValueError):
        return ""


# --- Ortsabwesenheit (§ 7b SGB II) ---------------------------------------------------------


def _absence_values(letter: Letter) -> dict[str, Any]:
    return {"received": _received(letter), "from": _answer_day(letter, "von"),
            "to": _answer_day(letter, "bis"), "place": letter.answers.get("ort", "")}


def ortsabwesenheit_zustimmung(letter: Letter) -> list[str]:
    values = _absence_values(letter)
    texts = [_("auf Ihren Antrag vom %(received)s stimmen wir Ihrem Aufenthalt außerhalb des "
               "näheren Bereichs vom %(from)s bis %(to)s (%(place)s) zu (§ 7b SGB II).")
             % values]
    if letter.answers.get("grund") in selectors.WICHTIGE_GRUENDE:
        texts.append(_("Für Ihre Abwesenheit liegt ein wichtiger Grund vor (§ 7b Abs. 2 "
                       "SGB II). Die Tage werden nicht auf die drei Wochen im Kalenderjahr "
                       "angerechnet."))
    else:
        texts.append(_("Ohne wichtigen Grund ist eine Abwesenheit in der Regel bis zu drei "
                       "Wochen im Kalenderjahr möglich (§ 7b Abs. 3 SGB II). Diese Abwesenheit "
                       "wird darauf angerechnet."))
    texts.append(_("Während der Abwesenheit erhalten Sie Ihre Leistungen weiter. Bitte melden "
                   "Sie sich am ersten Tag nach Ihrer Rückkehr wieder erreichbar, wenn wir Sie "
                   "darum gebeten haben, und teilen Sie uns sofort mit, wenn sich der Zeitraum "
                   "ändert. Eine längere Abwesenheit ohne Zustimmung kann dazu führen, dass "
                   "für diese Zeit keine Leistungen zustehen."))
    return texts


def ortsabwesenheit_ablehnung(letter: Letter) -> list[str]:
    return [_("Ihrem Antrag vom %(received)s auf Zustimmung zu einem Aufenthalt außerhalb des "
              "näheren Bereichs vom %(from)s bis %(to)s (%(place)s) stimmen wir nicht zu "
              "(§ 7b SGB II). Die Gründe stehen unten.") % _absence_values(letter),
            _("Halten Sie sich ohne Zustimmung außerhalb des näheren Bereichs auf, stehen Ihnen "
              "für diese Zeit keine Leistungen zu (§ 7b Abs. 1 SGB II).")]


def ortsabwesenheit_facts(case: Any) -> list[tuple[str, str]]:
    allowance = selectors.allowance_for_case(case)
    if allowance.requested == 0 and (case.data or {}).get("grund") in \
            selectors.WICHTIGE_GRUENDE:
        requested = _("wichtiger Grund – wird nicht angerechnet (§ 7b Abs. 2 SGB II)")
    else:
        requested = _("%(days)s Tage") % {"days": allowance.requested}
    return [
        (_("Bereits zugestimmt im Jahr %(year)s") % {"year": allowance.year},
         _("%(used)s von %(total)s Tagen") % {"used": allowance.used,
                                              "total": allowance.total}),
        (_("Dieser Antrag"), requested),
        (_("Danach verbleiben"), _("%(days)s Tage") % {"days": allowance.left_after}),
    ]


ORTSABWESENHEIT = Anliegen(
    key="ortsabwesenheit", case_type="ortsabwesenheit", processing_days=7,
    group="abwesenheit", art=Art.ZUSTIMMUNG,
    title=L("Ortsabwesenheit – Zustimmung zu einer Reise"),
    description=L("Sie möchten verreisen oder sind länger nicht an Ihrem Wohnort? Das "
                  "Jobcenter muss vorher zustimmen. Ohne besonderen Grund sind in der Regel "
                  "bis zu drei Wochen im Jahr möglich."),
    audience=L("Für alle, die Grundsicherungsgeld erhalten und arbeiten können."),
    documents=(L("Reisezeitraum und Reiseziel"),
               L("bei einer Kur, Reha oder Bewerbung: die Verordnung oder Einladung, wenn "
                 "vorhanden")),
    keywords=(L("Urlaub"), L("Reise"), L("verreisen"), L("Erreichbarkeit"), L("Kur")),
    outcomes=(
        Outcome(key="zustimmung", label=L("Zustimmen"), decision_type=BESCHEID,
                title=L("Zustimmung zur Ortsabwesenheit"),
                paragraphs=ortsabwesenheit_zustimmung),
        Outcome(key="ablehnung", label=L("Nicht zustimmen"), decision_type=ABLEHNUNG,
                title=L("Ablehnung der Zustimmung zur Ortsabwesenheit"),
                paragraphs=ortsabwesenheit_ablehnung, reasons_required=True),
    ),
    receipt=ReceiptTexts(
        counts_title=L("Bitte warten Sie die Zustimmung ab"),
        counts=L("Ihr Antrag ist am %(received)s eingegangen. Verreisen Sie erst, wenn das "
                 "Jobcenter zugestimmt hat (§ 7b SGB II)."),
        next_steps=(L("Das Jobcenter entscheidet vor Ihrer Abreise und schickt Ihnen die "
                      "Entscheidung."),)),
    letter_answers=("von", "bis", "ort", "grund"),
    staff_facts=ortsabwesenheit_facts,
)


# --- Überprüfungsantrag (§ 44 SGB X, § 40 Abs. 1 SGB II) ----------------------------------

_BESCHEID_ARTEN = {
    "bewilligung": L("Bewilligungs- oder Änderungsbescheid"),
    "ablehnung": L("Ablehnungsbescheid"),
    "aufhebung": L("Aufhebungs- und Erstattungsbescheid"),
    "minderung": L("Bescheid über eine Leistungsminderung"),
    "sonstiges": L("Bescheid"),
}


def _review_values(letter: Letter) -> dict[str, Any]:
    kind = _BESCHEID_ARTEN.get(str(letter.answers.get("bescheid_art")), _BESCHEID_ARTEN[
        "sonstiges"])
    number = letter.answers.get("bescheid_nummer") or ""
    return {"received": _received(letter), "date": _answer_day(letter, "bescheid_datum"),
            "kind": str(kind), "number": f" ({number})" if number else ""}


def ueberpruefung_stattgegeben(letter: Letter) -> list[str]:
    return [_("auf Ihren Antrag vom %(received)s haben wir unseren %(kind)s vom %(date)s"
              "%(number)s nach § 44 SGB X überprüft. Er war rechtswidrig; wir nehmen ihn "
              "insoweit zurück:") % _review_values(letter),
            letter.details,
            _("Ergeben sich daraus höhere Leistungen, zahlen wir sie für die Zeit bis zu einem "
              "Jahr vor Beginn des Jahres nach, in dem Sie den Antrag gestellt haben (§ 40 "
              "Abs. 1 Satz 2 SGB II, § 44 Abs. 4 SGB X). Die geänderten Beträge erhalten Sie "
              "mit einem gesonderten Bescheid, wenn sie noch nicht in diesem Bescheid "
              "stehen.")]


def ueberpruefung_teilweise(letter: Letter) -> list[str]:
    return [_("auf Ihren Antrag vom %(received)s haben wir unseren %(kind)s vom %(date)s"
              "%(number)s nach § 44 SGB X überprüft. Er war teilweise rechtswidrig; insoweit "
              "nehmen wir ihn zurück:") % _review_values(letter),
            letter.details,
            _("Im Übrigen lehnen wir Ihren Antrag ab; der Bescheid bleibt insoweit bestehen. "
              "Die Gründe stehen unten."),
            _("Ergeben sich höhere Leistungen, zahlen wir sie für die Zeit bis zu einem Jahr "
              "vor Beginn des Jahres nach, in dem Sie den Antrag gestellt haben (§ 40 Abs. 1 "
              "Satz 2 SGB II, § 44 Abs. 4 SGB X).")]


def ueberpruefung_abgelehnt(letter: Letter) -> list[str]:
    return [_("auf Ihren Antrag vom %(received)s haben wir unseren %(kind)s vom %(date)s"
              "%(number)s nach § 44 SGB X überprüft. Wir haben weder das Recht unrichtig "
              "angewandt noch sind wir von einem unrichtigen Sachverhalt ausgegangen. Ihren "
              "Antrag lehnen wir deshalb ab; der Bescheid bleibt bestehen. Die Gründe stehen "
              "unten.") % _review_values(letter)]


UEBERPRUEFUNG = Anliegen(
    key="ueberpruefung", case_type="ueberpruefung", processing_days=60, group="rechte",
    art=Art.ENTSCHEIDUNG,
    title=L("Überprüfungsantrag – einen Bescheid noch einmal prüfen lassen"),
    description=L("Sie halten einen Bescheid für falsch, auch wenn die Frist für einen "
                  "Widerspruch vorbei ist? Wir prüfen ihn noch einmal. War er falsch, ändern "
                  "wir ihn und zahlen zu wenig gezahltes Geld nach."),
    audience=L("Für alle, die einen Bescheid des Jobcenters erhalten haben. Ist der Bescheid "
               "jünger als ein Monat, legen Sie besser Widerspruch ein."),
    documents=(L("Datum des Bescheids"),
               L("Nachweise, die zeigen, was falsch ist, wenn vorhanden")),
    keywords=(L("Überprüfung"), L("falsch"), L("Bescheid prüfen"), L("Nachzahlung"),
              L("§ 44")),
    outcomes=(
        Outcome(key="stattgegeben", label=L("Bescheid zurücknehmen (stattgeben)"),
                decision_type=BESCHEID, title=L("Bescheid über Ihren Überprüfungsantrag"),
                paragraphs=ueberpruefung_stattgegeben, details=True),
        Outcome(key="teilweise", label=L("Teilweise stattgeben"), decision_type=BESCHEID,
                title=L("Bescheid über Ihren Überprüfungsantrag"),
                paragraphs=ueberpruefung_teilweise, details=True, reasons_required=True),
        Outcome(key="abgelehnt", label=L("Ablehnen"), decision_type=ABLEHNUNG,
                title=L("Bescheid über Ihren Überprüfungsantrag"),
                paragraphs=ueberpruefung_abgelehnt, reasons_required=True,
                reason_templates=(
                    L("Die Berechnung entspricht den Angaben und Nachweisen, die uns zum "
                      "Zeitpunkt des Bescheids vorlagen. Neue Tatsachen haben Sie nicht "
                      "genannt."),)),
    ),
    receipt=ReceiptTexts(
        counts_title=L("Ab wann Ihr Antrag zählt"),
        counts=L("Ihr Überprüfungsantrag ist am %(received)s eingegangen. War der Bescheid "
                 "falsch, zahlen wir Leistungen bis zu einem Jahr vor Beginn des Jahres "
                 "nach, in dem Sie den Antrag gestellt haben (§ 44 SGB X, § 40 Abs. 1 SGB II)."),
        next_steps=(L("Über Ihren Antrag entscheidet das Jobcenter mit einem Bescheid."),)),
    letter_answers=("bescheid_datum", "bescheid_art", "bescheid_nummer"),
)


# --- Akteneinsicht (§ 25 SGB X) ------------------------------------------------------------


def _appointment_text(letter: Letter) -> dict[str, str]:
    day = letter.appointment.get("day")
    return {"day": date_de(dt.date.fromisoformat(day)) if day else "",
            "time": letter.appointment.get("time", ""),
            "place": letter.appointment.get("place", ""), "received": _received(letter)}


def akteneinsicht_termin(letter: Letter) -> list[str]:
    return [_("auf Ihren Antrag vom %(received)s können Sie Ihre Akte einsehen (§ 25 SGB X). "
              "Wir bieten Ihnen dafür einen Termin an: am %(day)s um %(time)s Uhr, "
              "%(place)s.") % _appointment_text(letter),
            _("Bitte bringen Sie einen Ausweis mit. Sie können eine Person Ihres Vertrauens "
              "mitbringen; eine Bevollmächtigte oder ein Bevollmächtigter braucht eine "
              "schriftliche Vollmacht. Sie können sich Notizen machen und Kopien verlangen "
              "(§ 25 Abs. 5 SGB X)."),
            _("Passt Ihnen der Termin nicht, schreiben Sie uns bitte über das Postfach; wir "
              "vereinbaren dann einen anderen.")]


def akteneinsicht_kopien(letter: Letter) -> list[str]:
    return [_("auf Ihren Antrag vom %(received)s auf Akteneinsicht (§ 25 SGB X):")
            % {"received": _received(letter)}, letter.details,
            _("Möchten Sie darüber hinaus Ihre Akte bei uns ansehen, schreiben Sie uns bitte "
              "über das Postfach; wir vereinbaren dann einen Termin.")]


def akteneinsicht_ablehnung(letter: Letter) -> list[str]:
    return [_("Ihren Antrag vom %(received)s auf Einsicht in Ihre Akte lehnen wir ab, soweit "
              "die Unterlagen geheim gehalten werden müssen (§ 25 Abs. 3 SGB X). Die Gründe "
              "stehen unten.") % {"received": _received(letter)}]


AKTENEINSICHT = Anliegen(
    key="akteneinsicht", case_type="akteneinsicht", processing_days=14, group="rechte",
    art=Art.VERFAHREN,
    title=L("Akteneinsicht – Ihre Akte ansehen"),
    description=L("Sie möchten sehen, was das Jobcenter über Sie gespeichert hat? Wir bieten "
                  "Ihnen einen Termin zur Einsicht an oder stellen Ihnen Kopien in Ihr Konto."),
    audience=L("Für alle, deren Angelegenheiten das Jobcenter bearbeitet, und für ihre "
               "Bevollmächtigten."),
    documents=(NO_DOCUMENTS,),
    keywords=(L("Akte"), L("Einsicht"), L("Daten"), L("Kopien"), L("§ 25")),
    outcomes=(
        Outcome(key="termin", label=L("Termin zur Einsicht anbieten"), decision_type=SCHREIBEN,
                title=L("Ihre Akteneinsicht: Terminangebot"),
                paragraphs=akteneinsicht_termin, appointment=True),
        Outcome(key="kopien", label=L("Kopien bereitstellen"), decision_type=SCHREIBEN,
                title=L("Ihre Akteneinsicht"), paragraphs=akteneinsicht_kopien, details=True),
        Outcome(key="ablehnung", label=L("Einsicht ablehnen (§ 25 Abs. 3 SGB X)"),
                decision_type=ABLEHNUNG, title=L("Ablehnung der Akteneinsicht"),
                paragraphs=akteneinsicht_ablehnung, reasons_required=True),
    ),
    receipt=ReceiptTexts(
        counts_title=L("Wie es mit Ihrem Antrag weitergeht"),
        counts=L("Ihr Antrag auf Akteneinsicht ist am %(received)s eingegangen (§ 25 SGB X)."),
        next_steps=(L("Das Jobcenter schickt Ihnen ein Terminangebot oder stellt Ihnen "
                      "Kopien bereit."),)),
    letter_answers=("umfang", "art"),
)


# --- Bewerbungs- und Fahrtkosten (§ 16 Abs. 1 SGB II, § 44 SGB III) ------------------------


def bewerbungskosten_bewilligung(letter: Letter) -> list[str]:
    return [_("auf Ihren Antrag vom %(received)s übernehmen wir Kosten Ihrer Bewerbung aus dem "
              "Vermittlungsbudget in Höhe von %(amount)s (§ 16 Abs. 1 SGB II in Verbindung mit "
              "§ 44 SGB III).") % {"received": _received(letter),
                                    "amount": euro(letter.amount or 0)},
            _("Wir überweisen den Betrag auf das Konto, das Sie uns genannt haben. Bitte heben "
              "Sie die Belege auf.")]


def bewerbungskosten_ablehnung(letter: Letter) -> list[str]:
    return [_("Ihren Antrag vom %(received)s auf Übernahme von Bewerbungs- oder Fahrtkosten "
              "aus dem Vermittlungsbudget (§ 16 Abs. 1 SGB II in Verbindung mit § 44 SGB III) "
              "lehnen wir ab. Die Gründe stehen unten.") % {"received": _received(letter)}]


BEWERBUNGSKOSTEN = Anliegen(
    key="bewerbungskosten", case_type="bewerbungskosten", processing_days=21, group="arbeit",
    art=Art.BEWILLIGUNG, money=True,
    title=L("Bewerbungs- und Fahrtkosten"),
    description=L("Das Jobcenter kann Kosten Ihrer Bewerbungen übernehmen: Bewerbungsfotos, "
                  "Mappen, Porto und die Fahrt zu einem Vorstellungsgespräch. Beantragen Sie "
                  "das bitte, bevor die Kosten entstehen."),
    audience=L("Für alle, die Grundsicherungsgeld erhalten und Arbeit oder eine Ausbildung "
               "suchen."),
    documents=(L("Einladung zum Vorstellungsgespräch, wenn vorhanden"),
               L("Belege oder Fahrkarten, wenn Sie sie schon haben")),
    keywords=(L("Bewerbung"), L("Vorstellungsgespräch"), L("Fahrtkosten"),
              L("Vermittlungsbudget"), L("Fotos")),
    outcomes=(
        Outcome(key="bewilligung", label=L("Bewilligen"), decision_type=BESCHEID,
                title=L("Bewilligung von Bewerbungs- und Fahrtkosten"),
                paragraphs=bewerbungskosten_bewilligung, amount=True),
        Outcome(key="ablehnung", label=L("Ablehnen"), decision_type=ABLEHNUNG,
                title=L("Ablehnung von Bewerbungs- und Fahrtkosten"),
                paragraphs=bewerbungskosten_ablehnung, reasons_required=True,
                reason_templates=(
                    L("Die Kosten sind vor der Antragstellung entstanden. Leistungen aus dem "
                      "Vermittlungsbudget werden nur erbracht, wenn sie vorher beantragt "
                      "werden (§ 324 Abs. 1 SGB III)."),
                    L("Die Kosten werden bereits von dritter Seite übernommen, zum Beispiel "
                      "vom Arbeitgeber."))),
    ),
    receipt=ReceiptTexts(
        counts_title=L("Ab wann Ihr Antrag zählt"),
        counts=L("Ihr Antrag ist am %(received)s eingegangen. Kosten übernehmen wir nur, wenn "
                 "sie nach dem Antrag entstehen (§ 324 Abs. 1 SGB III)."),
        next_steps=(L("Über Ihren Antrag entscheidet das Jobcenter mit einem Bescheid."),)),
    letter_answers=("kostenarten", "arbeitgeber", "gespraech_am", "betrag"),
)


# --- Arbeitsunfähigkeit (§ 56 SGB II) -------------------------------------------------------


def arbeitsunfaehigkeit_kenntnis(letter: Letter) -> list[str]:
    values = {"received": _received(letter), "from": _answer_day(letter, "krank_seit"),
              "to": _answer_day(letter, "krank_bis")}
    return [_("vielen Dank für Ihre Mitteilung vom %(received)s. Wir haben Ihre "
              "Arbeitsunfähigkeit vom %(from)s bis voraussichtlich %(to)s und die Bescheinigung "
              "erhalten (§ 56 SGB II).") % values,
            _("Eine Arbeitsunfähigkeit ist ein wichtiger Grund, wenn Sie deshalb einen Termin "
              "beim Jobcenter nicht wahrnehmen können (§ 32 SGB II). Einladungen zu Terminen in "
              "dieser Zeit haben wir mit Ihrer Krankmeldung als abgesagt vermerkt; ob der "
              "Termin entfällt, teilen wir Ihnen in Ihrem Konto mit."),
            _("Dauert die Arbeitsunfähigkeit länger, schicken Sie uns bitte die "
              "Folgebescheinigung. Ihre Leistungen ändern sich durch die Krankmeldung nicht.")]


ARBEITSUNFAEHIGKEIT = Anliegen(
    key="arbeitsunfaehigkeit", case_type="arbeitsunfaehigkeit", processing_days=7,
    group="abwesenheit", art=Art.KENNTNISNAHME,
    title=L("Arbeitsunfähigkeit melden"),
    description=L("Sie sind krank und können nicht arbeiten oder nicht zu einem Termin "
                  "kommen? Melden Sie das bitte sofort mit der Bescheinigung Ihrer Ärztin oder "
                  "Ihres Arztes. Termine in dieser Zeit werden verlegt."),
    audience=L("Für alle, die Grundsicherungsgeld erhalten und arbeiten können."),
    documents=(L("Arbeitsunfähigkeitsbescheinigung (Ausfertigung für Versicherte)"),),
    keywords=(L("krank"), L("Krankmeldung"), L("AU"), L("Krankschreibung"),
              L("Termin absagen")),
    outcomes=(
        Outcome(key="kenntnisnahme", label=L("Zur Kenntnis genommen – Bestätigung schicken"),
                decision_type=SCHREIBEN, title=L("Bestätigung Ihrer Krankmeldung"),
                paragraphs=arbeitsunfaehigkeit_kenntnis),
    ),
    receipt=ReceiptTexts(
        counts_title=L("Ihre Krankmeldung"),
        counts=L("Ihre Krankmeldung ist am %(received)s eingegangen (§ 56 SGB II). Termine "
                 "in dieser Zeit nehmen wir als entschuldigt auf."),
        next_steps=(L("Sie erhalten eine Bestätigung in Ihr Konto."),)),
    letter_answers=("krank_seit", "krank_bis", "krank_person"),
)


# --- Abmeldung -----------------------------------------------------------------------------


def abmeldung_bestaetigung(letter: Letter) -> list[str]:
    return [_("wir bestätigen Ihre Abmeldung vom %(received)s: Ab dem %(from)s brauchen Sie "
              "nach Ihren Angaben keine Leistungen nach dem SGB II mehr.")
            % {"received": _received(letter), "from": _answer_day(letter, "ab")},
            _("Über das Ende Ihrer Bewilligung erhalten Sie einen gesonderten Bescheid "
              "(Aufhebung nach § 48 SGB X in Verbindung mit § 40 SGB II). Haben wir für die Zeit "
              "danach schon gezahlt, steht darin auch, was Sie erstatten müssen."),
            _("Sie können jederzeit wieder einen Antrag stellen, wenn Sie wieder Hilfe "
              "brauchen.")]


def abmeldung_links(case: Any) -> list[tuple[str, str]]:
    day = _day_of((case.data or {}).get("ab"))
    if day is None or case.bedarfsgemeinschaft_id is None:
        return []
    ruling = chain.ruling_decision(month=day, bedarfsgemeinschaft_id=case.bedarfsgemeinschaft_id)
    if ruling is None:
        return []
    return [(_("Bewilligung aufheben: Bescheid vom %(date)s (Bescheid-Nr. %(reference)s) – "
               "Berechnung des Falls %(case)s") % {
        "date": formats.date_format(ruling.letter_date, "SHORT_DATE_FORMAT")
        if ruling.letter_date else "", "reference": ruling.reference,
        "case": ruling.case.reference},
        reverse("decisions:calculation", args=[ruling.case_id]))]


def _day_of(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None


ABMELDUNG = Anliegen(
    key="abmeldung", case_type="abmeldung", processing_days=14, group="aendern",
    art=Art.KENNTNISNAHME,
    title=L("Abmeldung: keine Leistungen mehr"),
    description=L("Sie brauchen kein Grundsicherungsgeld mehr, zum Beispiel weil Sie genug "
                  "verdienen oder wegziehen? Teilen Sie uns mit, ab wann. Wir bestätigen die "
                  "Abmeldung und beenden die Zahlung."),
    audience=L("Für alle, die Grundsicherungsgeld erhalten."),
    documents=(NO_DOCUMENTS,),
    keywords=(L("abmelden"), L("beenden"), L("Arbeit gefunden"), L("Wegzug"), L("Rente")),
    outcomes=(
        Outcome(key="bestaetigung", label=L("Abmeldung bestätigen"), decision_type=SCHREIBEN,
                title=L("Bestätigung Ihrer Abmeldung"), paragraphs=abmeldung_bestaetigung),
    ),
    receipt=ReceiptTexts(
        counts_title=L("Ihre Abmeldung"),
        counts=L("Ihre Abmeldung ist am %(received)s eingegangen."),
        next_steps=(L("Sie erhalten eine Bestätigung und einen Bescheid über das Ende Ihrer "
                      "Bewilligung."),)),
    letter_answers=("ab", "grund"),
    staff_links=abmeldung_links,
)


# --- Links to the forms and pages of other apps ---------------------------------------------


def _has_bewilligung(user: Any) -> bool:
    return current_bewilligung(user) is not None


LINKS = (
    Link(key="hauptantrag", url_name="formengine:start", url_kwargs={"form_key": "hauptantrag"},
         group="leistung", title=L("Grundsicherungsgeld beantragen (Hauptantrag)"),
         description=L("Der Antrag auf Grundsicherungsgeld (früher Bürgergeld) für Sie und "
                       "die Menschen, mit denen Sie zusammenleben."),
         audience=L("Für alle, die ihren Lebensunterhalt nicht selbst decken können und "
                    "zwischen 15 Jahren und der Altersgrenze für die Rente sind."),
         documents=(L("Personalausweis oder Pass"), L("Mietvertrag und Nachweis der "
                    "Heizkosten"), L("Kontoauszüge der letzten drei Monate"),
                    L("Nachweise über Einkommen, zum Beispiel Lohnabrechnungen")),
         keywords=(L("Antrag"), L("Bürgergeld"), L("Neuantrag"))),
    Link(key="weiterbewilligung", url_name="formengine:start",
         url_kwargs={"form_key": "weiterbewilligung"}, group="leistung",
         title=L("Weiterbewilligung beantragen"),
         description=L("Ihr Bewilligungszeitraum endet bald? Mit diesem Antrag erhalten Sie "
                       "die Leistung danach weiter."),
         audience=L("Für alle, die zurzeit Grundsicherungsgeld erhalten."),
         documents=(L("Nachweise über Änderungen seit dem letzten Antrag, wenn es welche "
                      "gibt"),),
         keywords=(L("Weiterbewilligungsantrag"), L("WBA"), L("verlängern")),
         available=_has_bewilligung,
         unavailable_text=L("Eine Weiterbewilligung ist möglich, solange Sie Leistungen "
                            "bewilligt bekommen haben. Zurzeit haben Sie keine laufende "
                            "Bewilligung in Ihrem Konto. Bitte stellen Sie einen neuen "
                            "Antrag.")),
    Link(key="veraenderung", url_name="formengine:start",
         url_kwargs={"form_key": "veraenderung"}, group="aendern",
         title=L("Veränderung mitteilen"),
         description=L("Teilen Sie uns mit, wenn sich etwas ändert: Einkommen, Miete, wer "
                       "bei Ihnen wohnt, Vermögen."),
         audience=L("Für alle, die Grundsicherungsgeld erhalten."),
         documents=(L("Nachweise über die Änderung, zum Beispiel eine Lohnabrechnung oder "
                      "ein Mieterhöhungsschreiben"),),
         keywords=(L("Änderung"), L("Veränderungsmitteilung"), L("VÄM"))),
    Link(key="arbeitsaufnahme", url_name="formengine:start",
         url_kwargs={"form_key": "veraenderung"}, query="anlass=arbeitsaufnahme",
         group="aendern", title=L("Neue Arbeit oder neues Einkommen melden"),
         description=L("Sie haben eine Arbeit aufgenommen, auch einen Minijob? Melden Sie das "
                       "bitte sofort. Wir rechnen Ihr Einkommen an, sobald wir die erste "
                       "Lohnabrechnung haben."),
         audience=L("Für alle, die Grundsicherungsgeld erhalten."),
         documents=(L("Arbeitsvertrag"), L("Erste Lohnabrechnung, sobald Sie sie haben")),
         keywords=(L("Arbeit"), L("Job"), L("Minijob"), L("Lohn"), L("Gehalt"),
                   L("Arbeitsaufnahme"))),
    Link(key="bankverbindung", url_name="portal:profile_bank", url_kwargs={},
         group="aendern", title=L("Neue Bankverbindung mitteilen"),
         description=L("Ihr Geld soll auf ein anderes Konto gehen? Tragen Sie die neue IBAN "
                       "in Ihrem Profil ein."),
         audience=L("Für alle, die Grundsicherungsgeld erhalten."),
         documents=(L("Die neue IBAN"),),
         keywords=(L("Konto"), L("IBAN"), L("Bank"))),
    Link(key="erstausstattung", url_name="formengine:start",
         url_kwargs={"form_key": "erstausstattung"}, group="einmalig",
         title=L("Erstausstattung beantragen"),
         description=L("Eine einmalige Leistung für die erste Einrichtung einer Wohnung oder "
                       "für Schwangerschaft und Geburt."),
         audience=L("Für alle, die Grundsicherungsgeld erhalten oder es nur für diesen "
                    "Bedarf brauchen."),
         documents=(L("bei Schwangerschaft: Mutterpass (Seite mit dem Entbindungstermin)"),),
         keywords=(L("Möbel"), L("Baby"), L("Schwangerschaft"), L("Wohnung"))),
)

CONCERNS: tuple[Anliegen, ...] = (ORTSABWESENHEIT, ARBEITSUNFAEHIGKEIT, ABMELDUNG,
                                   BEWERBUNGSKOSTEN, UEBERPRUEFUNG, AKTENEINSICHT)

#: Named starts of forms of other apps (``formengine.registry.register_start_preset``).
START_PRESETS = (
    ("veraenderung", "arbeitsaufnahme", {"aenderungen": ["arbeitsaufnahme"]}),
)


def register_all() -> None:
    """Groups, links and concerns of this app into the registry (``config/wiring.py``)."""
    for key, title, position in GROUPS:
        registry.group_register(key=key, title=title, position=position)
    for link in LINKS:
        registry.link_register(link)
    for concern in CONCERNS:
        registry.register(concern)
    for form_key, name, answers in START_PRESETS:
        forms.register_start_preset(form_key, name, answers)
