"""Fixtures of the concern tests: a concern submitted online and filed in the eAkte."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from jobcenter.antraege import services as antraege
from jobcenter.casefiles.models import Case
from jobcenter.formengine import registry
from jobcenter.formengine.services import draft_start
from tests.termine.conftest import offer, team  # noqa: F401  (fixtures of the termine tests)


def future(days: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def past(days: int) -> str:
    return (timezone.localdate() - dt.timedelta(days=days)).isoformat()


ANSWERS = {
    "ortsabwesenheit": lambda: {"von": future(10), "bis": future(23), "ort": "Izmir, Türkei",
                                "grund": "urlaub", "post": True},
    "arbeitsunfaehigkeit": lambda: {"krank_seit": past(2), "krank_bis": future(5),
                                    "folgebescheinigung": False, "au_bescheinigung": []},
    "abmeldung": lambda: {"ab": future(20), "grund": "arbeit", "arbeitgeber": "Bäckerei Korn"},
    "bewerbungskosten": lambda: {"kostenarten": ["fahrt"], "arbeitgeber": "Stadtwerke",
                                 "gespraech_am": future(7), "gespraech_ort": "Halle",
                                 "verkehrsmittel": "oepnv", "betrag": "23.40"},
    "ueberpruefung": lambda: {"bescheid": "anderer",
                              "bescheid_beschreibung": "Der Bescheid über die Heizkosten.",
                              "bescheid_datum": past(200), "bescheid_art": "bewilligung",
                              "bescheid_nummer": "JC-2026-000123-B7",
                              "begruendung": "Die Heizkosten fehlen."},
    "akteneinsicht": lambda: {"umfang": "ganz", "art": "termin", "zeiten": "vormittags"},
}


@pytest.fixture
def submit(django_capture_on_commit_callbacks):
    """Submit ``form_key`` for ``user`` with ``answers``; returns (submission, case)."""

    def run(user, form_key, answers=None):
        draft = draft_start(user=user, form=registry.get_form(form_key))
        draft.answers = ANSWERS[form_key]() if answers is None else answers
        draft.save(update_fields=["answers"])
        with django_capture_on_commit_callbacks(execute=True):
            submission = antraege.submission_create_from_draft(draft=draft, user=user)
        return submission, Case.objects.get(submission_id=submission.pk)

    return run
