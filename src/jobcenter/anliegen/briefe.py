"""The letters of the concerns of ``katalog.py``: each outcome's operative text (German
msgids, rendered in German by ``decisions``), and the staff screen's facts and links.
Each function gets the letter data (``registry.Letter``) kept in the Bescheid's snapshot."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobcenter.anliegen import bescheid_choice, fahrkosten, selectors
from jobcenter.anliegen.registry import Letter
from jobcenter.decisions import chain
from jobcenter.decisions.documents import date_de, euro
from jobcenter.formengine.registry import StartCheck


def _received(letter: Letter) -> str:
    return date_de(letter.received) if letter.received else ""


def _answer_day(letter: Letter, key: str) -> str:
    value = letter.answers.get(key)
    try:
        return date_de(dt.date.fromisoformat(str(value)))
    except (TypeError, ValueError):
        return ""


def _absence_values(letter: Letter) -> dict[str, Any]:
    return {"received": _received(letter), "from": _answer_day(letter, "von"),
            "to": _answer_day(letter, "bis"), "place": letter.answers.get("ort", "")}


def ortsabwesenheit_zustimmung(letter: Letter) -> list[str]:
    values = _absence_values(letter)
    texts = [_("auf Ihren Antrag vom %(received)s stimmen wir Ihrem Aufenthalt außerhalb des "
               "näheren Bereichs vom %(from)s bis %(to)s (%(place)s) zu (§ 7b SGB II).")
             % values]
    if str(letter.answers.get("grund")) in selectors.WICHTIGE_GRUENDE:
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


def ortsabwesenheit_start(user: Any) -> StartCheck:
    """On the form's start page: the days of the three weeks already approved this year."""
    year = timezone.localdate().year
    allowance = selectors.allowance_for_citizen(user, year)
    return StartCheck(allowed=True, text=_(
        "Im Jahr %(year)s hat Ihr Jobcenter Abwesenheiten ohne wichtigen Grund an %(used)s "
        "von in der Regel %(total)s Tagen zugestimmt. Es bleiben %(left)s Tage. Reisen aus "
        "einem wichtigen Grund, zum Beispiel eine Reha, zählen nicht mit.")
        % {"year": year, "used": allowance.used, "total": allowance.total,
           "left": allowance.left})


def ortsabwesenheit_facts(case: Any) -> list[tuple[str, str]]:
    allowance = selectors.allowance_for_case(case)
    if allowance.requested == 0 and str((case.data or {}).get("grund")) in \
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


_BESCHEID_ARTEN = {
    "bewilligung": gettext_lazy("Bewilligungs- oder Änderungsbescheid"),
    "ablehnung": gettext_lazy("Ablehnungsbescheid"),
    "aufhebung": gettext_lazy("Aufhebungs- und Erstattungsbescheid"),
    "minderung": gettext_lazy("Bescheid über eine Leistungsminderung"),
    "sonstiges": gettext_lazy("Bescheid"),
}


def _text_answer(letter: Letter, key: str) -> str:
    value = letter.answers.get(key)
    return value.strip() if isinstance(value, str) else ""


def _review_values(letter: Letter) -> dict[str, Any]:
    """The reviewed Bescheid as the letter names it: the one the citizen chose from their
    own Bescheide (type, date, Bescheid-Nr.), else as they described it."""
    chosen = bescheid_choice.bescheid_named(letter.answers.get("bescheid"))
    if chosen is not None and chosen.letter_date is not None:
        bescheid = _("unseren Bescheid „%(kind)s“ vom %(date)s (Bescheid-Nr. %(number)s)") % {
            "kind": _(chosen.decision_type.title), "date": date_de(chosen.letter_date),
            "number": chosen.reference}
        return {"received": _received(letter), "bescheid": bescheid}
    kind = _BESCHEID_ARTEN.get(str(letter.answers.get("bescheid_art")), _BESCHEID_ARTEN[
        "sonstiges"])
    # stored answers are data: only text counts, anything else is left out, never a crash
    number = _text_answer(letter, "bescheid_nummer")
    day = _answer_day(letter, "bescheid_datum")
    described = _text_answer(letter, "bescheid_beschreibung")
    if day:
        bescheid = _("unseren %(kind)s vom %(date)s%(number)s") % {
            "kind": str(kind), "date": day, "number": f" ({number})" if number else ""}
    elif described or number:
        bescheid = _("den von Ihnen genannten %(kind)s („%(text)s“)") % {
            "kind": str(kind), "text": " – ".join(t for t in (described, number) if t)}
    else:
        bescheid = _("den von Ihnen genannten %(kind)s") % {"kind": str(kind)}
    return {"received": _received(letter), "bescheid": bescheid}


