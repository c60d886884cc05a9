from __future__ import annotations

import io

import pytest

from jobcenter.formengine import registry
from jobcenter.formengine.services import draft_start
from tests.antraege.test_mapping import single_no_income


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def make_draft():
    """A draft of ``form_key`` for ``user`` with the given (complete) answers."""

    def make(user, form_key="hauptantrag", answers=None):
        draft = draft_start(user=user, form=registry.get_form(form_key))
        draft.answers = single_no_income() if answers is None else answers
        draft.save(update_fields=["answers"])
        return draft

    return make


@pytest.fixture
def received_events():
    """Every ``submission.received`` publication, recorded by a test subscriber."""
    from jobcenter.core import events

    seen: list[int] = []

    def handler(submission_id: int) -> None:
        seen.append(submission_id)

    events.subscribe("submission.received", handler)
    yield seen
    events.unsubscribe("submission.received", handler)
