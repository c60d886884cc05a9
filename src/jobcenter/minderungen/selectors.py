"""Reads of the Minderung procedure: the citizen's own (plain-language state), the staff
lists through ``transparency.reads``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jobcenter.accounts.models import User
from jobcenter.casefiles.selectors import case_persons
from jobcenter.core.access import Data, scope
from jobcenter.decisions.anhoerung import money
from jobcenter.minderungen import anhoerung_letter
from jobcenter.minderungen.models import Minderung
from jobcenter.transparency.models import AccessLogEntry
from jobcenter.transparency.reads import (
    Reading,
    Seen,
    staff_read_first,
    staff_read_many,
    staff_read_one,
)

M = Minderung
PURPOSE = AccessLogEntry.Purpose.CASE_WORK
_RELATED = ("case", "case__applicant", "case__jobcenter", "basis", "decision",
            "end_decision", "recorded_by", "hearing_document")

MINDERUNG = Reading(data=Data.LEISTUNGSAKTE, what=AccessLogEntry.What.CASE, seen=lambda m: [
    Seen(person, m, _("Leistungsminderung, %(reference)s") % {"reference": m.case.reference})
    for person in case_persons(m.case)])
MINDERUNG_IN_LIST = Reading(
    data=Data.LEISTUNGSAKTE, what=AccessLogEntry.What.CASE_LIST,
    seen=lambda m: [Seen(m.case.applicant, m, _("Leistungsminderung, %(reference)s")
                         % {"reference": m.case.reference})] if m.case.applicant_id else [])

MINDERUNG_PDF = Reading(data=Data.DOKUMENTE, what=AccessLogEntry.What.CASE, seen=lambda m: [
    Seen(person, m, _("Anhörungsschreiben, %(reference)s") % {"reference": m.case.reference})
    for person in case_persons(m.case)])

OPEN = (M.Status.RECORDED, M.Status.HEARING, M.Status.ANSWERED)


def _date(day: dt.date | None) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT") if day else ""


def minderungen_for_citizen(user: User) -> QuerySet[Minderung]:
    """What the citizen may see: from the Anhörung on (a procedure only recorded internally
    is not shown)."""
    return (scope(Minderung.objects.all(), user).select_related(*_RELATED)
            .exclude(status=M.Status.RECORDED)
            .exclude(status=M.Status.DROPPED, hearing_sent_at__isnull=True))


def minderung_for_citizen(user: User, pk: int) -> Minderung:
    m = minderungen_for_citizen(user).filter(pk=pk).first()
    if m is None:
        raise Http404
    return m


@dataclass(frozen=True)
class CitizenState:
    title: str
    text: str
    needs_answer: bool
    #: While the Anhörung runs: what the letter announces, in plain words.
    details: tuple[str, ...] = ()


def intended_text(m: Minderung) -> str:
    """What the Anhörungsschreiben announces, in plain words and the reader's formats."""
    values = {"amount": money(anhoerung_letter.expected_amount(m)), "percent": m.percent,
              "start": _date(anhoerung_letter.earliest_start(m))}
    if m.full_withdrawal:
        return _("Wir haben vor: Sie bekommen einen Monat lang keinen Regelbedarf (etwa "
                 "%(amount)s), frühestens ab %(start)s. Miete und Heizung zahlen wir in diesem "
                 "Monat weiter. Wenn Sie sich in diesem Monat persönlich bei uns melden, fällt "
                 "nichts weg.") % values
    return ngettext(
        "Wir haben vor: Sie bekommen %(months)s Monat lang %(percent)s Prozent weniger vom "
        "Regelbedarf (etwa %(amount)s im Monat), frühestens ab %(start)s. Miete und Heizung "
        "zahlen wir weiter.",
        "Wir haben vor: Sie bekommen %(months)s Monate lang %(percent)s Prozent weniger vom "
        "Regelbedarf (etwa %(amount)s im Monat), frühestens ab %(start)s. Miete und Heizung "
        "zahlen wir weiter.", m.months) % {**values, "months": m.months}


