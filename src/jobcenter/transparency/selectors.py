"""Reading the access log: "Wer hat meine Daten gesehen?" for the citizen, and the same
list per person for team leads and the data-protection officer."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django import forms
from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.db.models.functions import TruncMonth
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from jobcenter.core.access import scope
from jobcenter.core.roles import Role
from jobcenter.transparency.models import AccessLogEntry

if TYPE_CHECKING:  # households sits above transparency (its selectors read through it)
    from jobcenter.households.models import Person

PAGE_SIZE = 25
Purpose = AccessLogEntry.Purpose
What = AccessLogEntry.What

#: Why, in the words of the person whose data was read (the model's labels are the staff's
#: neutral words: the same rows appear in a person's access log for team leads and the
#: data-protection officer).
PURPOSE_FOR_CITIZEN = {
    Purpose.SEARCH: _("Suche nach einer Person – Ihr Name stand in der Trefferliste"),
    Purpose.WORK_QUEUE: _("Liste der offenen Anträge, die das Team bearbeitet – Ihr Antrag "
                          "stand darauf"),
    Purpose.VIEW_PERSON: _("Prüfung Ihrer Stammdaten"),
    Purpose.CASE_WORK: _("Bearbeitung Ihres Antrags oder Vorgangs"),
    Purpose.DOCUMENT: _("Prüfung eines Dokuments in Ihrer Akte"),
    Purpose.DECISION: _("Berechnung Ihrer Leistungen und Bescheid"),
    Purpose.PAPER_ENTRY: _("Erfassung Ihres Antrags auf Papier"),
    Purpose.DATA_PROTECTION: _("Datenschutzkontrolle: Prüfung, wer Ihre Daten gesehen hat"),
    Purpose.ADMIN: _("Verwaltung"),
    Purpose.APPOINTMENTS: _("Planung und Bearbeitung Ihrer Termine"),
    Purpose.MAILBOX: _("Bearbeitung Ihrer Nachrichten im Postfach"),
}

#: What was read, where the citizen's own log words it for them ("Ihre", "Sie"); every
#: other ``What`` reads the same for the citizen and for staff.
WHAT_FOR_CITIZEN = {
    What.ACCESS_LOG: _("Protokoll der Zugriffe auf Ihre Daten"),
    What.NOTIFICATIONS: _("Benachrichtigungen an Sie (Art, Zeitpunkt, Versandweg, Zustellung)"),
}


@dataclass(frozen=True)
class LogRow:
    at: dt.datetime
    what: str
    detail: str
    role: str
    team: str
    jobcenter: str
    purpose: str
    staff_name: str  # "" where the Jobcenter's policy does not show names


def _row(entry: AccessLogEntry, *, staff_names: bool) -> LogRow:
    """One row as its reader sees it: ``staff_names`` is the staff view (names always,
    what and why in the staff's neutral words); the citizen's view shows names by the
    Jobcenter's setting, and what and why in words addressed to the citizen."""
    show_name = staff_names or entry.jobcenter.access_log_shows_staff_names
    role = Role(entry.actor_role).label if entry.actor_role in Role.values else ""
    what, purpose = entry.get_what_display(), entry.get_purpose_display()
    if not staff_names:
        what = WHAT_FOR_CITIZEN.get(entry.what, what)
        purpose = PURPOSE_FOR_CITIZEN.get(entry.purpose, purpose)
    return LogRow(
        at=entry.at, what=str(what), detail=entry.detail, role=role,
        team=entry.team_name, jobcenter=entry.jobcenter.name, purpose=str(purpose),
        staff_name=entry.actor_name if show_name else "",
    )


def _reads(queryset: QuerySet[AccessLogEntry]) -> QuerySet[AccessLogEntry]:
    """Newest first by time: ``seq`` counts within one lane only (``transparency.chain``),
    so it orders only the rows of one append; the id makes the order total."""
    return (queryset.exclude(what=AccessLogEntry.What.CHECKPOINT)
            .select_related("jobcenter").order_by("-at", "-seq", "-id"))


def access_log_for_citizen(user) -> QuerySet[AccessLogEntry]:  # noqa: ANN001
    """Every staff read of the citizen's own data (through their person record)."""
    return _reads(scope(AccessLogEntry.objects.all(), user))


def access_log_for_person(person: Person) -> QuerySet[AccessLogEntry]:
    """System read: the caller has read ``person`` through ``transparency.reads``."""
    return _reads(AccessLogEntry.objects.filter(person=person))


class MonthFilterForm(forms.Form):
    monat = forms.ChoiceField(
        label=_("Monat"), required=False,
        error_messages={"invalid_choice": _("Bitte wählen Sie einen Monat aus der Liste.")})

    def __init__(self, data: Mapping, *, months: list[dt.date]) -> None:
        super().__init__(data or None)
        self.fields["monat"].choices = [("", _("alle Monate"))] + [
            (f"{m:%Y-%m}", formats.date_format(m, "F Y")) for m in months]

    @property
    def month(self) -> dt.date | None:
        if not self.is_bound or not self.is_valid() or not self.cleaned_data["monat"]:
            return None
        year, month = self.cleaned_data["monat"].split("-")
        return dt.date(int(year), int(month), 1)


def _months(queryset: QuerySet[AccessLogEntry]) -> list[dt.date]:
    berlin = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    stamps = (queryset.order_by().annotate(month=TruncMonth("at", tzinfo=berlin))
              .values_list("month", flat=True).distinct())
    return sorted({(s.date() if isinstance(s, dt.datetime) else s) for s in stamps},
                  reverse=True)


def access_log_month_filter(data: Mapping, *,
                            queryset: QuerySet[AccessLogEntry]) -> MonthFilterForm:
    """The month filter offering exactly the months with entries (newest first)."""
    return MonthFilterForm(data, months=_months(queryset))


def access_log_page(*, queryset: QuerySet[AccessLogEntry], month: dt.date | None,
                    page: int | str | None, staff_names: bool) -> Page:
    """One page of rows (``LogRow``), newest first, optionally of one month (Berlin time)."""
    if month is not None:
        berlin = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        start = dt.datetime(month.year, month.month, 1, tzinfo=berlin)
        following = (start + dt.timedelta(days=32)).replace(day=1)
        queryset = queryset.filter(at__gte=start, at__lt=following)
    result = Paginator(queryset, PAGE_SIZE).get_page(page)
    result.object_list = [_row(e, staff_names=staff_names) for e in result.object_list]
    return result


def access_log_rows_for_citizen(user) -> list[LogRow]:  # noqa: ANN001
    """Every row of "Wer hat meine Daten gesehen?" as the citizen reads it (for the copy of
    their data): the same rows, words and name policy as the page, newest first."""
    return [_row(e, staff_names=False) for e in access_log_for_citizen(user)]
