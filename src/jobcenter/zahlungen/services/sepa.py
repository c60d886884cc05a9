"""The SEPA credit transfer file (pain.001.001.09) of a payment run, built with ``sepaxml``.

pain.001.001.09 (ISO 20022 version 2019) is the format of the EPC SEPA Credit Transfer
rulebook since November 2023 and the one the German banks (DK, Anlage 3 of the
DFÜ-Abkommen "Spezifikation der Datenformate" since November 2023) take today;
pain.001.001.03 is accepted only in a transitional period. BIC is optional (IBAN only).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from sepaxml import SepaTransfer  # type: ignore[import-untyped]

SCHEMA = "pain.001.001.09"


def cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


def credit_transfer_xml(*, debtor: dict[str, str], message_id: str,
                        payments: Iterable[dict[str, Any]], execution_date: dt.date,
                        validate: bool = False) -> bytes:
    """The file for ``payments`` (dicts: name, iban, amount (Decimal), purpose,
    end_to_end_id), all debited from ``debtor`` (name, iban, bic) on ``execution_date``."""
    config = {"name": debtor["name"], "IBAN": debtor["iban"], "batch": True,
              "currency": "EUR"}
    if debtor.get("bic"):
        config["BIC"] = debtor["bic"]
    transfer = SepaTransfer(config, schema=SCHEMA, clean=True)
    transfer.msg_id = message_id
    header_id = transfer._xml.find(".//GrpHdr/MsgId")  # set in the constructor
    if header_id is not None:
        header_id.text = message_id
    for payment in payments:
        transfer.add_payment({
            "name": payment["name"], "IBAN": payment["iban"],
            "amount": cents(payment["amount"]), "execution_date": execution_date,
            "description": payment["purpose"], "endtoend_id": payment["end_to_end_id"],
        })
    return transfer.export(validate=validate)
