"""The Vorschuss auf die nächste Zahlung (§ 42 Abs. 2 SGB II) as a concern on the
``anliegen`` base: the form (``forms/vorschuss.yaml``), its start page (what the next
payment is and how much may be advanced), the staff screen's facts, the check before the
Bescheid, the letters and the month the Vorschuss is counted against, fixed in the
letter. Whether and how much: ``zahlungen.services.vorschuss.advance_facts`` (the one
place); paid once by the next daily run and deducted by the monthly run (``zahlungen``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobcenter.anliegen.registry import (
    ABLEHNUNG,
    BESCHEID,
    Anliegen,
    Art,
    Letter,
    Outcome,
    ReceiptTexts,
)
from jobcenter.decisions import deadlines
from jobcenter.decisions.documents import date_de, euro, month_de
from jobcenter.formengine.display import money_text
from jobcenter.formengine.registry import StartCheck
from jobcenter.households.models import Person
from jobcenter.zahlungen.services import vorschuss as rules

NORM = "§ 42 Abs. 2 SGB II"


def _facts(case: Any) -> rules.AdvanceFacts:
    person = getattr(case, "applicant", None)
    return rules.advance_facts(person, jobcenter_id=case.jobcenter_id)


def _month(letter: Letter, key: str = "month") -> str:
    try:
        return month_de(dt.date.fromisoformat(letter.extra.get(key, "")))
    except ValueError:
        return ""


def _asked(case: Any) -> Decimal | None:
    try:
        return Decimal(str((case.data or {}).get("vorschuss_betrag")))
    except (ArithmeticError, ValueError, TypeError):
        return None


def start_check(user: Any) -> StartCheck:
    """The start page: the month whose payment is advanced and how much is possible; no
    form without a Bewilligung for it (nothing to advance)."""
    person = Person.objects.filter(user=user).first()
    facts = rules.advance_facts(person, jobcenter_id=person.jobcenter_id) if person else None
    if facts is None or facts.bg_id is None:
        return StartCheck(allowed=False, text=_(
            "Einen Vorschuss können Sie beantragen, wenn Ihnen Leistungen bewilligt sind. In "
            "Ihrem Konto ist keine Bedarfsgemeinschaft mit bewilligten Leistungen erfasst. "
            "Wenn Sie einen Bescheid per Post erhalten haben, sprechen Sie bitte mit Ihrem "
            "Jobcenter."), links=((_("Meine Anliegen"), reverse("portal:concerns")),))
    if facts.month is None or facts.due <= 0:
        return StartCheck(allowed=False, text=" ".join(facts.problems), links=(
            (_("Meine Anliegen"), reverse("portal:concerns")),))
    if facts.problems:
        return StartCheck(allowed=True, text=_(
            "Nach unseren Unterlagen ist ein Vorschuss zurzeit ausgeschlossen: %(why)s Sie "
            "können trotzdem einen Antrag stellen; Sie erhalten dann einen Bescheid.")
            % {"why": " ".join(facts.problems)})
    return StartCheck(allowed=True, text=_(
        "Ihre nächste Zahlung ist die für %(month)s: %(due)s. Als Vorschuss können Sie bis "
        "zu %(limit)s beantragen; die Zahlung für %(month)s ist dann um diesen Betrag "
        "geringer.") % {"month": month_de(facts.month), "due": money_text(facts.due),
                        "limit": money_text(facts.limit)})


def staff_facts(case: Any) -> list[tuple[str, str]]:
    facts = _facts(case)
    asked = _asked(case)
    rows = [(_("Beantragt"), money_text(asked) if asked is not None else "–")]
    if facts.month is None:
        return [*rows, (_("Ausgeschlossen"), " ".join(facts.problems))]
    rows += [
        (_("Verringert wird die Zahlung für"), month_de(facts.month)),
        (_("Bewilligt für diesen Monat"),
         _("%(amount)s (Bescheid-Nr. %(reference)s)") % {
             "amount": money_text(facts.due), "reference": facts.bescheid_reference}
         if facts.bescheid_reference else "–"),
        (_("Schon gezahlt oder als Vorschuss angewiesen"), money_text(facts.already_paid)),
        (_("Höchstens möglich (100 €, § 42 Abs. 2 Satz 2 SGB II)"), money_text(facts.limit)),
        (_("Ausschlussgründe (§ 42 Abs. 2 Satz 5 SGB II)"),
         " ".join(facts.problems) or _("keine")),
        (_("Entscheidung"), _("nach Ermessen („können“): Bewilligen Sie ganz oder teilweise "
                             "oder lehnen Sie mit Ihren Ermessenserwägungen ab.")),
    ]
    return rows


def check(case: Any, outcome: Outcome, letter: Letter) -> str:
    """Before the Bescheid: no Vorschuss the law excludes, none above the cap or the
    month's amount (a refusal is always possible)."""
    if not outcome.advance:
        return ""
    facts = _facts(case)
    if facts.problems:
        return " ".join(facts.problems)
    return rules.amount_problem(facts, letter.amount)


def letter_facts(case: Any, outcome: Outcome, amount: Decimal | None) -> dict[str, str]:
    """The month the Vorschuss is counted against, fixed in the letter (the run pays it
    against exactly this month), and the Bescheid that fixed the benefit."""
    if not outcome.advance:
        return {}
    facts = _facts(case)
    if facts.month is None:
        return {}
    first_following = deadlines.add_months(deadlines.first_of_month(timezone.localdate()), 1)
    return {"month": facts.month.isoformat(), "bescheid": facts.bescheid_reference,
            # Satz 4: only where the following month itself is reduced is there a fallback
            "fallback": deadlines.add_months(facts.month, 1).isoformat()
            if facts.month == first_following else ""}


