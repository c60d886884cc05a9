"""The catalogue "Was möchten Sie erledigen?": its groups, the links to forms and pages of
other apps, and the concerns built on this app (registered in ``config/wiring.py`` by
:func:`register_all`). Each concern's letters are written here, next to its entry.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobcenter.anliegen import registry, selectors
from jobcenter.anliegen.registry import (
    ABLEHNUNG,
    BESCHEID,
    Anliegen,
    Art,
    Letter,
    Link,
    Outcome,
    ReceiptTexts,
)
from jobcenter.decisions.documents import date_de
from jobcenter.decisions.selectors import current_bewilligung

L = gettext_lazy

GROUPS = (
    ("leistung", L("Bürgergeld beantragen und weiter erhalten"), 10),
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
    audience=L("Für alle, die Bürgergeld erhalten und arbeiten können."),
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


# --- Links to the forms and pages of other apps ---------------------------------------------


def _has_bewilligung(user: Any) -> bool:
    return current_bewilligung(user) is not None


LINKS = (
    Link(key="hauptantrag", url_name="formengine:start", url_kwargs={"form_key": "hauptantrag"},
         group="leistung", title=L("Bürgergeld beantragen (Hauptantrag)"),
         description=L("Der Antrag auf Bürgergeld beziehungsweise Grundsicherungsgeld für "
                       "Sie und die Menschen, mit denen Sie zusammenleben."),
         audience=L("Für alle, die ihren Lebensunterhalt nicht selbst decken können und "
                    "zwischen 15 Jahren und der Altersgrenze für die Rente sind."),
         documents=(L("Personalausweis oder Pass"), L("Mietvertrag und Nachweis der "
                    "Heizkosten"), L("Kontoauszüge der letzten drei Monate"),
                    L("Nachweise über Einkommen, zum Beispiel Lohnabrechnungen")),
         keywords=(L("Antrag"), L("Grundsicherungsgeld"), L("Neuantrag"))),
    Link(key="weiterbewilligung", url_name="formengine:start",
         url_kwargs={"form_key": "weiterbewilligung"}, group="leistung",
         title=L("Weiterbewilligung beantragen"),
         description=L("Ihr Bewilligungszeitraum endet bald? Mit diesem Antrag erhalten Sie "
                       "die Leistung danach weiter."),
         audience=L("Für alle, die zurzeit Bürgergeld erhalten."),
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
         audience=L("Für alle, die Bürgergeld erhalten."),
         documents=(L("Nachweise über die Änderung, zum Beispiel eine Lohnabrechnung oder "
                      "ein Mieterhöhungsschreiben"),),
         keywords=(L("Änderung"), L("Veränderungsmitteilung"), L("VÄM"))),
    Link(key="bankverbindung", url_name="portal:profile_bank", url_kwargs={},
         group="aendern", title=L("Neue Bankverbindung mitteilen"),
         description=L("Ihr Geld soll auf ein anderes Konto gehen? Tragen Sie die neue IBAN "
                       "in Ihrem Profil ein."),
         audience=L("Für alle, die Bürgergeld erhalten."),
         documents=(L("Die neue IBAN"),),
         keywords=(L("Konto"), L("IBAN"), L("Bank"))),
    Link(key="erstausstattung", url_name="formengine:start",
         url_kwargs={"form_key": "erstausstattung"}, group="einmalig",
         title=L("Erstausstattung beantragen"),
         description=L("Eine einmalige Leistung für die erste Einrichtung einer Wohnung oder "
                       "für Schwangerschaft und Geburt."),
         audience=L("Für alle, die Bürgergeld erhalten oder es nur für diesen Bedarf "
                    "brauchen."),
         documents=(L("bei Schwangerschaft: Mutterpass (Seite mit dem Entbindungstermin)"),),
         keywords=(L("Möbel"), L("Baby"), L("Schwangerschaft"), L("Wohnung"))),
)

CONCERNS: tuple[Anliegen, ...] = (ORTSABWESENHEIT,)


def register_all() -> None:
    """Groups, links and concerns of this app into the registry (``config/wiring.py``)."""
    for key, title, position in GROUPS:
        registry.group_register(key=key, title=title, position=position)
    for link in LINKS:
        registry.link_register(link)
    for concern in CONCERNS:
        registry.register(concern)
