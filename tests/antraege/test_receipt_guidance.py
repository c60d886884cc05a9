"""The receipt tells the person from when the application counts (§ 37 SGB II), what happens
next and by when, and how to reach the Jobcenter — in their language; nothing runs past the
page margins (issue 12, item 6)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pypdf
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import formats, translation

from jobcenter.antraege import services
from jobcenter.formengine.services import upload_create
from tests.antraege.conftest import png_bytes
from tests.antraege.test_mapping import single_no_income

pytestmark = pytest.mark.django_db


def _pdf(submission) -> bytes:
    # the receipt is rendered after the submit, by the outbox task (antraege.tasks)
    services.receipt_render(submission_id=submission.pk)
    submission.refresh_from_db()
    with default_storage.open(submission.receipt_name, "rb") as handle:
        return handle.read()


def _text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_the_receipt_says_from_when_it_counts_what_comes_next_and_whom_to_call(
        citizen, make_draft):
    submission = services.submission_create_from_draft(draft=make_draft(citizen), user=citizen)
    text = _text(_pdf(submission))
    day = submission.received_on
    assert "Ab wann Ihr Antrag zählt" in text
    first = formats.date_format(day.replace(day=1), "DATE_FORMAT")  # "1. Dezember 2026"
    assert f"ab dem {first} zustehen" in text
    assert "§ 37 Abs. 2 SGB II" in text
    assert "Untätigkeitsklage" in text and "§ 88 Abs. 1 SGG" in text
    jobcenter = submission.jobcenter
    assert "So erreichen Sie Ihr Jobcenter" in text
    assert jobcenter.phone in text and jobcenter.street in text
    assert f"Referenz {submission.reference}" in text
    assert not re.search(r"\b\d{4}-\d\d-\d\d\b", text)  # no ISO date


def test_the_english_receipt_is_english_with_english_dates(citizen, make_draft):
    with translation.override("en"):
        submission = services.submission_create_from_draft(
            draft=make_draft(citizen), user=citizen)
    text = _text(_pdf(submission))
    assert "Confirmation of receipt" in text
    assert "When your application counts" in text
    assert "§ 37 (2) SGB II" in text
    assert re.search(r"\b\d\d/\d\d/\d{4}\b", text)  # 24/11/2026, not 24.11.2026
    assert not re.search(r"\b\d\d\.\d\d\.\d{4}\b", text)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_nothing_runs_past_the_right_margin(citizen, make_draft, tmp_path):
    """No word ends beyond the 2 cm right margin — with long answers without spaces and an
    upload whose SHA-256 used to run past it."""
    draft = make_draft(citizen, "erstausstattung", {})
    upload = upload_create(
        draft=draft, question_id="mutterpass",
        file=SimpleUploadedFile("mutterpass-seite-mit-dem-entbindungstermin-2027.png",
                                png_bytes(), content_type="image/png"),
    )
    draft.answers = {"anlaesse": ["schwangerschaft"], "geburt_entbindungstermin": "2027-02-01",
                     "geburt_bedarf": ["baby"], "mutterpass": [upload.pk]}
    draft.save()
    submission = services.submission_create_from_draft(draft=draft, user=citizen)
    assert _past_the_margin(_pdf(submission), tmp_path / "ea") == []

    answers = {**single_no_income(),
               "email": "eine.sehr.lange.adresse.ohne.leerzeichen@beispiel-jobcenter.example"}
    submission = services.submission_create_from_draft(
        draft=make_draft(citizen, answers=answers), user=citizen)
    assert _past_the_margin(_pdf(submission), tmp_path / "ha") == []


def _past_the_margin(pdf: bytes, tmp_path) -> list[str]:
    """Words whose right edge lies beyond the 2 cm right margin (pdftotext's word boxes)."""
    tmp_path.mkdir()
    (tmp_path / "r.pdf").write_bytes(pdf)
    boxes = subprocess.run(["pdftotext", "-bbox", str(tmp_path / "r.pdf"), "-"], check=True,
                           capture_output=True, text=True).stdout
    width = float(re.search(r'<page width="([\d.]+)"', boxes)[1])
    edge = width - 20 / 25.4 * 72 + 0.5  # 2 cm in points, half a point of slack
    return [f"{word} ({float(x_max):.1f} > {edge:.1f})"
            for x_max, word in re.findall(r'xMax="([\d.]+)"[^>]*>([^<]*)<', boxes)
            if float(x_max) > edge]
