"""Fixtures of the form engine tests: the test form directory and test-only hooks."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.shortcuts import redirect

from jobcenter.formengine import prefill, registry, services

TEST_FORMS = Path(__file__).parent / "forms"


def _test_submit(draft, request):
    """Test-only submit handler: marks the draft submitted (idempotently)."""
    services.draft_mark_submitted(draft=draft)
    return redirect("formengine:drafts")


def _profile(user):
    return {"first_name": user.first_name, "postcode": user.postcode}


@pytest.fixture(autouse=True)
def engine_test_forms():
    """Registers tests/formengine/forms/ and the hooks the engine test form needs."""
    prefill.register_provider("testprofile", _profile)
    registry.register_form_dir(TEST_FORMS)
    registry.register_submit_handler("engine_test", _test_submit)
    yield
    registry.unregister_form_dir(TEST_FORMS)
    registry.unregister_hooks("engine_test")
    prefill.unregister_provider("testprofile")
