"""The transactional outbox: nothing handed to background work is lost.

A change and its hand-over to background work commit together: ``services.outbox_enqueue``
writes an ``OutboxMessage`` (a Celery task's name and its keyword arguments, ids only) in
the caller's transaction. After commit the message is published to the broker (best
effort: a broker that is down fails nothing, the row waits). The Celery task
``outbox.deliver`` runs the named task and marks the message done — for ordinary tasks in
the same transaction as the task's own writes, so a message that is delivered twice or
whose worker died half-way has its effects exactly once. The periodic ``outbox.sweep``
re-dispatches what is not done after a grace period, with exponential backoff, and after
``OUTBOX_MAX_ATTEMPTS`` marks it *dead* (logged as an error; ``manage.py outbox retry``).

Public API: ``services.outbox_enqueue``; for operators ``manage.py outbox`` and the admin
list. This app imports no other app of the project (import-linter contract).
"""