def ueberpruefung_stattgegeben(letter: Letter) -> list[str]:
    return [_("auf Ihren Antrag vom %(received)s haben wir %(bescheid)s "
              "nach § 44 SGB X überprüft. Er war rechtswidrig; wir nehmen ihn "
              "insoweit zurück:") % _review_values(letter),
            letter.details,
            _("Ergeben sich daraus höhere Leistungen, zahlen wir sie für die Zeit bis zu einem "
              "Jahr vor Beginn des Jahres nach, in dem Sie den Antrag gestellt haben (§ 40 "
              "Abs. 1 Satz 2 SGB II, § 44 Abs. 4 SGB X). Die geänderten Beträge erhalten Sie "
              "mit einem gesonderten Bescheid, wenn sie noch nicht in diesem Bescheid "
              "stehen.")]


def ueberpruefung_teilweise(letter: Letter) -> list[str]:
    return [_("auf Ihren Antrag vom %(received)s haben wir %(bescheid)s "
              "nach § 44 SGB X überprüft. Er war teilweise rechtswidrig; insoweit "
              "nehmen wir ihn zurück:") % _review_values(letter),
            letter.details,
            _("Im Übrigen lehnen wir Ihren Antrag ab; der Bescheid bleibt insoweit bestehen. "
              "Die Gründe stehen unten."),
            _("Ergeben sich höhere Leistungen, zahlen wir sie für die Zeit bis zu einem Jahr "
              "vor Beginn des Jahres nach, in dem Sie den Antrag gestellt haben (§ 40 Abs. 1 "
              "Satz 2 SGB II, § 44 Abs. 4 SGB X).")]


def ueberpruefung_abgelehnt(letter: Letter) -> list[str]:
    return [_("auf Ihren Antrag vom %(received)s haben wir %(bescheid)s "
              "nach § 44 SGB X überprüft. Wir haben weder das Recht unrichtig "
              "angewandt noch sind wir von einem unrichtigen Sachverhalt ausgegangen. Ihren "
              "Antrag lehnen wir deshalb ab; der Bescheid bleibt bestehen. Die Gründe stehen "
              "unten.") % _review_values(letter)]


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


def _fahrt_values(letter: Letter) -> dict[str, Any]:
    day = fahrkosten.termin_day(letter.answers.get("termin"))
    return {"received": _received(letter),
            "termin": (_("zu Ihrem Meldetermin am %(day)s") % {"day": day} if day
                       else _("zu Ihrem Meldetermin")),
            "amount": euro(letter.amount or 0)}


def fahrkosten_bewilligung(letter: Letter) -> list[str]:
    values = _fahrt_values(letter)
    texts = [_("auf Ihren Antrag vom %(received)s erstatten wir Ihnen die notwendigen "
               "Reisekosten %(termin)s in Höhe von %(amount)s (§ 59 SGB II in Verbindung mit "
               "§ 309 Abs. 4 SGB III).") % values]
    if letter.answers.get("verkehrsmittel") == "auto":
        texts.append(_("Für die Fahrt mit dem eigenen Fahrzeug erstatten wir 20 Cent je "
                       "Kilometer, höchstens 130 Euro, wie das Bundesreisekostengesetz es "
                       "vorsieht (§ 5 Abs. 1 BRKG)."))
    texts.append(_("Wir überweisen den Betrag auf das Konto, das Sie uns genannt haben."))
    return texts


def fahrkosten_ablehnung(letter: Letter) -> list[str]:
    return [_("Ihren Antrag vom %(received)s auf Erstattung der Reisekosten %(termin)s "
              "(§ 59 SGB II in Verbindung mit § 309 Abs. 4 SGB III) lehnen wir ab.")
            % _fahrt_values(letter),
            _("Die Reisekosten aus Anlass einer Meldung „können“ übernommen werden: Wir "
              "entscheiden darüber nach pflichtgemäßem Ermessen (§ 39 SGB I). Dabei haben wir "
              "berücksichtigt, dass Sie Grundsicherungsgeld erhalten und Fahrkosten zu einem "
              "Termin, zu dem wir Sie eingeladen haben, Ihr Budget belasten; eine Ablehnung "
              "kommt deshalb nur ausnahmsweise in Betracht. Warum das hier der Fall ist, steht "
              "unten in der Begründung.")]


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
