"""Background work of ``zahlungen``: the payment runs (idempotent, resumable)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="zahlungen.payment_run")
def payment_run(run_id: int) -> int:
    """Start (or resume after a crash) one payment run: its partitions go to the workers
    of the ``bulk`` queue, the last one writes the SEPA file; safe to run twice."""
    from jobcenter.zahlungen.services.runs import run_dispatch

    return run_dispatch(run_id)


@shared_task(name="zahlungen.daily_runs")
def daily_runs() -> int:
    """Beat: today's daily run (back payments, corrections, urgent cases, released manual
    payments) of every Jobcenter with an Auszahlungskonto."""
    from jobcenter.zahlungen.models import PayerAccount
    from jobcenter.zahlungen.services import run_start
    from jobcenter.zahlungen.services.runs import run_dispatch

    count = 0
    for account in PayerAccount.objects.select_related("jobcenter"):
        run = run_start(jobcenter=account.jobcenter, kind="taeglich")
        run_dispatch(run.pk)  # its partitions run on the bulk queue's workers
        count += 1
    return count


@shared_task(name="zahlungen.zuschuss_ohne_bescheid")
def zuschuss_ohne_bescheid(order_id: int, month: str) -> bool:
    """A run held a § 26 Zuschuss for a month no Bescheid rules: tell the caseworker (eAkte,
    Wiedervorlage), once per order and month. Handed over by the run's chunk through the
    outbox (key per order and month)."""
    from jobcenter.zahlungen.services.zuschuss import unruled_tell

    return unruled_tell(order_id=order_id, month=month)


# outbox_atomic is our task option (outbox.delivery), unknown to the Celery stubs
@shared_task(name="zahlungen.letter_render", outbox_atomic=False)  # type: ignore[call-overload]
def letter_render(letter_id: int) -> bool:
    """Render a letter's PDF/A once and file it in the eAkte (idempotent)."""
    from jobcenter.zahlungen.services.schreiben import letter_render as render

    return render(letter_id=letter_id)
