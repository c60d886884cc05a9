"""The eAkte's reminder source: Mitwirkung deadlines (registered in ``config.wiring`` as the
source ``mitwirkung`` of ``jobcenter.reminders``; the Jobcenter's rules say how many days
before the deadline, by which channel and with which text)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobcenter.casefiles.models import DocumentRequest, DocumentRequestEvent
from jobcenter.reminders.sources import DefaultRule, Occurrence

SOURCE = "mitwirkung"
LABEL = _("Frist für angeforderte Unterlagen (Mitwirkung)")
HELP = _("Erinnert an eine offene Anforderung von Unterlagen, so viele Tage vor dem Ende der "
         "Frist.")
#: Until issue 13 the eAkte reminded 3 days and 1 day before the deadline: the defaults.
DEFAULTS = (DefaultRule(days_before=3), DefaultRule(days_before=1))


def document_request_deadlines(start: dt.datetime, end: dt.datetime) -> Iterator[Occurrence]:
    """Open requests whose deadline falls on a Berlin day in ``[start, end)``, of cases with
    a citizen account."""
    first = timezone.localdate(start)
    last = timezone.localdate(end - dt.timedelta(microseconds=1))
    link = reverse("portal:concerns")
    rows = (DocumentRequest.objects
            .filter(status=DocumentRequest.Status.OPEN, deadline__gte=first, deadline__lte=last,
                    case__applicant_user__isnull=False)
            .values_list("pk", "deadline", "case__applicant_user_id", "case__jobcenter_id")
            .order_by("pk"))
    for pk, deadline, user_id, jobcenter_id in rows.iterator(chunk_size=2000):
        yield Occurrence(user_id=user_id, jobcenter_id=jobcenter_id, key=f"request:{pk}",
                         on=deadline, link_path=link)


def reminder_sent(object_key: str, on: dt.date) -> None:
    """The request's history notes the reminder (the caseworker sees it)."""
    pk = int(object_key.removeprefix("request:"))
    DocumentRequestEvent.objects.get_or_create(
        request_id=pk, kind=DocumentRequestEvent.Kind.REMINDER, on=on)
