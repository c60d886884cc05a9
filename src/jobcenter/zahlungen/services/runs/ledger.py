"""The ledger rows a run writes (``COPY``/``executemany``) and the claims' balances."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db import connection
from django.db.models import Sum
from django.utils import timezone

from jobcenter.core import datastand
from jobcenter.zahlungen.models import (
    Claim,
    ClaimEntry,
    Payment,
)

ZERO = Decimal("0.00")

#: The ledger columns written by a run (every concrete field but the id).
_PAYMENT_FIELDS = [f for f in Payment._meta.concrete_fields if not f.primary_key]


def _insert_payments(payments: list[Payment]) -> None:
    """Insert the chunk's ledger rows in one go: ``COPY`` on PostgreSQL, one
    ``executemany`` elsewhere — the same rows, constraints, triggers and defaults as
    ``bulk_create`` without building one giant statement (bench/payments_bench.py).
    A unique violation raises as usual and rolls the chunk back."""
    if not payments:
        return
    now = timezone.now()
    table = connection.ops.quote_name(Payment._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in _PAYMENT_FIELDS)
    rows = []
    for payment in payments:
        payment.created_at = now
        rows.append([f.get_db_prep_save(getattr(payment, f.attname), connection)
                     for f in _PAYMENT_FIELDS])
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # names from the model's meta, quoted; the values travel as COPY data
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(_PAYMENT_FIELDS))
        # names from the model's meta, quoted; every value is a parameter
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
        cursor.executemany(sql, rows)


def claim_balances(claim_ids: Iterable[int]) -> dict[int, Decimal]:
    claim_ids = list(claim_ids)
    amounts = dict(Claim.objects.filter(pk__in=claim_ids).values_list("pk", "amount"))
    booked = dict(ClaimEntry.objects.filter(claim_id__in=claim_ids).values_list("claim_id")
                  .annotate(total=Sum("amount")).values_list("claim_id", "total"))
    return {pk: amount - (booked.get(pk) or ZERO) for pk, amount in amounts.items()}


def close_paid_claims(claim_ids: Iterable[int]) -> None:
    paid = [pk for pk, balance in claim_balances(claim_ids).items() if balance <= 0]
    if paid:
        Claim.objects.filter(pk__in=paid, status=Claim.Status.OPEN).update(
            status=Claim.Status.PAID)
        datastand.changed(Claim, paid)
