"""Reads of the Widerspruchsverfahren: the citizen's own Widersprüche, the back office's
lists (through ``transparency.reads``), the plain-language state, deadlines and the count
per month."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from jobcenter.accounts.models import User
from jobcenter.casefiles.selectors import case_persons
from jobcenter.core.access import Data, scope
from jobcenter.decisions.models import Decision
from jobcenter.rechtsbehelfe import fristen
from jobcenter.rechtsbehelfe.models import Widerspruch, WiderspruchSettings
from jobcenter.transparency.models import AccessLogEntry
from jobcenter.transparency.reads import Reading, Seen, staff_read_many, staff_read_one

W = Widerspruch
FINAL = (Decision.Status.APPROVED, Decision.Status.DELIVERED)
PURPOSE = AccessLogEntry.Purpose.CASE_WORK

#: A Widerspruch shows the person and the contested Bescheid of their case; a row of the
#: list names the applicant.
WIDERSPRUCH = Reading(data=Data.LEISTUNGSAKTE, what=AccessLogEntry.What.CASE, seen=lambda w: [
    Seen(person, w, _("Widerspruch %(reference)s") % {"reference": w.reference})
    for person in case_persons(w.decision.case)])
WIDERSPRUCH_IN_LIST = Reading(
    data=Data.LEISTUNGSAKTE, what=AccessLogEntry.What.CASE_LIST,
    seen=lambda w: [Seen(w.decision.case.applicant, w,
                         _("Widerspruch %(reference)s") % {"reference": w.reference})]
    if w.decision.case.applicant_id else [])

_RELATED = ("decision", "decision__case", "decision__case__applicant",
            "decision__case__jobcenter", "decision__decision_type", "remedy_decision",
            "ruling", "filed_by", "recorded_by", "registered_by", "receipt")


def remedied_in_full() -> Q:
    return Q(status=W.Status.REMEDY, remedy=W.Remedy.FULL,
             remedy_decision__status__in=FINAL)


def open_q() -> Q:
    return Q(status__in=[W.Status.RECEIVED, W.Status.REVIEW, W.Status.REMEDY,
                         W.Status.BOARD]) & ~remedied_in_full()


def is_closed(w: Widerspruch) -> bool:
    if w.status in {W.Status.DECIDED, W.Status.WITHDRAWN}:
        return True
    return bool(w.status == W.Status.REMEDY and w.remedy == W.Remedy.FULL
                and w.remedy_decision is not None and w.remedy_decision.is_final)


# --- citizens ---------------------------------------------------------------------------


def widersprueche_for_citizen(user: User) -> QuerySet[Widerspruch]:
    return scope(Widerspruch.objects.all(), user).select_related(*_RELATED)


def widerspruch_for_citizen(user: User, pk: int) -> Widerspruch:
    w = widersprueche_for_citizen(user).filter(pk=pk).first()
    if w is None:
        raise Http404
    return w


def open_widerspruch_for(user: User, decision: Decision) -> Widerspruch | None:
    return widersprueche_for_citizen(user).filter(decision=decision).filter(open_q()).first()


@dataclass(frozen=True)
class CitizenState:
    title: str
    text: str
    done: bool


def citizen_state(w: Widerspruch) -> CitizenState:
    """The state of a Widerspruch in plain words (no internal keys, no staff notes)."""
    if w.status == W.Status.WITHDRAWN:
        return CitizenState(_("Zurückgenommen"), _("Sie haben Ihren Widerspruch "
                                                   "zurückgenommen. Das Verfahren ist beendet."),
                            True)
    if w.status == W.Status.DECIDED and w.ruling is not None:
        outcomes: dict[str, str] = {
            W.Outcome.GRANTED: _("Wir geben Ihrem Widerspruch recht."),
            W.Outcome.PARTLY: _("Wir geben Ihrem Widerspruch teilweise recht."),
            W.Outcome.REJECTED: _("Wir können Ihrem Widerspruch nicht folgen."),
            W.Outcome.INADMISSIBLE: _("Wir konnten über Ihren Widerspruch inhaltlich nicht "
                                      "entscheiden, weil er nicht zulässig war, zum Beispiel "
                                      "weil er zu spät kam."),
        }
        outcome = outcomes.get(w.outcome, "")
        return CitizenState(
            _("Entschieden"),
            _("%(outcome)s Die Gründe stehen im Widerspruchsbescheid unter „Dokumente“. Wenn "
              "Sie nicht einverstanden sind, können Sie Klage beim Sozialgericht erheben; wie "
              "und bis wann, steht am Ende des Widerspruchsbescheids.") % {"outcome": outcome},
            True)
    if w.status == W.Status.BOARD:
        return CitizenState(_("Bei der Widerspruchsstelle"),
                            _("Unsere Widerspruchsstelle prüft Ihren Widerspruch. Sie erhalten "
                              "einen schriftlichen Widerspruchsbescheid."), False)
    if w.status == W.Status.REMEDY and w.remedy_decision is not None \
            and w.remedy_decision.is_final:
        if w.remedy == W.Remedy.FULL:
            return CitizenState(_("Abgeholfen"),
                                _("Sie haben recht bekommen: Wir haben den Bescheid geändert. "
                                  "Den neuen Bescheid finden Sie unter „Dokumente“."), True)
        return CitizenState(_("Teilweise abgeholfen"),
                            _("Wir haben Ihnen teilweise recht gegeben und den Bescheid "
                              "geändert. Über den Rest entscheidet unsere "
                              "Widerspruchsstelle."), False)
    if w.status in {W.Status.REVIEW, W.Status.REMEDY}:
        return CitizenState(_("In Prüfung"),
                            _("Wir prüfen Ihren Widerspruch und sehen uns den Bescheid noch "
                              "einmal an."), False)
    return CitizenState(_("Eingegangen"),
                        _("Ihr Widerspruch ist bei uns eingegangen. Wir prüfen ihn bald."),
                        False)


def citizen_deadline(w: Widerspruch) -> dt.date | None:
    """The Widerspruchsfrist of the contested Bescheid as the citizen was told it."""
    return w.decision.objection_deadline


# --- staff ------------------------------------------------------------------------------


def staff_widersprueche(user: User) -> QuerySet[Widerspruch]:
    return scope(Widerspruch.objects.all(), user).select_related(*_RELATED)


def widerspruch_for_staff(user: User, pk: int) -> Widerspruch:
    return staff_read_one(user=user, queryset=Widerspruch.objects.select_related(*_RELATED),
                          reading=WIDERSPRUCH, purpose=PURPOSE, pk=pk)


def open_for_staff(user: User, limit: int = 200) -> list[Widerspruch]:
    queryset = staff_widersprueche(user).filter(open_q()).order_by("received_at", "pk")
    return staff_read_many(user=user, queryset=queryset, reading=WIDERSPRUCH_IN_LIST,
                           purpose=PURPOSE, limit=limit)


@dataclass(frozen=True)
class Deadlines:
    received_on: dt.date
    days_open: int
    untaetigkeit: dt.date  # § 88 Abs. 2 SGG
    at_risk: bool
    overdue: bool


def deadlines_for(w: Widerspruch, today: dt.date | None = None) -> Deadlines:
    today = today or timezone.localdate()
    received = timezone.localdate(w.received_at)
    mark = fristen.untaetigkeit_mark(received)
    return Deadlines(received_on=received, days_open=(today - received).days,
                     untaetigkeit=mark,
                     at_risk=today >= mark - dt.timedelta(days=fristen.WARN_DAYS),
                     overdue=today >= mark)


@dataclass(frozen=True)
class MonthCount:
    month: dt.date
    received: int
    closed: int


def counts_per_month(user: User, months: int = 12) -> list[MonthCount]:
    """Widersprüche received and closed per calendar month (Europe/Berlin), newest first
    — aggregate numbers, no personal data."""
    tz = timezone.get_current_timezone()
    base = scope(Widerspruch.objects.all(), user)
    received = dict(base.annotate(m=TruncMonth("received_at", tzinfo=tz)).values("m")
                    .annotate(n=Count("pk")).values_list("m", "n"))
    closed = dict(base.filter(closed_at__isnull=False)
                  .annotate(m=TruncMonth("closed_at", tzinfo=tz)).values("m")
                  .annotate(n=Count("pk")).values_list("m", "n"))

    def _day(value: dt.datetime | dt.date) -> dt.date:
        return timezone.localtime(value).date() if isinstance(value, dt.datetime) else value

    remedied = dict(base.filter(remedied_in_full())
                    .annotate(m=TruncMonth("remedy_decision__approved_at", tzinfo=tz))
                    .values("m").annotate(n=Count("pk")).values_list("m", "n"))
    received_by = {_day(k): v for k, v in received.items()}
    closed_by: dict[dt.date, int] = {}
    for source in (closed, remedied):
        for key, count in source.items():
            closed_by[_day(key)] = closed_by.get(_day(key), 0) + count
    first = timezone.localdate().replace(day=1)
    rows = []
    for i in range(months):
        index = first.year * 12 + first.month - 1 - i
        month = dt.date(index // 12, index % 12 + 1, 1)
        rows.append(MonthCount(month, received_by.get(month, 0), closed_by.get(month, 0)))
    return rows


def settings_for(jobcenter_id: int) -> WiderspruchSettings | None:
    return WiderspruchSettings.objects.filter(jobcenter_id=jobcenter_id).first()
