"""Fixtures of the eAkte tests: submissions for intake and ready-made cases."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import itertools

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from jobcenter.antraege.intake import IntakeDocument, SubmissionForIntake
from jobcenter.casefiles.services import case_intake
from jobcenter.households.models import Person


def _pdf() -> bytes:
    from pypdf import PdfWriter

    writer, buffer = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.write(buffer)
    return buffer.getvalue()


def _image(kind: str) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, kind)
    return buffer.getvalue()


PDF = _pdf()
PNG = _image("PNG")
JPEG = _image("JPEG")

_ids = itertools.count(1000)


def stored(content: bytes, title: str, content_type: str, question_id: str | None = None
           ) -> IntakeDocument:
    name = default_storage.save("antraege/test/upload", ContentFile(content))
    return IntakeDocument(
        title=title, content_type=content_type, sha256=hashlib.sha256(content).hexdigest(),
        storage_name=name, size=len(content), question_id=question_id,
    )


def make_submission(*, user=None, jobcenter=None, form_key="hauptantrag", submission_id=None,
                    submitted_at=None, attachments=None, nothing_changed=False,
                    channel="online") -> SubmissionForIntake:
    person = Person.objects.filter(user=user).first() if user is not None else None
    sid = submission_id or next(_ids)
    return SubmissionForIntake(
        submission_id=sid,
        reference=f"JC-2026-{sid:06d}",
        form_key=form_key,
        form_version="2026-01",
        channel=channel,
        user_id=user.pk if user is not None else None,
        person_id=person.pk if person else None,
        jobcenter_id=(jobcenter or user.jobcenter).pk,
        submitted_at=submitted_at or timezone.now(),
        answers={"person": {"vorname": "Alice"}, "wohnung": {"miete": 550}},
        topics=[("person", "Angaben zur Person", [("Vorname", "Alice")]),
                ("wohnung", "Wohnung", [("Miete", "550,00 €")])],
        sgb2_request={"monat": "2026-12"},
        nothing_changed=nothing_changed,
        receipt=stored(PDF, "Eingangsbestätigung", "application/pdf"),
        export=stored(b'{"a": 1}', "Antragsdaten", "application/json"),
        attachments=attachments if attachments is not None else [
            stored(PNG, "mietvertrag.png", "image/png", "wohnung.mietvertrag")],
    )


@pytest.fixture
def make_case(db):
    def factory(user=None, jobcenter=None, **kwargs):
        return case_intake(submission=make_submission(user=user, jobcenter=jobcenter, **kwargs))

    return factory


@pytest.fixture
def case(citizen, make_case):
    return make_case(user=citizen)


@pytest.fixture
def teamlead(jobcenter):
    from jobcenter.core.roles import Role
    from tests.factories import StaffFactory

    return StaffFactory(jobcenter=jobcenter, email="tina@alpha.example", role=Role.TEAMLEITUNG)


@pytest.fixture
def colleague(jobcenter):
    from jobcenter.core.roles import Role
    from tests.factories import StaffFactory

    return StaffFactory(jobcenter=jobcenter, email="dora@alpha.example", role=Role.LEISTUNG)


def days_ago(n: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=n)
