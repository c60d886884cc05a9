"""Which notices a person wants on which channel, and the one check made before sending.

Notices fall into three groups (``CATEGORIES``): news about one's concerns (an application
arrived, its status changed) and reminders of deadlines can be switched off in the profile;
the rest cannot, because the law or the account's security needs them:

* ``document_request`` — a request to send documents runs a deadline (§ 66 SGB I);
* ``bescheid_available`` — a Bescheid provided online must be announced (§ 37 Abs. 2a SGB X);
* ``login_throttled`` — a warning that someone tried the account's password.

The check is made when the mail is sent (``send_notification``), so a choice made after a
notice was queued still counts; a skipped notice is kept as ``skipped`` (nothing is lost
from the event table), and every notice stays in the notification centre of the account.

SMS is a second channel the person switches on per kind (``SMS_SWITCHES``: important
notices — the three above and every kind not listed, such as messages and appointments —,
news about concerns, reminders); it needs a mobile number in the profile and a configured
provider (``notifications.sms``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from jobcenter.notifications.models import NotificationSettings

if TYPE_CHECKING:
    from jobcenter.accounts.models import User

#: template key → the switch (field of NotificationSettings) that governs it; templates
#: not listed here are always sent.
CATEGORIES: dict[str, str] = {
    "submission_received": "case_updates",
    "status_changed": "case_updates",
    "document_request_reminder": "reminders",
    "weiterbewilligung_reminder": "reminders",
    "appointment_reminder": "reminders",
}
ALWAYS_SENT = ("document_request", "bescheid_available", "login_throttled", "anhoerung")

#: e-mail switch → its SMS switch; a template outside CATEGORIES counts as important.
SMS_SWITCHES = {"case_updates": "sms_case_updates", "reminders": "sms_reminders"}
SMS_IMPORTANT = "sms_important"


def sms_switch_for(template: str) -> str:
    category = CATEGORIES.get(template)
    return SMS_SWITCHES[category] if category else SMS_IMPORTANT


def settings_for(user: User) -> NotificationSettings:
    """The person's choices (unsaved defaults when they never chose)."""
    found = NotificationSettings.objects.filter(user=user).first()
    return found or NotificationSettings(user=user)


@transaction.atomic
def settings_set(*, user: User, case_updates: bool, reminders: bool,
                 sms_important: bool | None = None, sms_case_updates: bool | None = None,
                 sms_reminders: bool | None = None) -> NotificationSettings:
    """Store the choices; an SMS switch left out (None) keeps its value."""
    defaults: dict[str, bool] = {"case_updates": case_updates, "reminders": reminders}
    for name, value in (("sms_important", sms_important), ("sms_case_updates", sms_case_updates),
                        ("sms_reminders", sms_reminders)):
        if value is not None:
            defaults[name] = value
    chosen, _created = NotificationSettings.objects.update_or_create(
        user=user, defaults=defaults)
    return chosen


def sms_wanted(*, user_id: int, template: str) -> bool:
    """Whether the person switched SMS on for this kind of notice (default: off)."""
    chosen = NotificationSettings.objects.filter(user_id=user_id).values_list(
        sms_switch_for(template), flat=True).first()
    return bool(chosen)


def is_wanted(*, user_id: int, template: str) -> bool:
    """Whether a notice of ``template`` may be mailed to the user now."""
    switch = CATEGORIES.get(template)
    if switch is None:
        return True
    chosen = NotificationSettings.objects.filter(user_id=user_id).values_list(
        switch, flat=True).first()
    return True if chosen is None else bool(chosen)
