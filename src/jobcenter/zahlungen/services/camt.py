"""Import of bank statements (camt.054 debit/credit notifications, also camt.053
statements) for returned payments and incoming repayments.

Parsed with ``xmlschema``'s safe XML resource (``defuse="always"``: no DTD, no entities, no
external resources — a hostile file cannot expand or fetch anything). The import is
idempotent per file: the same file (SHA-256) is imported once per Jobcenter (database
constraint). Per booking (``TxDtls``):

* a credit with return information (``RtrInf``) is a returned credit transfer: matched to
  the ledger by the original end-to-end id and the amount, recorded as returned with the
  bank's reason code (``payment_mark_returned``);
* any other credit is an incoming payment: matched to a claim by "Forderung <Nummer>" in
  the reference (the number staff see on the claim), booked as a payment received when it
  is not more than the open balance (``claim_record_receipt``);
* debits are the Jobcenter's own transfers and are skipped.
What cannot be matched is kept as an open entry and listed for staff.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from xmlschema import XMLResource
from xmlschema.exceptions import XMLResourceError

from jobcenter.jobcenters.models import Jobcenter
from jobcenter.zahlungen.models import BankStatement, BankStatementEntry, Claim, Payment
from jobcenter.zahlungen.services.claims import ClaimError, balance, claim_record_receipt
from jobcenter.zahlungen.services.manage import RETURN_REASONS, payment_mark_returned

#: Largest file accepted (a day's notifications of a large Jobcenter fit easily).
MAX_BYTES = 20 * 1024 * 1024
CLAIM_REFERENCE = re.compile(r"Forderung\s*(?:Nr\.?\s*)?(\d{1,12})", re.IGNORECASE)
_NAMESPACE = re.compile(r"^urn:iso:std:iso:20022:tech:xsd:camt\.05[34]\.001\.\d\d$")


class StatementError(ValueError):
    """The file cannot be imported; the message says what is wrong."""


@dataclass(frozen=True)
class Booking:
    kind: str
    amount: Decimal
    booked_on: dt.date
    end_to_end_id: str
    reason_code: str
    reference: str
    counterparty: str


def _text(node: Any, path: str, ns: dict[str, str]) -> str:
    found = node.find(path, ns)
    return (found.text or "").strip() if found is not None and found.text else ""


def parse(content: bytes) -> tuple[str, list[Booking]]:
    """The message id and the credit bookings of a camt.053/054 file."""
    try:
        resource = XMLResource(content, defuse="always", allow="none")
    except (XMLResourceError, SyntaxError, ValueError) as exc:
        raise StatementError(_("Die Datei ist kein lesbarer Kontoauszug (XML im Format "
                               "camt.053 oder camt.054).")) from exc
    namespace = resource.namespace or ""
    if not _NAMESPACE.match(namespace):
        raise StatementError(_("Die Datei ist kein Kontoauszug im Format camt.053 oder "
                               "camt.054."))
    ns = {"c": namespace}
    root = resource.root
    message_id = _text(root, ".//c:GrpHdr/c:MsgId", ns)
    bookings: list[Booking] = []
    for entry in root.iterfind(".//c:Ntry", ns):
        if _text(entry, "c:CdtDbtInd", ns) != "CRDT":
            continue
        day = _text(entry, "c:BookgDt/c:Dt", ns) or _text(entry, "c:BookgDt/c:DtTm", ns)[:10]
        try:
            booked_on = dt.date.fromisoformat(day)
        except ValueError as exc:
            raise StatementError(_("Eine Buchung hat kein gültiges Buchungsdatum.")) from exc
        details = list(entry.iterfind("c:NtryDtls/c:TxDtls", ns)) or [entry]
        for tx in details:
            raw = _text(tx, "c:Amt", ns) or _text(tx, "c:AmtDtls/c:TxAmt/c:Amt", ns) \
                or _text(entry, "c:Amt", ns)
            try:
                amount = Decimal(raw).quantize(Decimal("0.01"))
            except (InvalidOperation, ValueError) as exc:
                raise StatementError(_("Eine Buchung hat keinen gültigen Betrag.")) from exc
            code = _text(tx, "c:RtrInf/c:Rsn/c:Cd", ns)
            returned = tx.find("c:RtrInf", ns) is not None
            name = (_text(tx, "c:RltdPties/c:Dbtr/c:Pty/c:Nm", ns)
                    or _text(tx, "c:RltdPties/c:Dbtr/c:Nm", ns))
            bookings.append(Booking(
                kind=(BankStatementEntry.Kind.RETURN if returned
                      else BankStatementEntry.Kind.CREDIT),
                amount=amount, booked_on=booked_on,
                end_to_end_id=_text(tx, "c:Refs/c:EndToEndId", ns)[:35],
                reason_code=code[:4],
                reference=" ".join(_text(u, ".", ns) for u in tx.iterfind(
                    "c:RmtInf/c:Ustrd", ns))[:140],
                counterparty=name[:140]))
    return message_id, bookings


def _match_return(jobcenter: Jobcenter, booking: Booking, actor: Any) -> Payment | None:
    if not booking.end_to_end_id:
        return None
    payment = Payment.objects.filter(jobcenter=jobcenter, end_to_end_id=booking.end_to_end_id,
                                     amount=booking.amount, status=Payment.Status.SENT).first()
    if payment is None:
        return None
    reason = booking.reason_code if booking.reason_code in RETURN_REASONS else "MS03"
    return payment_mark_returned(payment=payment, reason=reason, returned_on=booking.booked_on,
                                 actor=actor)


def _match_credit(jobcenter: Jobcenter, booking: Booking, actor: Any) -> Claim | None:
    found = CLAIM_REFERENCE.search(booking.reference)
    if found is None:
        return None
    claim = Claim.objects.filter(jobcenter=jobcenter, pk=int(found.group(1)),
                                 status=Claim.Status.OPEN).first()
    if claim is None or booking.amount > balance(claim):
        return None
    try:
        claim_record_receipt(claim=claim, amount=booking.amount, booked_on=booking.booked_on,
                             actor=actor)
    except ClaimError:
        return None
    return claim


def statement_import(*, jobcenter: Jobcenter, content: bytes, filename: str,
                     actor: Any) -> tuple[BankStatement, bool]:
    """Import the file once (``False``: this file was imported before, nothing changes)."""
    if len(content) > MAX_BYTES:
        raise StatementError(_("Die Datei ist größer als 20 MB."))
    digest = hashlib.sha256(content).hexdigest()
    existing = BankStatement.objects.filter(jobcenter=jobcenter, sha256=digest).first()
    if existing is not None:
        return existing, False
    message_id, bookings = parse(content)
    try:
        with transaction.atomic():
            statement = BankStatement.objects.create(
                jobcenter=jobcenter, sha256=digest, filename=filename[:200],
                message_id=message_id[:35], imported_by=actor)
            matched = 0
            for booking in bookings:
                payment = claim = None
                if booking.kind == BankStatementEntry.Kind.RETURN:
                    payment = _match_return(jobcenter, booking, actor)
                else:
                    claim = _match_credit(jobcenter, booking, actor)
                done = payment is not None or claim is not None
                matched += done
                BankStatementEntry.objects.create(
                    statement=statement, jobcenter=jobcenter, kind=booking.kind,
                    status=(BankStatementEntry.Status.MATCHED if done
                            else BankStatementEntry.Status.OPEN),
                    amount=booking.amount, booked_on=booking.booked_on,
                    end_to_end_id=booking.end_to_end_id, reason_code=booking.reason_code,
                    reference=booking.reference, counterparty=booking.counterparty,
                    payment=payment, claim=claim)
            statement.entries_count, statement.matched_count = len(bookings), matched
            statement.save(update_fields=["entries_count", "matched_count"])
    except IntegrityError:  # the same file at the same moment: the other import wins
        return BankStatement.objects.get(jobcenter=jobcenter, sha256=digest), False
    return statement, True
