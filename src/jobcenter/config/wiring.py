"""The composition root: every plug-in and event handler of the apps, connected in one place.

The intake of an application, step by step (docs/architecture.md, "The intake, step by step"):

1. The citizen fills the form on the portal's pages (``portal.views.formulare``, the form
   engine's ``flow``); prefill and answer-dependent choices come from the providers and
   sources connected below. The summary page shows the preview connected below
   (``antraege.preview`` → ``core.sgb2_adapter``).
2. "Absenden" calls the form's submit handler connected below, ``antraege.hooks.submit``
   → ``antraege.services.submission_create_from_draft``: in one transaction the
   ``Submission`` (idempotent per draft), its receipt and export, and the outbox message
   ``antraege.tasks.submission_received``. (Paper: ``backoffice.views.papierantrag`` →
   ``antraege.services.submission_create_paper``, the same message.)
3. After commit the outbox publishes the message; a worker runs
   ``antraege.tasks.submission_received`` → ``antraege.services.submission_hand_over``,
   which (submission row locked, one transaction) publishes ``submission.received`` — the
   handlers in ``SUBSCRIPTIONS`` run in their order — marks ``handed_over_at`` and records
   the citizen's notice (``notifications.notify``, sent by its own outbox task).
4. ``casefiles.handlers.on_submission_received``: the eAkte files exactly one case with the
   receipt, export and uploads as immutable documents.
5. ``decisions.handlers.on_submission_received``: for that case, the automation
   (``decisions.tasks.automation_for_case``) is handed to the outbox.
"""

from __future__ import annotations

from collections.abc import Sequence

from jobcenter.antraege import hooks, household_choice, preview
from jobcenter.antraege import prefill as antraege_prefill
from jobcenter.antraege.services import FORM_KEYS
from jobcenter.casefiles import handlers as casefiles_handlers
from jobcenter.core import events, todo
from jobcenter.decisions import handlers as decisions_handlers
from jobcenter.decisions import start_checks
from jobcenter.formengine import options, prefill, registry
from jobcenter.termine import todo as termine_todo

#: Event → its handlers, called in this order by ``core.events.publish``.
SUBSCRIPTIONS: dict[str, Sequence[events.Handler]] = {
    "submission.received": (
        casefiles_handlers.on_submission_received,  # step 4: the eAkte files the case
        decisions_handlers.on_submission_received,  # step 5: needs the case of step 4
    ),
}

#: Forms of ``antraege`` whose summary page shows the ``sgb2`` preview.
PREVIEW_FORMS = ("hauptantrag", "weiterbewilligung", "veraenderung")


def connect() -> None:
    """Plug ``antraege`` into the form engine and connect the event handlers."""
    prefill.register_provider("profile", antraege_prefill.profile)
    prefill.register_provider("household", antraege_prefill.household)
    prefill.register_provider("last_submission", antraege_prefill.last_submission)
    options.register_source(household_choice.SOURCE, household_choice.household_options)
    for form_key in FORM_KEYS:
        registry.register_submit_handler(form_key, hooks.submit)
    for form_key in PREVIEW_FORMS:
        registry.register_preview(form_key, preview.preview_for_draft)
    # the Weiterbewilligung starts only with an active Bewilligung
    registry.register_start_check("weiterbewilligung", start_checks.weiterbewilligung)
    events.connect(SUBSCRIPTIONS)
    # the citizen's to-do list: upcoming appointments and Meldetermine (issue 13)
    todo.register("termine", termine_todo.provider)
