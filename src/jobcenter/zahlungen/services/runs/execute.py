"""A run as a bulk run (``outbox.bulk``): its partitions, chunks, dispatch and finish."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from jobcenter.households.models import Bedarfsgemeinschaft
from jobcenter.outbox import bulk
from jobcenter.outbox.models import BulkPartition, BulkRun
from jobcenter.zahlungen.models import (
    PayerAccount,
    PaymentRun,
)
from jobcenter.zahlungen.services import sepa
from jobcenter.zahlungen.services.runs.chunk import CHUNK, ZERO, _Chunk
from jobcenter.zahlungen.services.runs.orders import _manual_payments
from jobcenter.zahlungen.services.runs.start import _months_of


def run_finish(run_id: int) -> PaymentRun:
    """Totals, report and the SEPA file from the run's ledger entries; marks it done."""
    with transaction.atomic():
        run = PaymentRun.objects.select_for_update().select_related("jobcenter").get(
            pk=run_id)
        if run.status == PaymentRun.Status.DONE:
            return run
        account = PayerAccount.objects.get(jobcenter_id=run.jobcenter_id)
        rows = list(run.payments.order_by("pk").values(
            "recipient_name", "iban", "amount", "purpose", "end_to_end_id"))
        run.payments_count = len(rows)
        run.payments_total = sum((r["amount"] for r in rows), ZERO)
        run.held_count = run.holds.count()
        run.status = PaymentRun.Status.DONE
        run.finished_at = timezone.now()
        if not rows:  # nothing to pay: no file (pain.001 needs at least one payment)
            run.save()
            return run
        run.message_id = f"JC{run.jobcenter_id}-{run.kind[:1].upper()}{run.pk}"[:35]
        xml = sepa.credit_transfer_xml(
            debtor={"name": account.name, "iban": account.iban, "bic": account.bic},
            message_id=run.message_id, execution_date=run.execution_date,
            payments=({"name": r["recipient_name"], "iban": r["iban"], "amount": r["amount"],
                       "purpose": r["purpose"], "end_to_end_id": r["end_to_end_id"]}
                      for r in rows))
        run.file_sha256 = hashlib.sha256(xml).hexdigest()
        run.file.save(f"pain001-{run.jobcenter.slug}-{run.pk}.xml", ContentFile(xml),
                      save=False)
        run.save()
        return run



#: The kind of bulk run (``outbox.bulk``) a payment run is; registered in
#: ``config/wiring.py`` with ``BULK_KIND``.
BULK_KEY = "zahlungen.payment_run"


def run_bulk_run(run: PaymentRun) -> BulkRun:
    """The bulk run of a payment run: the Jobcenter's BGs in ranges of
    ``BULK_PARTITION_SIZE`` ids, made on the first call (the BGs that exist then)."""
    def partitions() -> Iterator[bulk.PartitionSpec]:
        keys = (Bedarfsgemeinschaft.objects.filter(jobcenter_id=run.jobcenter_id)
                .order_by("pk").values_list("jobcenter_id", "pk").iterator(chunk_size=20000))
        return bulk.ranges(keys, size=settings.BULK_PARTITION_SIZE)

    return bulk.bulk_run_start(kind=BULK_KEY, ref=str(run.pk), partitions=partitions)


def payment_chunk(partition: BulkPartition, size: int = CHUNK) -> bulk.ChunkResult:
    """The next ``size`` BGs of the partition after its checkpoint: their payments, offsets
    and holds, written in bulk in the transaction ``outbox.bulk`` commits together with the
    partition's new checkpoint."""
    run = PaymentRun.objects.get(pk=int(partition.run.ref))
    bg_ids = list(Bedarfsgemeinschaft.objects.filter(
        jobcenter_id=run.jobcenter_id, pk__gt=partition.cursor, pk__lte=partition.hi)
        .order_by("pk").values_list("pk", flat=True)[:size])
    if not bg_ids or run.status == PaymentRun.Status.DONE:
        return bulk.ChunkResult(processed=0, cursor=partition.hi, done=True)
    chunk = _Chunk(run, bg_ids, _months_of(run), run.run_date)
    pairs = set(chunk.dues) | set(chunk.keys) | chunk.standing_months()
    for bg_id, month in sorted(pairs):
        chunk.settle(bg_id, month)
    chunk.write()
    return bulk.ChunkResult(processed=len(bg_ids), cursor=bg_ids[-1],
                            done=bg_ids[-1] >= partition.hi,
                            counts={"payments": len(chunk.payments),
                                    "offsets": len(chunk.offsets), "holds": len(chunk.holds)})


def payment_finish(bulk_run: BulkRun) -> dict[str, Any]:
    """The summary once every partition is done: totals, report and the SEPA file."""
    run = run_finish(int(bulk_run.ref))
    progress = bulk.bulk_progress(run=bulk_run)
    PaymentRun.objects.filter(pk=run.pk).update(seconds=progress.seconds)
    return {"bedarfsgemeinschaften": progress.processed, "payments": run.payments_count,
            "payments_total": str(run.payments_total), "held": run.held_count,
            "partitions": progress.partitions, "seconds": round(progress.seconds, 3)}


#: The payment run as a kind of bulk run (registered in ``config/wiring.py``).
BULK_KIND = bulk.Kind(chunk=payment_chunk, finish=payment_finish, chunk_size=CHUNK)


def run_chunk(run_id: int, *, chunk_size: int = CHUNK) -> bool:
    """Process the next chunk of BGs of the run in this process; False when none is left."""
    run = PaymentRun.objects.get(pk=run_id)
    if run.status == PaymentRun.Status.DONE:
        return False
    return bulk.bulk_work(run=run_bulk_run(run), max_chunks=1, chunk_size=chunk_size) > 0


def run_dispatch(run_id: int) -> int:
    """Hand the run's partitions to the workers of the ``bulk`` queue (the approved manual
    payments of a daily run are paid first, here); the last partition to finish writes the
    SEPA file. Returns the partitions handed over."""
    run = PaymentRun.objects.get(pk=run_id)
    if run.status == PaymentRun.Status.DONE:
        return 0
    if run.kind == PaymentRun.Kind.DAILY:
        _manual_payments(run, run.run_date)
    return bulk.bulk_run_dispatch(run=run_bulk_run(run))


def run_execute(run_id: int, *, chunk_size: int = CHUNK) -> PaymentRun:
    """Run (or resume) a payment run to its end in this process (the command, the demo
    data, tests); several processes calling it share the partitions. Safe to call again."""
    run = PaymentRun.objects.get(pk=run_id)
    if run.status == PaymentRun.Status.DONE:
        return run
    if run.kind == PaymentRun.Kind.DAILY:
        _manual_payments(run, run.run_date)
    bulk.bulk_work(run=run_bulk_run(run), chunk_size=chunk_size)
    run.refresh_from_db()
    return run
