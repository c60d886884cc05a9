"""Callback requests: asked for by the citizen, withdrawn, done by staff."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobcenter.termine.models import (
    CallbackRequest,
    Topic,
)

if TYPE_CHECKING:
    from jobcenter.accounts.models import User
from jobcenter.termine.services.common import (
    TermineError,
    _jobcenter_id,
    _person,
)


def callback_request(*, citizen: User, topic: Topic, phone: str, window: str) -> CallbackRequest:
    """Ask for a call back; a second request for the same topic while one is open returns
    the open one."""
    if topic.jobcenter_id != citizen.jobcenter_id or not topic.is_active or not topic.bookable:
        raise TermineError(_("Zu diesem Thema bietet Ihr Jobcenter online keinen Rückruf an."))
    existing = CallbackRequest.objects.filter(citizen=citizen, topic=topic,
                                              status=CallbackRequest.Status.OPEN).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return CallbackRequest.objects.create(
                jobcenter_id=_jobcenter_id(citizen), citizen=citizen, person=_person(citizen),
                topic=topic, phone=phone.strip()[:40], window=window)
    except IntegrityError:
        return CallbackRequest.objects.get(citizen=citizen, topic=topic,
                                           status=CallbackRequest.Status.OPEN)


@transaction.atomic
def callback_withdraw(*, callback: CallbackRequest, citizen: User) -> CallbackRequest:
    if callback.citizen_id != citizen.pk:
        raise TermineError(_("Diese Rückrufbitte gehört nicht zu Ihrem Konto."))
    if callback.status == CallbackRequest.Status.OPEN:
        callback.status = CallbackRequest.Status.WITHDRAWN
        callback.save(update_fields=["status"])
    return callback


@transaction.atomic
def callback_done(*, callback: CallbackRequest, actor: User) -> CallbackRequest:
    if callback.jobcenter_id != actor.jobcenter_id:
        raise TermineError(_("Diese Rückrufbitte gehört nicht zu Ihrem Jobcenter."))
    if callback.status == CallbackRequest.Status.OPEN:
        callback.status = CallbackRequest.Status.DONE
        callback.done_at = timezone.now()
        callback.done_by = actor
        callback.save(update_fields=["status", "done_at", "done_by"])
    return callback


# --- availability -------------------------------------------------------------------------
