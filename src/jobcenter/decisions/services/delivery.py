"""Delivery of a Bescheid: online only by the citizen's choice, otherwise by post (print list);
the presumed delivery date and the objection deadline; the citizen's delivery preference.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobcenter.accounts.models import User
from jobcenter.casefiles.models import Case, TimelineEntry
from jobcenter.casefiles.services import (
    timeline_add,
)
from jobcenter.decisions import deadlines
from jobcenter.decisions.models import (
    Decision,
    DeliveryPreference,
)
from jobcenter.decisions.services.common import DecisionError, _lock


def delivery_channel_for(case: Case) -> str:
    """Online only where the citizen explicitly chose it; otherwise paper by post."""
    if case.applicant_user_id is None:
        return Decision.Channel.POST
    pref = DeliveryPreference.objects.filter(user_id=case.applicant_user_id).first()
    if pref is not None and pref.channel == DeliveryPreference.Channel.ONLINE:
        return Decision.Channel.ONLINE
    return Decision.Channel.POST


def _set_delivery_dates(decision: Decision, sent_on: dt.date) -> None:
    decision.presumed_delivery = deadlines.presumed_delivery(sent_on)
    jobcenter = decision.case.jobcenter
    decision.objection_deadline = deadlines.objection_deadline(
        decision.presumed_delivery, decision.decision_type.objection_period_months or 1,
        jobcenter.land, jobcenter.catholic_local_holidays)


@transaction.atomic
def decisions_mark_posted(*, decisions: Iterable[Decision], actor: User,
                          posted_on: dt.date) -> int:
    """Staff confirm that printed Bescheide were handed to the post on ``posted_on``."""
    count = 0
    for decision in decisions:
        locked = _lock(decision)
        if locked.status != Decision.Status.APPROVED or locked.channel != Decision.Channel.POST:
            continue
        locked.sent_at = timezone.now()
        _set_delivery_dates(locked, posted_on)
        locked.status = Decision.Status.DELIVERED
        locked.save()
        timeline_add(case=locked.case, kind=TimelineEntry.Kind.DECISION, actor=actor,
                     text=_("Bescheid am %(date)s zur Post gegeben")
                     % {"date": posted_on.strftime("%d.%m.%Y")},
                     citizen_text=_("Ihr Bescheid ist am %(date)s per Post an Sie verschickt "
                                    "worden.") % {"date": posted_on.strftime("%d.%m.%Y")})
        count += 1
    return count


@transaction.atomic
def delivery_preference_set(*, user: User, channel: str) -> DeliveryPreference:
    if channel not in DeliveryPreference.Channel.values:
        raise DecisionError(_("Bitte wählen Sie, wie Sie Bescheide erhalten möchten."))
    pref, _created = DeliveryPreference.objects.update_or_create(
        user=user, defaults={"channel": channel})
    return pref
