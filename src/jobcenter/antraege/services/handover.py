"""After the submit, in background tasks handed over through the outbox: the
Eingangsbestätigung is rendered outside the submit's transaction (``receipt_render``), then
the submission is handed over to the eAkte and the citizen notified
(``submission_hand_over``) — each exactly once.

The receipt comes first because the eAkte files it with the application as an immutable,
hashed document. A render that fails is retried by the outbox (backoff, then a dead letter
an operator sees); the submission itself is stored and shown to the citizen all the while,
its receipt as "wird erstellt".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from jobcenter.antraege import forms_meta, receipt
from jobcenter.antraege.models import Submission
from jobcenter.core import events
from jobcenter.notifications.services import notify
from jobcenter.outbox.services import outbox_enqueue

logger = logging.getLogger(__name__)


def _received_display(received_on: dt.date, stored: dt.datetime) -> str:
    """"24.11.2026 18:34:00 CET", or for a paper form received earlier
    "03.11.2026 (erfasst am 24.11.2026 18:34:00 CET)"."""
    moment = (f"{formats.date_format(stored, 'SHORT_DATE_FORMAT')} "
              f"{stored.strftime('%H:%M:%S %Z')}")
    if received_on == stored.date():
        return moment
    return _("%(day)s (erfasst am %(moment)s)") % {
        "day": formats.date_format(received_on, "SHORT_DATE_FORMAT"),
        "moment": moment,
    }


def receipt_pdf(submission: Submission) -> bytes:
    """The submission's Eingangsbestätigung as PDF/A-2a, from what is stored with it (in
    the language the citizen submitted in). The same submission gives the same bytes."""
    local = timezone.localtime(submission.submitted_at)
    with translation.override(submission.language or "de"):
        return receipt.render_receipt(
            reference=submission.reference,
            form_title=forms_meta.title(submission.form_key, local.date()),
            form_version=submission.form_version,
            jobcenter=submission.jobcenter.name,
            submitted_at_display=_received_display(submission.received_on, local),
            guidance=receipt.receipt_guidance(
                form_key=submission.form_key, received_on=submission.received_on,
                jobcenter=submission.jobcenter,
                online=submission.channel != Submission.Channel.PAPIER,
            ),
            channel_display=str(Submission.Channel(submission.channel).label),
            topics=submission.topics,
            attachments=[
                {"title": a.title, "size": a.size, "sha256": a.sha256}
                for a in submission.attachments.order_by("pk")
            ],
            fingerprint_value=submission.fingerprint,
            language=submission.language or "de",
            timestamp=int(submission.submitted_at.timestamp()),
        )


def receipt_render(*, submission_id: int) -> bool:
    """Render the receipt of a stored submission once, then hand the submission over.

    The render runs outside any transaction; only storing the result takes the submission's
    row lock, briefly. A second run (duplicate delivery, or two workers at once) finds the
    receipt there — before rendering, or at the latest under the lock, where the later
    result is thrown away — so there is always exactly one receipt. Returns whether this
    run stored it.
    """
    submission = (
        Submission.objects.select_related("jobcenter").filter(pk=submission_id).first()
    )
    if submission is None or submission.receipt_ready:
        return False
    pdf = receipt_pdf(submission)
    digest = hashlib.sha256(pdf).hexdigest()
    local = timezone.localtime(submission.submitted_at)
    name = ""
    try:
        with transaction.atomic():
            locked = Submission.objects.select_for_update().get(pk=submission_id)
            if locked.receipt_ready:
                return False
            name = default_storage.save(
                f"antraege/{local.year}/{locked.reference}/eingangsbestaetigung.pdf",
                ContentFile(pdf),
            )
            locked.receipt_name, locked.receipt_sha256, locked.receipt_size = (
                name, digest, len(pdf))
            locked.save(update_fields=["receipt_name", "receipt_sha256", "receipt_size"])
            # The hand-over to the eAkte commits with the receipt (the outbox publishes it
            # after commit and hands it over again until it is done).
            from jobcenter.antraege.tasks import submission_received

            outbox_enqueue(task=submission_received, kwargs={"submission_id": submission_id},
                           key=f"antraege.submission_received:{submission_id}")
    except BaseException:
        if name:  # nothing half-stored stays behind
            default_storage.delete(name)
        raise
    return True


def submission_hand_over(*, submission_id: int) -> None:
    """Publish ``submission.received`` once, then notify the citizen once.

    One transaction with the submission row locked: the eAkte's case, the other
    subscribers' work, ``handed_over_at`` and the notice commit together or not at all, and a
    second run (a duplicate delivery) waits for the first and then finds it handed over.

    Normally ``receipt_render`` has stored the receipt before it handed over. A submission
    handed over without one (a message written before receipts were rendered in the
    background, or an operator's retry) gets it rendered here first, so the eAkte always
    files the receipt with the application.
    """
    if not Submission.objects.filter(pk=submission_id).exclude(receipt_name="").exists():
        receipt_render(submission_id=submission_id)
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
