"""The plug-ins and event handlers are connected in one place, in the stated order."""

from __future__ import annotations

from jobcenter.anliegen import handlers as anliegen_handlers
from jobcenter.antraege import hooks, preview
from jobcenter.antraege.services import FORM_KEYS
from jobcenter.casefiles import handlers as casefiles_handlers
from jobcenter.config import wiring
from jobcenter.core import events
from jobcenter.decisions import handlers as decisions_handlers
from jobcenter.formengine import registry


def test_submission_received_runs_the_ecase_first_then_decisions():
    assert events.handlers_for("submission.received") == [
        casefiles_handlers.on_submission_received,
        decisions_handlers.on_submission_received,
        # a sick note answers Meldetermine: needs the case of the first handler
        anliegen_handlers.on_submission_received,
    ]


def test_the_concerns_are_plugged_into_the_engine_antraege_and_the_eakte():
    from jobcenter.anliegen import registry as concerns
    from jobcenter.antraege.services import form_accepted
    from jobcenter.casefiles.services import FORM_CASE_TYPES

    assert concerns.concerns()
    for concern in concerns.concerns():
        assert registry.submit_handler(concern.key) is hooks.submit
        assert form_accepted(concern.key)
        assert FORM_CASE_TYPES[concern.key] == concern.case_type


def test_connecting_again_changes_nothing():
    before = {event: events.handlers_for(event) for event in events.EVENTS}
    wiring.connect()
    assert {event: events.handlers_for(event) for event in events.EVENTS} == before


def test_the_forms_of_antraege_are_plugged_into_the_engine():
    for form_key in FORM_KEYS:
        assert registry.submit_handler(form_key) is hooks.submit
    for form_key in wiring.PREVIEW_FORMS:
        assert registry.preview_hook(form_key) is preview.preview_for_draft
