"""After the submit: the Eingangsbestätigung is rendered in a background task outside the
submit's transaction, then the submission is handed over to the eAkte and the citizen
notified — each exactly once.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from jobcenter.antraege.models import (
    Submission,
)
from jobcenter.core import events
from jobcenter.notifications.services import notify


def submission_hand_over(*, submission_id: int) -> None:
    """Publish ``submission.received`` once, then notify the citizen once.

    One transaction with the submission row locked: the eAkte's case, the other
    subscribers' work, ``handed_over_at`` and the notice commit together or not at all, and a
    second run (a duplicate delivery) waits for the first and then finds it handed over.
    """
    with transaction.atomic():
        submission = (
            Submission.objects.select_for_update(of=("self",)).select_related("user")
            .filter(pk=submission_id).first()
        )
        if submission is None:
            return
        if submission.handed_over_at is None:
            events.publish("submission.received", submission_id=submission.pk)
            submission.handed_over_at = timezone.now()
            submission.save(update_fields=["handed_over_at"])
        if submission.user is not None and submission.user.email:
            # No personal data: the notice says only that the application arrived and links
            # to it; the same submission is notified once (notifications de-duplicates).
            notify(
                user=submission.user,
                template="submission_received",
                dedup_key=f"submission:{submission.pk}",
                link_path=reverse("antraege:detail", kwargs={"reference": submission.reference}),
            )
