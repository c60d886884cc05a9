"""Payment runs: from the issued Bescheide to ledger entries and a SEPA file.

A run is a bulk run (``outbox.bulk``): the Jobcenter's Bedarfsgemeinschaften in ranges
of ids (partitions) that any number of workers take at once; each partition walks its BGs
in chunks, and each chunk is one transaction that writes the chunk's payments, offsets and
holds (the payments with ``COPY``) and moves the partition's checkpoint. A crash loses at
most the open chunk, and a retry continues after the checkpoint; the last partition to
finish writes the totals and the SEPA file (``run_finish``). What is paid is always "due
minus already paid" per (BG, month, recipient), read inside the chunk's transaction, and
every ledger entry is protected by a unique constraint (``Payment``: the regular payment
once, every further entry with the next ``seq``; ``ClaimEntry``: one Aufrechnung per
claim and month) — a second run, a retried task or two workers at once cannot pay
anything twice.

The package by concern (the names are re-exported here; import them from ``runs``):
``start`` (a run once per kind and month or day, its months), ``bankdays`` (TARGET2
execution dates), ``chunk`` (one chunk of BGs: due, paid, held, offset), ``ledger`` (the
ledger rows in bulk, the claims' balances), ``orders`` (the released one-off orders a daily
run pays first), ``execute`` (the bulk run: partitions, dispatch, finish, SEPA file).
"""

from jobcenter.zahlungen.services.runs.bankdays import (
    _execution_date,
    last_bank_day_before,
    next_bank_day,
)
from jobcenter.zahlungen.services.runs.chunk import CHUNK, _Chunk, _purpose, _Target
from jobcenter.zahlungen.services.runs.execute import (
    BULK_KEY,
    BULK_KIND,
    payment_chunk,
    payment_finish,
    run_bulk_run,
    run_chunk,
    run_dispatch,
    run_execute,
    run_finish,
)
from jobcenter.zahlungen.services.runs.ledger import (
    ZERO,
    _insert_payments,
    claim_balances,
    close_paid_claims,
)
from jobcenter.zahlungen.services.runs.orders import _manual_payments, one_off_purpose
from jobcenter.zahlungen.services.runs.start import (
    BACK_MONTHS,
    RunError,
    _months_of,
    last_run_month,
    run_start,
)

__all__ = [
    "BACK_MONTHS", "BULK_KEY", "BULK_KIND", "CHUNK", "ZERO", "RunError", "_Chunk", "_Target",
    "_execution_date", "_insert_payments", "_manual_payments", "_months_of", "_purpose",
    "claim_balances", "close_paid_claims", "last_bank_day_before", "last_run_month",
    "next_bank_day",
    "one_off_purpose", "payment_chunk", "payment_finish", "run_bulk_run", "run_chunk",
    "run_dispatch", "run_execute", "run_finish", "run_start",
]
