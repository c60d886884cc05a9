"""Domain events between apps, so that the dependency direction stays clean.

An app that produces something publishes an event; an app further down the chain subscribes
in its ``AppConfig.ready``. Example: ``antraege`` publishes ``submission.received`` with the
submission id; ``casefiles`` subscribes and creates the case. Handlers must be idempotent
(running one twice creates nothing twice); publishers call ``publish`` from a Celery task
handed over through the outbox (``jobcenter.outbox``), so that the handlers' writes commit
together with the message's "done" and a failing handler is retried. A handler that hands
work on calls ``outbox_enqueue`` (never ``transaction.on_commit``).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from typing import Any

logger = logging.getLogger(__name__)

Handler = Callable[..., Any]
_handlers: dict[str, list[Handler]] = defaultdict(list)

#: Known events and their payload (keyword arguments).
EVENTS = {
    "submission.received": "submission_id: int — a citizen's (or a paper) submission is stored",
}


def subscribe(event: str) -> Callable[[Handler], Handler]:
    if event not in EVENTS:
        raise KeyError(f"unknown event {event!r}; declare it in core.events.EVENTS")

    def decorator(handler: Handler) -> Handler:
        if handler not in _handlers[event]:
            _handlers[event].append(handler)
        return handler

    return decorator


def publish(event: str, **payload: Any) -> list[Any]:
    """Call every handler of ``event``; exceptions propagate (the calling task retries)."""
    if event not in EVENTS:
        raise KeyError(f"unknown event {event!r}")
    results = []
    for handler in list(_handlers[event]):
        logger.debug("event %s → %s", event, handler.__qualname__)
        results.append(handler(**payload))
    return results


def handlers_for(event: str) -> list[Handler]:
    return list(_handlers[event])
