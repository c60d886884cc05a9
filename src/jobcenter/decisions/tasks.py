"""Background work of ``decisions``; every task is idempotent."""

from __future__ import annotations

from celery import shared_task
from django.db import transaction


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def automation_for_case(case_id: int) -> int | None:
    """Prepare (or decide) the Bescheid of a low-risk case; a second run does nothing."""
    from jobcenter.decisions.services import automation_handle_case

    decision = automation_handle_case(case_id=case_id)
    return decision.pk if decision is not None else None


@shared_task(acks_late=True)
def recalculation_chunk_task(run_id: int, chunk: int = 1000) -> int:
    """One chunk of a mass recalculation; enqueues the next chunk while work remains.

    Safe to run twice: the chunk continues at the run's checkpoint, and a case never gets
    two Änderungsbescheide in one run (unique constraint plus check).
    """
    from jobcenter.decisions.models import RecalculationRun
    from jobcenter.decisions.services import recalculation_chunk

    run = RecalculationRun.objects.get(pk=run_id)
    done = recalculation_chunk(run=run, size=chunk)
    if done:
        transaction.on_commit(lambda: recalculation_chunk_task.delay(run_id, chunk))
    return done
