"""The Weiterbewilligung on the overview ("Das steht an", ``core.todo``), registered in
``config.wiring``: due within the window before the Bewilligungszeitraum ends — as many days
as the Jobcenter's earliest Weiterbewilligung reminder (``reminders``), six weeks without
one — unless the Weiterbewilligungsantrag came in or a draft of it is open (that draft is
an item of its own)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jobcenter.antraege.models import Submission
from jobcenter.core.access import scope
from jobcenter.core.request_memo import remembered
from jobcenter.core.todo import DUE_SOON, OPEN, ToDo
from jobcenter.decisions.reminders import SOURCE, weiterbewilligung_link
from jobcenter.decisions.selectors import current_bewilligung
from jobcenter.formengine.models import Draft
from jobcenter.reminders.models import ReminderRule

DEFAULT_WINDOW_DAYS = 42
DUE_SOON_DAYS = 14


@remembered
def window_days(jobcenter_id: int | None) -> int:
    """How many days before the end the Weiterbewilligung shows as due."""
    if jobcenter_id is None:
        return DEFAULT_WINDOW_DAYS
    days = ReminderRule.objects.filter(jobcenter_id=jobcenter_id, source=SOURCE,
                                       active=True).aggregate(m=Max("days_before"))["m"]
    return int(days or DEFAULT_WINDOW_DAYS)


def weiterbewilligung_due(user: Any) -> Iterator[ToDo]:
    current = current_bewilligung(user)
    if current is None:
        return
    today = timezone.localdate()
    days_left = (current.period_to - today).days
    if days_left > window_days(user.jobcenter_id):
        return
    approved_at = current.decision.approved_at
    submissions = scope(Submission.objects.filter(form_key="weiterbewilligung"), user)
    if approved_at is not None:
        submissions = submissions.filter(submitted_at__gt=approved_at)
    if submissions.exists():
        return
    if scope(Draft.objects.filter(status=Draft.Status.OPEN, form_key="weiterbewilligung"),
             user).exists():
        return
    end = formats.date_format(current.period_to, "SHORT_DATE_FORMAT")
    # current_bewilligung() ends with the period: days_left is never negative here
    yield ToDo(
        kind="weiterbewilligung",
        title=_("Weiterbewilligung fällig"),
        detail=_("Ihr Bewilligungszeitraum endet am %(date)s. Stellen Sie bis dahin den "
                 "Weiterbewilligungsantrag, damit Ihre Leistungen ohne Unterbrechung "
                 "weiterlaufen. Ihre bisherigen Angaben sind schon eingetragen.") % {"date": end},
        action_label=_("Weiterbewilligung beantragen"),
        action_url=weiterbewilligung_link(),
        urgency=DUE_SOON if days_left <= DUE_SOON_DAYS else OPEN,
        due=timezone.make_aware(dt.datetime.combine(current.period_to, dt.time.min)),
        badge=_badge(days_left),
    )


def _badge(days_left: int) -> str:
    if days_left == 0:
        return _("Endet heute")
    if days_left == 1:
        return _("Endet morgen")
    return ngettext("Noch %(days)d Tag", "Noch %(days)d Tage", days_left) % {"days": days_left}
