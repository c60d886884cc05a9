"""Periodic work of the outbox (scheduled by beat: ``CELERY_BEAT_SCHEDULE``).

``outbox.deliver`` itself lives in ``delivery.py``.
"""

from __future__ import annotations

from celery import shared_task

from jobcenter.outbox import bulk, services
from jobcenter.outbox.delivery import deliver

__all__ = ["bulk_partition", "deliver", "purge", "sweep"]


@shared_task(name="outbox.sweep", ignore_result=True)
def sweep() -> dict[str, int]:
    """Every minute: hand over again what is due (idempotent; concurrent sweeps are safe)."""
    result = services.outbox_sweep()
    requeued = bulk.bulk_requeue_stale()
    return {"dispatched": result.dispatched, "dead": result.dead, "left": result.left,
            "bulk_requeued": requeued}


@shared_task(name="outbox.purge", ignore_result=True)
def purge() -> int:
    """Daily: delete done messages past their retention."""
    return services.outbox_purge()


# outbox_atomic is our task option (outbox.delivery), unknown to the Celery stubs
@shared_task(name="outbox.bulk_partition", outbox_atomic=False)  # type: ignore[call-overload]
def bulk_partition(partition_id: int) -> str:
    """One partition of a bulk run (``outbox.bulk``), on the ``bulk`` queue.

    ``outbox_atomic=False``: each chunk commits with its checkpoint in a transaction of its
    own (a partition runs for minutes); the partition's claim makes a second delivery of
    the same message skip it while it runs and finish nothing twice after it is done."""
    return bulk.bulk_partition_run(partition_id=partition_id)
