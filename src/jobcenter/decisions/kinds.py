"""Bescheid kinds contributed by apps above ``decisions`` (``rechtsbehelfe``: the
Abhilfebescheid and the Widerspruchsbescheid): their title, the operative text and the
Rechtsbehelfsbelehrung, registered in ``config/wiring.py``. ``decisions.documents`` asks
here first; the kinds of its own catalogue keep their texts there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jobcenter.decisions.models import Decision

Texts = Callable[["Decision"], list[str]]


@dataclass(frozen=True)
class BescheidKind:
    key: str  # the DecisionType key
    title: str  # German msgid of the letter's title
    paragraphs: Texts  # the operative text (after the salutation)
    rechtsbehelf: Texts | None = None  # None: the Widerspruch Belehrung of decisions
    # The operative text itself names the Bescheid it changes and the period: the chain
    # paragraph (``letter.change_paragraphs``) then does not repeat that one Bescheid.
    names_changed: bool = False
    #: the letter's title from its data (e.g. the concern it answers); None: ``title``
    title_of: Callable[[Decision], str] | None = None
    #: False for a letter that is no Verwaltungsakt (a confirmation, an appointment offer):
    #: its closing line says "Schreiben", and ``rechtsbehelf`` should give no Belehrung
    verwaltungsakt: bool = True


_KINDS: dict[str, BescheidKind] = {}


def register(kind: BescheidKind) -> None:
    _KINDS[kind.key] = kind


def get(key: str) -> BescheidKind | None:
    return _KINDS.get(key)
