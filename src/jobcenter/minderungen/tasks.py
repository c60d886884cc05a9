"""Background work of ``minderungen``, handed over through the outbox; idempotent."""

from __future__ import annotations

from celery import shared_task

from jobcenter.minderungen import anhoerung_letter


# outbox_atomic is our task option (outbox.delivery), unknown to the Celery stubs
@shared_task(outbox_atomic=False)  # type: ignore[call-overload]
def anhoerung_render(minderung_id: int) -> bool:
    """Render the Anhörungsschreiben once and file it in the eAkte (idempotent).

    ``outbox_atomic=False``: the render runs outside the outbox's transaction; only filing
    the document locks the row, and a second run finds it there and does nothing."""
    return anhoerung_letter.anhoerung_render(minderung_id=minderung_id)
