"""Services of ``zahlungen``: every write of payments and claims."""

from jobcenter.zahlungen.services.account import PayerAccountError, payer_account_set
from jobcenter.zahlungen.services.aufrechnung_verfahren import (
    aufrechnung_approve,
    aufrechnung_decide,
    aufrechnung_drop,
    aufrechnung_hearing,
    aufrechnung_prepare,
    aufrechnung_record_answer,
)
from jobcenter.zahlungen.services.claims import (
    ClaimError,
    balance,
    claim_approve_write_off,
    claim_create_loan,
    claim_defer,
    claim_offset_end,
    claim_offset_end_from,
    claim_record_receipt,
    claim_remit,
    claim_request_write_off,
    claim_set_instalments,
    claims_from_bescheid,
    instalment_schedule,
)
from jobcenter.zahlungen.services.manage import (
    RETURN_REASONS,
    PaymentActionError,
    active_stop,
    direct_payment_create,
    direct_payment_end,
    manual_decide,
    manual_request,
    one_off_from_bescheid,
    one_off_reissue,
    payment_mark_returned,
    standing_order_end,
    standing_order_end_from,
    standing_order_from_bescheid,
    stop_create,
    stop_lift,
)
from jobcenter.zahlungen.services.runs import RunError, run_execute, run_start
from jobcenter.zahlungen.services.schreiben import LetterError, letters_mark_posted

__all__ = [
    "ClaimError", "LetterError", "PayerAccountError", "PaymentActionError", "RETURN_REASONS",
    "RunError", "active_stop", "aufrechnung_approve", "aufrechnung_decide", "aufrechnung_drop",
    "aufrechnung_hearing", "aufrechnung_prepare", "aufrechnung_record_answer", "balance",
    "claim_approve_write_off", "claim_create_loan", "claim_defer", "claim_offset_end",
    "claim_offset_end_from",
    "claim_record_receipt", "claim_remit", "claim_request_write_off",
    "claim_set_instalments", "claims_from_bescheid", "direct_payment_create",
    "direct_payment_end", "instalment_schedule", "letters_mark_posted", "manual_decide",
    "manual_request", "one_off_from_bescheid", "one_off_reissue", "payer_account_set",
    "payment_mark_returned", "run_execute", "run_start", "standing_order_end",
    "standing_order_end_from", "standing_order_from_bescheid", "stop_create", "stop_lift",
]
