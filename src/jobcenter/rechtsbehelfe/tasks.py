"""Background work of ``rechtsbehelfe``, handed over through the outbox; idempotent."""

from __future__ import annotations

from celery import shared_task

from jobcenter.rechtsbehelfe import receipt


# outbox_atomic is our task option (outbox.delivery), unknown to the Celery stubs
@shared_task(outbox_atomic=False)  # type: ignore[call-overload]
def receipt_render(widerspruch_id: int) -> bool:
    """Render the Eingangsbestätigung of a Widerspruch once and file it in the eAkte.

    ``outbox_atomic=False``: the render runs outside the outbox's transaction; only filing
    the document locks the row, and a second run finds it there and does nothing."""
    return receipt.receipt_render(widerspruch_id=widerspruch_id)
