"""An IBAN as people read it: in groups of four, as printed on bank cards (DIN 5008)."""

from __future__ import annotations

from typing import Any


def iban_grouped(value: Any) -> str:
    """``"DE02120300000000202051"`` → ``"DE02 1203 0000 0000 2020 51"`` (spaces typed in
    the stored value are dropped first; an empty value stays empty)."""
    text = "" if value is None else str(value).replace(" ", "")
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))
