"""Starting a payment run: the run of a kind and month or day, once; the months it covers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobcenter.decisions import deadlines
from jobcenter.jobcenters.models import Jobcenter
from jobcenter.zahlungen.models import (
    PayerAccount,
    PaymentRun,
)
from jobcenter.zahlungen.services.runs.bankdays import _execution_date

#: How far back a daily run looks for unpaid differences (corrections, back payments).
BACK_MONTHS = 24


class RunError(Exception):
    """A run cannot start; the message is for the staff member."""


def run_start(*, jobcenter: Jobcenter, kind: str, month: dt.date | None = None,
              actor: Any = None, today: dt.date | None = None,
              again: bool = False) -> PaymentRun:
    """The run of that kind for that month (monthly) or day (daily): a double click, a
    second start or a retry return the same run, which continues where it stopped.
    ``again`` (staff's button): a daily run of today that is done is followed by a new one
    (which pays only what the ledger does not have yet)."""
    today = today or timezone.localdate()
    if not PayerAccount.objects.filter(jobcenter=jobcenter).exists():
        raise RunError(_("Für dieses Jobcenter ist kein Auszahlungskonto hinterlegt. Der "
                         "Zahllauf startet erst, wenn ein Jobcenter-Admin es unter "
                         "Verwaltung → Auszahlungskonto hinterlegt hat."))
    if kind == PaymentRun.Kind.MONTHLY:
        if month is None:
            raise RunError(_("Bitte wählen Sie den Monat des Zahllaufs."))
        month = deadlines.first_of_month(month)
        if month < deadlines.first_of_month(today):
            raise RunError(_("Ein monatlicher Zahllauf ist nur für den laufenden oder einen "
                             "kommenden Monat möglich. Frühere Monate zahlt der tägliche "
                             "Zahllauf nach."))
        if month > deadlines.add_months(deadlines.first_of_month(today), 1):
            raise RunError(_("Ein monatlicher Zahllauf ist höchstens für den nächsten "
                             "Monat möglich."))
        lookup = {"jobcenter": jobcenter, "kind": kind, "month": month}
    else:
        month = None
        lookup = {"jobcenter": jobcenter, "kind": PaymentRun.Kind.DAILY, "run_date": today}
    existing = PaymentRun.objects.filter(**lookup).order_by("-pk").first()
    if existing is not None and not (
            again and kind == PaymentRun.Kind.DAILY
            and existing.status == PaymentRun.Status.DONE):
        return existing
    if kind == PaymentRun.Kind.DAILY:
        lookup["status"] = PaymentRun.Status.RUNNING
    try:
        with transaction.atomic():
            return PaymentRun.objects.create(
                jobcenter=jobcenter, kind=kind, month=month, run_date=today,
                execution_date=_execution_date(kind, today, month), started_by=actor)
    except IntegrityError:
        return PaymentRun.objects.get(**lookup)


def last_run_month(jobcenter_id: int, today: dt.date) -> dt.date:
    """The last month the runs of a Jobcenter pay by ``today``: the current month or the
    month of the latest monthly run done, whichever is later (a daily run covers it)."""
    current = deadlines.first_of_month(today)
    latest_monthly = (PaymentRun.objects.filter(jobcenter_id=jobcenter_id,
                                                kind=PaymentRun.Kind.MONTHLY,
                                                status=PaymentRun.Status.DONE)
                      .order_by("-month").values_list("month", flat=True).first())
    return max(current, latest_monthly or current)


def _months_of(run: PaymentRun) -> list[dt.date]:
    if run.kind == PaymentRun.Kind.MONTHLY:
        assert run.month is not None
        return [run.month]
    current = deadlines.first_of_month(run.run_date)
    last = last_run_month(run.jobcenter_id, run.run_date)
    first = deadlines.add_months(current, -BACK_MONTHS)
    months = []
    month = first
    while month <= last:
        months.append(month)
        month = deadlines.add_months(month, 1)
    return months
