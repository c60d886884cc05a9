"""Background work of ``decisions``; every task is idempotent."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from jobcenter.outbox import bulk


# outbox_atomic is our task option (outbox.delivery), unknown to the Celery stubs
@shared_task(outbox_atomic=False)  # type: ignore[call-overload]
def bescheid_render(decision_id: int) -> bool:
    """Render an issued Bescheid's PDF/A once and file it in the eAkte (idempotent).

    ``outbox_atomic=False``: the render must not run inside the outbox's transaction with
    its row lock; the task files the document in a short transaction of its own."""
    from jobcenter.decisions.services import bescheid_render as render

    return render(decision_id=decision_id)


@shared_task
def automation_for_case(case_id: int) -> int | None:
    """Prepare (or decide) the Bescheid of a low-risk case; a second run does nothing.

    Handed over through the outbox, which runs it in one transaction with its done mark."""
    from jobcenter.decisions.services import automation_handle_case

    decision = automation_handle_case(case_id=case_id)
    return decision.pk if decision is not None else None


@shared_task
def recalculation_chunk_task(run_id: int, chunk: int = 1000) -> int:
    """A message of the former chained recalculation (one chunk after the other), still in
    an outbox after an update: the run continues as a partitioned bulk run."""
    from jobcenter.decisions.models import RecalculationRun

    run = RecalculationRun.objects.get(pk=run_id)
    if run.status == RecalculationRun.Status.DONE:
        return 0
    return recalculation_dispatch(run=run)


def recalculation_dispatch(*, run: Any) -> int:
    """Hand the run's partitions to the workers of the ``bulk`` queue (``outbox.bulk``);
    returns how many partitions were handed over."""
    from jobcenter.decisions.services import recalculation_bulk_run

    return bulk.bulk_run_dispatch(run=recalculation_bulk_run(run=run))


# outbox_atomic is our task option (outbox.delivery), unknown to the Celery stubs
@shared_task(outbox_atomic=False)  # type: ignore[call-overload]
def anhoerung_render(anhoerung_id: int) -> bool:
    """Render an Anhörungsschreiben's PDF/A once and file it in the eAkte (idempotent)."""
    from jobcenter.decisions.services.anhoerung_letter import anhoerung_render as render

    return render(anhoerung_id=anhoerung_id)


@shared_task
def erstattung_festgesetzt(decision_id: int) -> bool:
    """Publish ``decisions.erstattung_festgesetzt`` for an issued Bescheid with an Erstattung.

    Handed over by the issuing (``issuing._issue``) through the outbox, keyed by the
    Bescheid: the handlers' writes commit together with the message's done mark, so the
    event is published once per Bescheid (and again only if a handler failed)."""
    from jobcenter.decisions.services.aufhebung import erstattung_publish

    return erstattung_publish(decision_id=decision_id)


@shared_task
def kind_erlassen(decision_id: int) -> bool:
    """Publish ``decisions.kind_erlassen`` for an issued letter of a registered kind (handed
    over by ``issuing._issue`` through the outbox, keyed by the decision: published once,
    the handlers' writes commit with the message's done mark)."""
    from jobcenter.decisions.services.issuing import kind_publish

    return kind_publish(decision_id=decision_id)


@shared_task
def leistung_bewilligt(decision_id: int) -> bool:
    """Publish ``decisions.leistung_bewilligt`` for an issued granting Bescheid of a BG whose
    benefit an earlier Bescheid ended (handed over by ``issuing._issue`` through the outbox,
    keyed by the decision: published once)."""
    from jobcenter.decisions.services.issuing import bewilligt_publish

    return bewilligt_publish(decision_id=decision_id)


@shared_task
def leistung_aufgehoben(decision_id: int) -> bool:
    """Publish ``decisions.leistung_aufgehoben`` for an issued Bescheid that ends the benefit
    from a month (an Aufhebung, an Änderung to 0 €; handed
    over by ``issuing._issue`` through the outbox, keyed by the decision: published once,
    the handlers' writes commit with the message's done mark)."""
    from jobcenter.decisions.services.issuing import aufhebung_publish

    return aufhebung_publish(decision_id=decision_id)


@shared_task
def leistung_ausgesetzt(decision_id: int) -> bool:
    """Publish ``decisions.leistung_ausgesetzt`` for an issued granting Bescheid with a month
    of 0 € that a paid month follows (handed over by ``issuing._issue`` through the outbox,
    keyed by the decision: published once)."""
    from jobcenter.decisions.services.issuing import ausgesetzt_publish

    return ausgesetzt_publish(decision_id=decision_id)