def _grant(letter: Letter) -> list[str]:
    values = {"received": date_de(letter.received) if letter.received else "",
              "month": _month(letter), "amount": euro(letter.amount) if letter.amount else "",
              "reference": letter.extra.get("bescheid", ""),
              "fallback": _month(letter, "fallback")}
    texts = [
        _("auf Ihren Antrag vom %(received)s zahlen wir Ihnen von Ihren Leistungen für "
          "%(month)s einen Betrag von %(amount)s vorzeitig aus (§ 42 Abs. 2 Satz 1 und 2 "
          "SGB II). Die Leistungen für %(month)s sind mit dem Bescheid Nr. %(reference)s "
          "festgesetzt. Wir überweisen den Betrag in den nächsten Tagen auf Ihr Konto.")
        % values,
    ]
    if values["fallback"]:
        texts.append(_(
            "Ihre Zahlung für %(month)s verringert sich um %(amount)s (§ 42 Abs. 2 Satz 3 "
            "SGB II). Ist die Zahlung für %(month)s schon angewiesen, wenn wir den Vorschuss "
            "auszahlen, verringert sich stattdessen die Zahlung für %(fallback)s (§ 42 Abs. 2 "
            "Satz 4 SGB II).") % values)
    else:
        texts.append(_(
            "Die Zahlung für den kommenden Monat ist schon angewiesen. Deshalb verringert sich "
            "Ihre Zahlung für %(month)s um %(amount)s (§ 42 Abs. 2 Satz 4 SGB II).") % values)
    texts.append(_(
        "Ein weiterer Vorschuss ist in den beiden Kalendermonaten nach diesem Monat "
        "ausgeschlossen (§ 42 Abs. 2 Satz 5 Nr. 3 SGB II)."))
    return texts


def _refusal(letter: Letter) -> list[str]:
    return [_("Ihren Antrag vom %(received)s auf einen Vorschuss auf Ihre nächste Zahlung "
              "lehnen wir ab (§ 42 Abs. 2 SGB II). Die Gründe stehen unten.")
            % {"received": date_de(letter.received) if letter.received else ""},
            _("Ihre Leistungen zahlen wir wie bewilligt zum nächsten Zahlungstermin.")]


REFUSAL_TEMPLATES = (
    gettext_lazy("Für den nächsten Zahlungstermin sind noch keine Leistungen durch einen "
                 "Bewilligungsbescheid festgesetzt; nur solche Leistungen können vorzeitig "
                 "gezahlt werden (§ 42 Abs. 2 Satz 1 SGB II)."),
    gettext_lazy("Im laufenden Monat oder im Monat, dessen Zahlung sich verringern würde, ist "
                 "eine Aufrechnung zu erwarten. Dann ist ein Vorschuss ausgeschlossen (§ 42 "
                 "Abs. 2 Satz 5 Nr. 1 SGB II)."),
    gettext_lazy("Ihre Leistung für den nächsten Monat ist durch eine Leistungsminderung "
                 "gemindert. Dann ist ein Vorschuss ausgeschlossen (§ 42 Abs. 2 Satz 5 Nr. 2 "
                 "SGB II)."),
    gettext_lazy("Sie haben bereits in einem der beiden vorangegangenen Kalendermonate einen "
                 "Vorschuss erhalten. Dann ist ein weiterer ausgeschlossen (§ 42 Abs. 2 "
                 "Satz 5 Nr. 3 SGB II)."),
    gettext_lazy("Über einen Vorschuss entscheiden wir nach pflichtgemäßem Ermessen (§ 42 "
                 "Abs. 2 Satz 1 SGB II, § 39 SGB I). Wir haben dabei berücksichtigt:"),
)


VORSCHUSS = Anliegen(
    key="vorschuss",
    case_type="vorschuss",
    processing_days=3,
    group="einmalig",
    art=Art.BEWILLIGUNG,
    money=True,
    title=gettext_lazy("Vorschuss auf die nächste Zahlung"),
    description=gettext_lazy(
        "Wenn Sie vor der nächsten Zahlung dringend Geld brauchen: Wir können Ihnen bis zu "
        "100 € Ihrer nächsten Zahlung früher überweisen. Die nächste Zahlung ist dann um "
        "diesen Betrag geringer."),
    audience=gettext_lazy("Für alle, denen Bürgergeld für den nächsten Monat schon "
                          "bewilligt ist."),
    documents=(),
    keywords=(gettext_lazy("Vorschuss"), gettext_lazy("vorzeitig"),
              gettext_lazy("früher"), gettext_lazy("Abschlag")),
    outcomes=(
        Outcome(key="bewilligung", label=gettext_lazy("Vorschuss bewilligen"),
                decision_type=BESCHEID, amount=True, advance=True,
                title=gettext_lazy("Bewilligung eines Vorschusses"), paragraphs=_grant),
        Outcome(key="ablehnung", label=gettext_lazy("Ablehnen"), decision_type=ABLEHNUNG,
                title=gettext_lazy("Ablehnung eines Vorschusses"), paragraphs=_refusal,
                reasons_required=True, reason_templates=REFUSAL_TEMPLATES),
    ),
    receipt=ReceiptTexts(
        counts_title=gettext_lazy("Wie es weitergeht"),
        counts=gettext_lazy("Ihr Antrag ist am %(received)s eingegangen. Wir entscheiden in "
                            "der Regel innerhalb von drei Tagen."),
        next_steps=(gettext_lazy("Sie erhalten einen Bescheid. Bewilligen wir den Vorschuss, "
                                 "überweisen wir ihn mit dem nächsten täglichen Zahllauf."),),
    ),
    letter_answers=("vorschuss_betrag",),
    staff_facts=staff_facts,
    check=check,
    start_check=start_check,
    letter_facts=letter_facts,
)
