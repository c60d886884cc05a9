"""Periodic work of the outbox (scheduled by beat: ``CELERY_BEAT_SCHEDULE``).

``outbox.deliver`` itself lives in ``delivery.py``.
"""

from __future__ import annotations

from celery import shared_task

from jobcenter.outbox import services
from jobcenter.outbox.delivery import deliver

__all__ = ["deliver", "purge", "sweep"]


@shared_task(name="outbox.sweep", ignore_result=True)
def sweep() -> dict[str, int]:
    """Every minute: hand over again what is due (idempotent; concurrent sweeps are safe)."""
    result = services.outbox_sweep()
    return {"dispatched": result.dispatched, "dead": result.dead, "left": result.left}


@shared_task(name="outbox.purge", ignore_result=True)
def purge() -> int:
    """Daily: delete done messages past their retention."""
    return services.outbox_purge()
