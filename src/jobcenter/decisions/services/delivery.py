"""Delivery of a Bescheid: online only by the citizen's choice, otherwise by post (print list);
the presumed delivery date and the objection deadline; the citizen's delivery preference;
the Bescheid's PDF/A, rendered once after it was issued (``bescheid_render``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobcenter.accounts.models import User
from jobcenter.casefiles.models import Case, TimelineEntry
from jobcenter.casefiles.services import case_add_document, timeline_add
from jobcenter.decisions import deadlines
from jobcenter.decisions.models import (
    Decision,
    DeliveryPreference,
)
from jobcenter.decisions.services.common import FINAL, DecisionError, _lock


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


def bescheid_render(*, decision_id: int) -> bool:
    """Render an issued Bescheid as PDF/A once and file it in the eAkte.

    Runs in a background task (``decisions.tasks.bescheid_render``, handed over by
    ``issuing._issue`` through the outbox): the render holds no lock and no transaction;
    only filing the document takes the Bescheid's row lock, briefly. A second run (duplicate
    delivery, two workers at once) finds the document — before rendering, or at the latest
    under the lock, where its own result is dropped — so a Bescheid has exactly one
    document. Returns whether this run filed it.
    """
    from jobcenter.decisions.documents import bescheid_pdf

    decision = (Decision.objects.select_related("case", "case__jobcenter", "case__applicant",
                                                "case__applicant_user", "decision_type",
                                                "previous", "approved_by", "submitted_by")
                .filter(pk=decision_id).first())
    if (decision is None or decision.document_version_id is not None
            or decision.status not in FINAL):
        return False
    pdf = bescheid_pdf(decision)
    with transaction.atomic():
        locked = _lock(decision)
        if locked.document_version_id is not None:
            return False
        letter_date = locked.letter_date or timezone.localdate(locked.approved_at)
        locked.document_version = case_add_document(
            case=locked.case, title=_("%(type)s vom %(date)s") % {
                "type": locked.decision_type.title, "date": letter_date.strftime("%d.%m.%Y")},
            document_type_key="bescheid", content=pdf, content_type="application/pdf",
            actor=decision.approved_by or decision.submitted_by,
            visible_to_citizen=locked.channel == Decision.Channel.ONLINE,
        )
        locked.save(update_fields=["document_version"])
    return True
