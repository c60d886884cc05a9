"""The texts of the two Bescheide of the Widerspruchsverfahren, registered with
``decisions.kinds`` (``config/wiring.py``) and rendered by the Bescheid's template:

* the **Abhilfebescheid** (§ 85 Abs. 1 SGG): the Jobcenter remedies the Widerspruch in full
  or in part by a new Bescheid with the corrected amounts (its draft is made by
  ``decisions.services.decision_create`` from the corrected calculation, with four eyes
  where the rules require them);
* the **Widerspruchsbescheid** (§ 85 Abs. 2, 3 SGG) of the Widerspruchsstelle, with the
  cost decision (§ 63 SGB X) and its own Rechtsbehelfsbelehrung: Klage at the Sozialgericht
  named in the Jobcenter's settings within one month (§§ 87, 90, 92, 65a SGG).

Each Bescheid's data come from its snapshot (``snapshot["letter"]``, written when the draft
is made), so a later change of the settings never changes an issued letter.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jobcenter.decisions.documents import date_de, widerspruch_belehrung
from jobcenter.decisions.kinds import BescheidKind
from jobcenter.decisions.models import Decision

ABHILFE = "abhilfe"
WIDERSPRUCHSBESCHEID = "widerspruchsbescheid"


def _letter(decision: Decision) -> dict[str, Any]:
    return dict(decision.snapshot.get("letter") or {})


def _day(value: str | None) -> str:
    return date_de(dt.date.fromisoformat(value)) if value else ""


def _costs(letter: dict[str, Any]) -> str:
    costs = letter.get("costs")
    if costs == "voll":
        return _("Das Jobcenter erstattet Ihnen die notwendigen Aufwendungen, die Ihnen im "
                 "Widerspruchsverfahren entstanden sind (§ 63 Abs. 1 SGB X).")
    if costs == "anteil":
        return _("Das Jobcenter erstattet Ihnen %(share)s Prozent der notwendigen "
                 "Aufwendungen, die Ihnen im Widerspruchsverfahren entstanden sind "
                 "(§ 63 Abs. 1 SGB X).") % {"share": letter.get("costs_share") or 0}
    return _("Aufwendungen, die Ihnen im Widerspruchsverfahren entstanden sind, werden nicht "
             "erstattet (§ 63 Abs. 1 SGB X).")


def _intro(letter: dict[str, Any]) -> dict[str, str]:
    """The Widerspruch's date and Geschäftszeichen, and the contested Bescheid by kind, date
    and Bescheid-Nr. (letters written before the number was stored: kind and date)."""
    contested = letter.get("contested", "")
    if letter.get("contested_reference"):
        contested = _("%(bescheid)s (Bescheid-Nr. %(number)s)") % {
            "bescheid": contested, "number": letter["contested_reference"]}
    return {"received": _day(letter.get("received")), "reference": letter.get("reference", ""),
            "contested": contested}


def abhilfe_paragraphs(decision: Decision) -> list[str]:
    letter = _letter(decision)
    values = _intro(letter)
    name = decision.snapshot.get("leistungsname") or _("Leistungen nach dem SGB II")
    texts = []
    if letter.get("remedy") == "teilweise":
        texts.append(_("auf Ihren Widerspruch vom %(received)s (Geschäftszeichen %(reference)s) "
                       "ändern wir unseren %(contested)s und helfen dem Widerspruch teilweise "
                       "ab (§ 85 Abs. 1 SGG).") % values)
    else:
        texts.append(_("auf Ihren Widerspruch vom %(received)s (Geschäftszeichen %(reference)s) "
                       "ändern wir unseren %(contested)s und helfen dem Widerspruch in vollem "
                       "Umfang ab (§ 85 Abs. 1 SGG).") % values)
    if decision.period_from and decision.period_to:
        texts.append(_("Für die Zeit vom %(from)s bis %(to)s erhalten Sie %(name)s in der "
                       "folgenden Höhe. Insoweit tritt dieser Bescheid an die Stelle des "
                       "angefochtenen Bescheids.")
                     % {"from": date_de(decision.period_from),
                        "to": date_de(decision.period_to), "name": name})
    if letter.get("remedy") == "teilweise":
        texts.append(_("Soweit wir Ihrem Widerspruch nicht abhelfen, legen wir ihn unserer "
                       "Widerspruchsstelle vor. Über diesen Teil erhalten Sie einen "
                       "Widerspruchsbescheid."))
    texts.append(_costs(letter))
    return texts


def abhilfe_belehrung(decision: Decision) -> list[str]:
    """In full: a new Bescheid, open to a Widerspruch like any other. In part: it becomes
    part of the pending Widerspruchsverfahren (§ 86 SGG); no second Widerspruch is needed."""
    if _letter(decision).get("remedy") == "teilweise":
        return [_("Dieser Bescheid wird nach § 86 Sozialgerichtsgesetz Gegenstand des "
                  "laufenden Widerspruchsverfahrens. Sie müssen keinen weiteren Widerspruch "
                  "einlegen. Über Ihren Widerspruch entscheidet unsere Widerspruchsstelle "
                  "durch einen Widerspruchsbescheid; dieser nennt Ihnen dann den Weg zum "
                  "Sozialgericht.")]
    return widerspruch_belehrung(decision)


def ruling_paragraphs(decision: Decision) -> list[str]:
    letter = _letter(decision)
    values = _intro(letter)
    texts = [_("über Ihren Widerspruch vom %(received)s (Geschäftszeichen %(reference)s) gegen "
               "unseren %(contested)s entscheidet die Widerspruchsstelle (§ 85 Abs. 2 SGG):")
             % values]
    outcome = letter.get("outcome")
    if outcome == "stattgegeben":
        texts.append(_("1. Dem Widerspruch wird stattgegeben."))
    elif outcome == "teilweise":
        texts.append(_("1. Dem Widerspruch wird teilweise stattgegeben. Im Übrigen wird der "
                       "Widerspruch zurückgewiesen."))
    elif outcome == "verworfen":
        texts.append(_("1. Der Widerspruch wird als unzulässig verworfen."))
    else:
        texts.append(_("1. Der Widerspruch wird zurückgewiesen."))
    texts.append(_("2. %(costs)s") % {"costs": _costs(letter)})
    if letter.get("remedy_letter_date"):
        texts.append(_("Mit Bescheid vom %(date)s haben wir Ihrem Widerspruch bereits teilweise "
                       "abgeholfen. Dieser Widerspruchsbescheid entscheidet über den übrigen "
                       "Teil.") % {"date": _day(letter.get("remedy_letter_date"))})
    return texts


def ruling_belehrung(decision: Decision) -> list[str]:
    """Klage at the Sozialgericht (§§ 87, 90 SGG) in the forms of § 90 and § 65a SGG."""
    court = _letter(decision).get("court") or {}
    address = ", ".join(p for p in [court.get("name", ""), court.get("street", ""),
                                     f"{court.get('postcode', '')} {court.get('city', '')}"
                                     .strip()] if p)
    texts = [
        _("Gegen diesen Widerspruchsbescheid können Sie innerhalb eines Monats, nachdem er "
          "Ihnen bekannt gegeben worden ist, Klage beim %(court)s erheben (§§ 87, 90 "
          "Sozialgerichtsgesetz).") % {"court": address},
        _("Die Klage ist bei diesem Gericht schriftlich oder zur Niederschrift des Urkundsbeamten "
          "der Geschäftsstelle zu erheben. Sie kann auch als elektronisches Dokument nach "
          "§ 65a Sozialgerichtsgesetz eingereicht werden, das heißt mit einer qualifizierten "
          "elektronischen Signatur oder auf einem sicheren Übermittlungsweg, zum Beispiel über "
          "„Mein Justizpostfach“. Eine einfache E-Mail genügt dafür nicht."),
        _("Die Klage soll das Jobcenter als Beklagten, den angefochtenen Bescheid und diesen "
          "Widerspruchsbescheid bezeichnen und einen bestimmten Antrag enthalten. Die "
          "Tatsachen und Beweismittel, die sie begründen, sollen angegeben werden (§ 92 "
          "Sozialgerichtsgesetz)."),
    ]
    if decision.presumed_delivery:
        texts.append(
            _("Dieser Widerspruchsbescheid gilt am %(delivered)s als bekannt gegeben (§ 37 "
              "Abs. 2 SGB X). Die Klagefrist endet danach am %(deadline)s.")
            % {"delivered": date_de(decision.presumed_delivery),
               "deadline": date_de(decision.objection_deadline)})
    else:
        texts.append(_("Ein Widerspruchsbescheid, der mit der Post verschickt wird, gilt am "
                       "vierten Tag nach der Aufgabe zur Post als bekannt gegeben (§ 37 Abs. 2 "
                       "SGB X)."))
    texts.append(_("Das Verfahren vor dem Sozialgericht ist für Sie als Leistungsempfängerin "
                   "oder Leistungsempfänger kostenfrei (§ 183 Sozialgerichtsgesetz)."))
    return texts


KINDS = (
    BescheidKind(key=ABHILFE, title=gettext_noop("Abhilfebescheid"),
                 paragraphs=abhilfe_paragraphs, rechtsbehelf=abhilfe_belehrung,
                 names_changed=True),
    BescheidKind(key=WIDERSPRUCHSBESCHEID, title=gettext_noop("Widerspruchsbescheid"),
                 paragraphs=ruling_paragraphs, rechtsbehelf=ruling_belehrung),
)
