"""Writes of the appointments: booking, rebooking and cancelling by the citizen, confirming,
moving and cancelling by staff, Meldetermine and their answers, callback requests, and the
availability staff publish. Keyword-only and atomic; every change the citizen should know
about is notified (``notifications.notify``, no personal data in the mail) and written to
the eAkte timeline of the appointment's case.

A package split by concern: ``booking``, ``meldetermin``, ``outcome``, ``callbacks``,
``availability``, and ``common`` (the shared checks and helpers)."""

from jobcenter.termine.services.availability import (
    appointments_in_absence,
    exception_create,
    exception_delete,
    location_save,
    rule_create,
    rule_delete,
    topic_save,
    topic_set_active,
)
from jobcenter.termine.services.booking import (
    appointment_book,
    appointment_cancel_by_citizen,
    appointment_cancel_by_staff,
    appointment_confirm,
    appointment_move,
    appointment_rebook,
)
from jobcenter.termine.services.callbacks import (
    callback_done,
    callback_request,
    callback_withdraw,
)
from jobcenter.termine.services.common import (
    SlotTaken,
    TermineError,
    case_of,
    citizen_may_change,
    cutoff,
    when_text,
)
from jobcenter.termine.services.meldetermin import (
    meldetermin_answer,
    meldetermin_decide,
    meldetermin_invite,
)
from jobcenter.termine.services.outcome import appointment_outcome_record, missed_in_row

__all__ = [
    "SlotTaken",
    "TermineError",
    "appointment_book",
    "appointment_cancel_by_citizen",
    "appointment_cancel_by_staff",
    "appointment_confirm",
    "appointment_move",
    "appointment_outcome_record",
    "appointment_rebook",
    "appointments_in_absence",
    "callback_done",
    "callback_request",
    "callback_withdraw",
    "case_of",
    "citizen_may_change",
    "cutoff",
    "exception_create",
    "exception_delete",
    "location_save",
    "meldetermin_answer",
    "meldetermin_decide",
    "meldetermin_invite",
    "missed_in_row",
    "rule_create",
    "rule_delete",
    "topic_save",
    "topic_set_active",
    "when_text",
]