def citizen_state(m: Minderung) -> CitizenState:
    what = (_("Sie haben einen Termin bei uns nicht wahrgenommen")
            if m.kind == M.Kind.MELDE else _("Sie sind einer Pflicht nicht nachgekommen"))
    if m.status == M.Status.HEARING:
        text = _("%(what)s: %(duty)s (%(date)s). Deshalb kann sich Ihr Geld verringern. Bevor "
                 "wir entscheiden, möchten wir Ihre Sicht hören. Gab es einen wichtigen Grund? "
                 "Bitte antworten Sie bis zum %(due)s.") % {
            "what": what, "duty": m.duty, "date": _date(m.event_on), "due": _date(m.answer_due)}
        details = [intended_text(m)]
        if m.personal_hearing_on:
            details.append(_("Wir laden Sie zu einem persönlichen Gespräch am %(date)s ein. "
                             "Wenn Sie an diesem Tag nicht kommen können, rufen Sie uns bitte "
                             "an.") % {"date": _date(m.personal_hearing_on)})
        details.append(_("Keine Minderung gibt es, wenn Sie einen wichtigen Grund hatten und "
                         "ihn belegen, oder wenn sie für Sie eine außergewöhnliche Härte wäre, "
                         "zum Beispiel weil Sie sonst Ihre Wohnung verlieren könnten."))
        return CitizenState(_("Ihre Antwort ist gefragt"), text, True, tuple(details))
    if m.status == M.Status.ANSWERED:
        return CitizenState(_("Antwort erhalten"),
                            _("Danke für Ihre Antwort. Wir prüfen sie und entscheiden dann. "
                              "Sie können noch etwas ergänzen."), True)
    if m.status == M.Status.DROPPED:
        return CitizenState(_("Keine Minderung"),
                            _("Ihr Geld wird nicht gemindert. Das Verfahren ist beendet."),
                            False)
    if m.status == M.Status.ENDED and m.end_decision is not None and m.end_decision.is_final:
        return CitizenState(_("Minderung beendet"),
                            _("Sie haben mitgewirkt. Ab %(date)s bekommen Sie Ihr Geld wieder "
                              "ohne Minderung. Der Bescheid steht unter „Dokumente“.")
                            % {"date": _date(m.ended_from)}, False)
    if m.decision is not None and m.decision.is_final:
        if m.full_withdrawal:
            text = _("Vom %(from)s bis %(to)s bekommen Sie keinen Regelbedarf. Miete und "
                     "Heizung zahlen wir weiter.")
        else:
            text = _("Vom %(from)s bis %(to)s bekommen Sie %(percent)s Prozent weniger vom "
                     "Regelbedarf. Miete und Heizung zahlen wir weiter.")
        text = text % {"from": _date(m.period_from), "to": _date(m.period_to),
                       "percent": m.percent}
        if m.full_withdrawal:
            text += " " + _("Wenn Sie sich in diesem Monat persönlich bei uns melden, bekommen "
                            "Sie den Regelbedarf doch.")
        elif m.ends_on_cooperation:
            text += " " + _("Wenn Sie die Pflicht erfüllen oder sich ernsthaft bereit "
                            "erklären, endet die Minderung früher. Melden Sie sich bei uns.")
        text += " " + _("Die Gründe stehen im Bescheid unter „Dokumente“.")
        return CitizenState(_("Minderung festgestellt"), text, False)
    return CitizenState(_("Wir prüfen"), _("Wir prüfen Ihre Antwort und entscheiden dann."),
                        False)


# --- staff ------------------------------------------------------------------------------


def staff_minderungen(user: User) -> QuerySet[Minderung]:
    return scope(Minderung.objects.all(), user).select_related(*_RELATED)


def minderung_for_staff(user: User, pk: int, *, reading: Reading = MINDERUNG) -> Minderung:
    return staff_read_one(user=user, queryset=Minderung.objects.select_related(*_RELATED),
                          reading=reading, purpose=PURPOSE, pk=pk)


def for_source_for_staff(user: User, source_key: str) -> Minderung | None:
    """The procedure opened from ``source_key`` (e.g. ``termin:<pk>``), if any."""
    return staff_read_first(user=user, queryset=Minderung.objects.select_related(*_RELATED)
                            .filter(source_key=source_key), reading=MINDERUNG,
                            purpose=PURPOSE)


def to_post_for_staff(user: User, limit: int = 200) -> list[Minderung]:
    """The print list: Anhörungsschreiben to be printed and posted."""
    queryset = staff_minderungen(user).filter(
        status__in=OPEN, hearing_channel="post", hearing_posted_on__isnull=True
    ).order_by("hearing_letter_date", "pk")
    return staff_read_many(user=user, queryset=queryset, reading=MINDERUNG_IN_LIST,
                           purpose=PURPOSE, limit=limit)


def open_for_staff(user: User, limit: int = 200) -> list[Minderung]:
    queryset = staff_minderungen(user).filter(status__in=OPEN).order_by("answer_due", "pk")
    return staff_read_many(user=user, queryset=queryset, reading=MINDERUNG_IN_LIST,
                           purpose=PURPOSE, limit=limit)


def hearing_overdue(m: Minderung, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return bool(m.status == M.Status.HEARING and m.answer_due and m.answer_due < today)
