"""Domain events between apps, so that a producer never imports its consumers.

A producer publishes an event; the consumers' handlers are connected in one place,
``jobcenter.config.wiring.SUBSCRIPTIONS``, in the order stated there (not in the order of
``INSTALLED_APPS``). Example: ``antraege`` publishes ``submission.received`` with the
submission id; ``casefiles`` files the case, then ``decisions`` hands the automation on.
Handlers must be idempotent (running one twice creates nothing twice); publishers call
``publish`` from a Celery task handed over through the outbox (``jobcenter.outbox``), so
that the handlers' writes commit together with the message's "done" and a failing handler
is retried. A handler that hands work on calls ``outbox_enqueue`` (never
``transaction.on_commit``).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from typing import Any

logger = logging.getLogger(__name__)

Handler = Callable[..., Any]
_handlers: dict[str, list[Handler]] = defaultdict(list)

#: Known events and their payload (keyword arguments).
EVENTS = {
    "submission.received": "submission_id: int — a citizen's (or a paper) submission is stored",
    "decisions.erstattung_festgesetzt": (
        "bescheid_id: int, jobcenter_id: int, positions: list[dict] — an Aufhebungs- und "
        "Erstattungsbescheid (§ 50 SGB X) is issued; each position is {'person_id': int, "
        "'month': 'YYYY-MM', 'amount': 'decimal string in euro', 'rechtsgrundlage': str}; "
        "the claims (zahlungen) are created from it, idempotently per bescheid_id"
    ),
    "decisions.kind_erlassen": (
        "decision_id: int, jobcenter_id: int, decision_type: str — a Bescheid or letter of a "
        "kind registered by an app above decisions (decisions.kinds) is issued; published "
        "once per decision through the outbox (e.g. bedarfe: a loan becomes a claim)"
    ),
    "decisions.leistung_aufgehoben": (
        "decision_id: int, jobcenter_id: int, bedarfsgemeinschaft_id: int | None, "
        "from_month: 'YYYY-MM-DD' — a Bescheid is issued that ends the BG's Bürgergeld/"
        "Grundsicherungsgeld from from_month (the first of that month): an Aufhebungsbescheid "
        "(type aufhebung), or an Änderungsbescheid that sets the BG's total to 0 € from that "
        "month to the end of its period; published once per decision through the outbox "
        "(e.g. anliegen: the standing orders that depend on it end)"
    ),
    "decisions.leistung_ausgesetzt": (
        "decision_id: int, jobcenter_id: int, bedarfsgemeinschaft_id: int | None, months: "
        "list['YYYY-MM-DD'] — a granting Bescheid (Bewilligung, Teilbewilligung, Änderung, "
        "Abhilfe) is issued that sets the BG's total to 0 € for months a paid month follows "
        "(the Bezug pauses, it does not end); published once per decision through the outbox "
        "(e.g. anliegen: a § 26 Zuschuss is not paid for those months, the caseworker checks)"
    ),
    "decisions.leistung_bewilligt": (
        "decision_id: int, jobcenter_id: int, bedarfsgemeinschaft_id: int | None, months: "
        "list['YYYY-MM-DD'] — a granting Bescheid (Bewilligung, Teilbewilligung, Änderung, "
        "Abhilfe) is issued for a BG whose benefit an earlier Bescheid ended; months: those it "
        "pays (the BG's total above 0 €); published once per decision through the outbox "
        "(e.g. anliegen: a standing order ended with the benefit is put before the caseworker)"
    ),
}


def _known(event: str) -> str:
    if event not in EVENTS:
        raise KeyError(f"unknown event {event!r}; declare it in core.events.EVENTS")
    return event


def connect(subscriptions: Mapping[str, Sequence[Handler]]) -> None:
    """Set the handlers of each event, in the order given (``jobcenter.config.wiring``).

    Replaces what was connected before, so connecting twice changes nothing."""
    for event, handlers in subscriptions.items():
        _handlers[_known(event)] = list(handlers)


def subscribe(event: str, handler: Handler) -> None:
    """Add one handler after the connected ones (for tests that watch an event)."""
    if handler not in _handlers[_known(event)]:
        _handlers[event].append(handler)


def unsubscribe(event: str, handler: Handler) -> None:
    if handler in _handlers[_known(event)]:
        _handlers[event].remove(handler)


def publish(event: str, **payload: Any) -> list[Any]:
    """Call every handler of ``event`` in order; exceptions propagate (the task retries)."""
    results = []
    for handler in list(_handlers[_known(event)]):
        logger.debug("event %s → %s", event, handler.__qualname__)
        results.append(handler(**payload))
    return results


def handlers_for(event: str) -> list[Handler]:
    return list(_handlers[_known(event)])
