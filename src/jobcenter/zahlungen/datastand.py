"""Which rows of zahlungen the cached pages show, and their scopes (``core.datastand``;
connected in ``config/wiring.py``)."""

from __future__ import annotations

from jobcenter.core import datastand
from jobcenter.zahlungen.models import (
    Aufrechnung,
    BankStatement,
    BankStatementEntry,
    Claim,
    ClaimEntry,
    DirectPayment,
    Letter,
    ManualPayment,
    PayerAccount,
    PayerAccountChange,
    Payment,
    PaymentRun,
    PaymentStop,
    RunHold,
    StandingOrder,
)


def declare() -> None:
    datastand.not_shown(PayerAccount, "the Jobcenter's own bank account (staff)")
    datastand.not_shown(PayerAccountChange, "history of the payer account")
    datastand.not_shown(PaymentRun, "a staff run; the citizen sees its Payments")
    datastand.not_shown(ManualPayment, "the staff's request; the citizen sees the Payment")
    datastand.not_shown(RunHold, "a run's internal hold")
    datastand.not_shown(BankStatement,
                        "the Jobcenter's bank statements; a return changes the Payment")
    datastand.not_shown(BankStatementEntry, "lines of the bank statements")
    datastand.shown(DirectPayment)
    datastand.shown(PaymentStop)
    datastand.shown(StandingOrder)
    datastand.shown(Payment)
    datastand.shown(Claim)
    datastand.shown(ClaimEntry)
    datastand.shown(Aufrechnung)
    datastand.shown(Letter)
