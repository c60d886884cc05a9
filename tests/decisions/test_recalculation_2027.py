"""The mass recalculation for January 2027 on the demo data (issue 16, item 6).

The Regelbedarfe do not change on 1 January 2027 (no Fortschreibung; the announced new
determination is not promulgated — tests/sgb2/test_rechtsstand_2027.py), so the work the
new Rechtsstand makes is the § 11b Abs. 2b allowance rising from 603 € to 633 € with the
Geringfügigkeitsgrenze: trainees under 25 with earnings above 603 € keep 21.00 € more
(70 % of 30 €; the 30 % band starts 30 € later). The demo's Bewilligungen are issued with
the legal state before 2027 (``seed_decisions --rechtsstand-vor 2027-01-01``); the
recalculation must write an Änderungsbescheid for exactly those households.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.core.management import call_command
from django.db.models import Sum

from jobcenter.decisions.models import Decision, DecisionAmount, RecalculationRun

JAN = dt.date(2027, 1, 1)
#: the demo's "young adults with parents" (seed_demo.HOUSEHOLDS): trainees, 1,000–1,160 €
AZUBIS = {"Jonas Wagner", "Lukas Klein", "Lara Zimmermann"}


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def _jan_total(decision: Decision) -> Decimal:
    return (DecisionAmount.objects.filter(decision=decision, month=JAN)
            .aggregate(s=Sum("amount"))["s"] or Decimal(0))


def test_january_2027_recalculation_finds_exactly_the_trainees(db):
    _run("seed_demo", "--verbosity", "0")
    _run("seed_decisions", "--monat", "2026-12", "--rechtsstand-vor", "2027-01-01")
    bewilligt = Decision.objects.filter(origin=Decision.Origin.MANUAL,
                                        decision_type__key="bewilligung").count()
    assert bewilligt == 20
    # the demo's Änderungsbescheid waits for its second pair of eyes (seed_decisions)
    waiting = Decision.objects.get(decision_type__key="aenderung")
    assert waiting.status == Decision.Status.AWAITING_APPROVAL and waiting.previous is not None

    out = _run("neuberechnung", "--monat", "2027-01")
    run = RecalculationRun.objects.get(month=JAN, dry_run=False)
    assert (run.processed, run.changed, run.errors) == (20, 3, 0), out
    changes = Decision.objects.filter(origin=Decision.Origin.RECALCULATION,
                                      period_from=JAN).select_related("previous", "case")
    assert len(changes) == 3
    namen = set()
    for change in changes:
        snapshot_request = change.snapshot["request"]
        azubi = snapshot_request["personen"][0]
        assert azubi["in_ausbildung"] is True and azubi["rolle"] == "antragsteller"
        namen.add(change.snapshot["names"]["P1"])
        # 21.00 € more from January: (633 − 603) × (1 − 30 %)
        assert _jan_total(change) - _jan_total(change.previous) == Decimal("21.00")
        assert change.period_to == change.previous.period_to
        assert change.decision_type.key == "aenderung"
    assert namen == AZUBIS

    # a second run for the month writes nothing more
    _run("neuberechnung", "--monat", "2027-01")
    assert Decision.objects.filter(origin=Decision.Origin.RECALCULATION).count() == 3


def test_bewilligungen_issued_with_the_2027_rechtsstand_need_no_change(db):
    """Bescheide computed after the 2027 values were entered already grant them."""
    _run("seed_demo", "--verbosity", "0")
    _run("seed_decisions", "--monat", "2026-12")
    _run("neuberechnung", "--monat", "2027-01")
    run = RecalculationRun.objects.get(month=JAN, dry_run=False)
    assert (run.processed, run.changed) == (20, 0)


def test_seed_decisions_rejects_a_bad_date(db):
    import pytest
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="JJJJ-MM-TT"):
        _run("seed_decisions", "--rechtsstand-vor", "1.1.2027")
