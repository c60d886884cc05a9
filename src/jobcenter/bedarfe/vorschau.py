"""The summary page's preview where money follows (``formengine`` preview hooks): the
non-binding pre-check of the new rent against the Angemessenheitsgrenze, the § 42a
instalment of a loan, what Bildung und Teilhabe covers. Plain language, amounts in the
reader's format, no internal key."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext as _

from jobcenter.antraege import preview as antraege_preview
from jobcenter.bedarfe import angemessenheit, facts, money
from jobcenter.decisions.documents import euro


def _jobcenter_id(draft: Any) -> int | None:
    owner = getattr(draft, "owner", None)
    return getattr(owner, "jobcenter_id", None) or getattr(draft, "jobcenter_id", None)


def _box(title: str, paragraphs: list[str]) -> dict[str, Any]:
    html = format_html_join("", '<p class="kern-body">{}</p>', ((p,) for p in paragraphs))
    return {"title": title, "html": html, "missing": []}


def umzug(draft: Any) -> dict[str, Any] | None:
    answers = draft.final_answers()
    asked = answers.get("umzug_antraege")
    if not isinstance(asked, list) or "zusicherung" not in asked:
        return None
    return _rent_check(draft, answers)


def auszug_u25(draft: Any) -> dict[str, Any] | None:
    """Auszug unter 25: the same pre-check of the new rent as for a move."""
    return _rent_check(draft, draft.final_answers())


def _rent_check(draft: Any, answers: dict[str, Any]) -> dict[str, Any]:
    title = _("Unverbindliche Vorprüfung der neuen Miete")
    rent = facts.amount(answers.get("neue_kaltmiete"))
    extra = facts.amount(answers.get("neue_nebenkosten"))
    heat = facts.amount(answers.get("neue_heizkosten"))
    jobcenter_id = _jobcenter_id(draft)
    if rent is None or extra is None or heat is None or jobcenter_id is None:
        return {"title": title, "html": "", "missing": [
            _("Kaltmiete, Nebenkosten und Heizkosten der neuen Wohnung") if jobcenter_id
            else _("Ihr Jobcenter (es ergibt sich aus Ihrem Konto)")]}
    try:
        persons = int(answers.get("neue_personen") or 1)
    except (TypeError, ValueError, OverflowError):
        persons = 1
    check = angemessenheit.pruefen(
        jobcenter_id=jobcenter_id, personen=persons, bruttokaltmiete=rent + extra,
        heizkosten=heat, on=facts.day(answers.get("einzug_datum")) or timezone.localdate())
    return _box(title, [check.citizen_text(), _(
        "Die Vorprüfung ist unverbindlich: Verbindlich entscheidet das Jobcenter mit der "
        "Zusicherung. Es kann besondere Gründe berücksichtigen, zum Beispiel eine Behinderung.")])


def darlehen(draft: Any) -> dict[str, Any] | None:
    answers = draft.final_answers()
    asked = facts.loan_asked(answers)
    title = _("So zahlen Sie das Darlehen zurück")
    owner = getattr(draft, "owner", None)
    person = getattr(owner, "person", None) if owner is not None and hasattr(owner, "person") \
        else None
    bg_id = money.bg_of(person) if person is not None else None
    rb = money.regelbedarf_of(person, bg_id, timezone.localdate())
    texts = [_("Solange Sie Leistungen erhalten, werden ab dem Monat nach der Auszahlung "
               "jeden Monat 5 % Ihres Regelbedarfs einbehalten, bis das Darlehen getilgt ist "
               "(§ 42a Abs. 2 SGB II).")]
    if rb is not None:
        rate = money.instalment(rb)
        texts.append(_("Bei Ihrem Regelbedarf von %(rb)s sind das %(rate)s im Monat.")
                     % {"rb": euro(rb), "rate": euro(rate)})
        if asked:
            texts.append(_("Ein Darlehen von %(amount)s wäre damit nach etwa %(n)s Monaten "
                           "zurückgezahlt.") % {"amount": euro(asked),
                                                "n": money.months_to_repay(asked, rate)})
    texts.append(_("Dies ist eine unverbindliche Vorschau; die Höhe entscheidet das Jobcenter."))
    return _box(title, texts)


def bildung_teilhabe(draft: Any) -> dict[str, Any] | None:
    answers = draft.final_answers()
    items = facts.but_items(answers)
    if not items:
        return None
    texts = [_("Sie beantragen: %(items)s.") % {"items": "; ".join(items)}]
    cost = facts.amount(answers.get("teilhabe_kosten"))
    if cost is not None and cost > facts.TEILHABE_MONTHLY:
        texts.append(_("Für Verein, Musikunterricht oder Freizeiten werden bis zu %(cap)s im "
                       "Monat übernommen; den Rest (%(rest)s) zahlen Sie selbst, außer Sie "
                       "haben nicht verbrauchte Beträge angespart (§ 28 Abs. 7 SGB II).")
                     % {"cap": euro(facts.TEILHABE_MONTHLY),
                        "rest": euro(cost - facts.TEILHABE_MONTHLY)})
    texts.append(_("Die Kosten werden in tatsächlicher Höhe übernommen, soweit sie angemessen "
                   "sind. Verbindlich entscheidet das Jobcenter mit dem Bescheid."))
    return _box(_("Was übernommen werden kann"), texts)





def mehrbedarf(draft: Any) -> dict[str, Any] | None:
    """A monthly Mehrbedarf (§ 21 Abs. 2–6): the sgb2 preview of the new monthly amount.
    Only one-off needs (Abs. 6 einmalig, Abs. 6a): what is asked and that it is paid once —
    a monthly calculation would show no change and mislead."""
    answers = draft.final_answers()
    given = answers.get("mehrbedarf_arten")
    kinds = {k for k in given if isinstance(k, str)} if isinstance(given, list) else set()
    if kinds & set(facts.MONTHLY_KINDS) or not kinds:
        return antraege_preview.preview_for_draft(draft)
    texts = []
    for kind, key, label in (
        ("schulbuecher", "sb_betrag", _("Schulbücher und Arbeitshefte")),
        ("einmalig", "em_betrag", _("Einmaliger besonderer Bedarf")),
    ):
        cost = facts.amount(answers.get(key))
        if kind in kinds and cost is not None:
            texts.append(_("%(what)s: %(amount)s") % {"what": label, "amount": euro(cost)})
    texts.append(_("Wird der Bedarf anerkannt, zahlt das Jobcenter den Betrag einmal aus; "
                   "Ihr Betrag im Monat ändert sich dadurch nicht. Verbindlich entscheidet "
                   "das Jobcenter mit dem Bescheid."))
    return _box(_("Was Sie einmalig beantragen"), texts)
