"""Verwaltung → Massenläufe: the progress and the result of the bulk runs with cases of the
staff member's Jobcenter — mass recalculations and payment runs (``outbox.bulk``). Numbers
only, no person; a run in progress shows how far it is and whether a part waits for a retry.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from jobcenter.core.access import AuthenticatedHttpRequest, Data, scope, staff_required
from jobcenter.decisions.models import RecalculationRun
from jobcenter.decisions.services.recalculation import BULK_KEY as RECALCULATION
from jobcenter.outbox.models import BulkPartition, BulkRun
from jobcenter.outbox.selectors import bulk_runs_for_jobcenter
from jobcenter.zahlungen.models import PaymentRun
from jobcenter.zahlungen.services.runs import BULK_KEY as PAYMENT_RUN

#: What a counter of a run means, per kind (the handler's keys).
COUNTERS: dict[str, list[tuple[str, Any]]] = {
    RECALCULATION: [("changed", _("Änderungsbescheide")), ("unchanged", _("unverändert")),
                    ("errors", _("Fehler (Fall wird einzeln geprüft)"))],
    PAYMENT_RUN: [("payments", _("Zahlungen")), ("offsets", _("Aufrechnungen")),
                  ("holds", _("zurückgehalten"))],
}


def _title(run: BulkRun) -> dict[str, Any]:
    """What the run is, in the staff member's words, and where its result is."""
    if run.kind == RECALCULATION:
        recalculation = RecalculationRun.objects.filter(pk=int(run.ref)).first()
        return {"label": _("Neuberechnung"),
                "month": recalculation.month if recalculation else None,
                "dry_run": bool(recalculation and recalculation.dry_run), "link": None}
    if run.kind == PAYMENT_RUN:
        payment_run = PaymentRun.objects.filter(pk=int(run.ref)).first()
        return {"label": (payment_run.get_kind_display() if payment_run else _("Zahllauf")),
                "month": payment_run.month if payment_run else None, "dry_run": False,
                "day": payment_run.run_date if payment_run else None,
                "payment_run": payment_run}
    return {"label": run.kind, "month": None, "dry_run": False}


@staff_required(Data.AUTOMATISIERUNG)
def run_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    partitions = scope(BulkPartition.objects.all(), request.user)
    rows = []
    for run, progress in bulk_runs_for_jobcenter(partitions=partitions):
        rows.append({
            "run": run, "progress": progress, "percent": int(progress.share * 100),
            "counters": [(label, progress.counts.get(key, 0))
                         for key, label in COUNTERS.get(run.kind, [])],
            **_title(run),
        })
    return render(request, "backoffice/verwaltung/bulk_runs.html", {
        "jobcenter": request.user.jobcenter, "rows": rows,
        "running": any(row["run"].status == BulkRun.Status.RUNNING for row in rows),
    })
