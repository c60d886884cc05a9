"""One answer display: the same draft reads the same on every surface that shows answers.

The citizen confirms a text on "Angaben prüfen"; the receipt (text extracted from the PDF),
the citizen's application page, the eAkte (the caseworker's case page) and the readable part
of the JSON export must show exactly that text — in German and in English.
"""

from __future__ import annotations

import io
import json
import re
from html import unescape

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from jobcenter.antraege import selectors, services
from jobcenter.antraege.models import Submission
from jobcenter.casefiles.services import case_intake
from jobcenter.formengine import display, registry
from jobcenter.formengine.services import draft_start, upload_create
from tests.antraege.conftest import png_bytes
from tests.antraege.test_mapping import single_no_income
from tests.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _german_afterwards():
    """The test client activates the request's language in this thread: reset it after."""
    with translation.override("de"):
        yield


def _answers(upload_id: int) -> dict:
    answers = single_no_income()
    del answers["email"]  # optional, left out: "keine Angabe"
    answers.update(
        {
            "weitere_personen": True,
            "personen": [
                {
                    "person_vorname": "Clara",
                    "person_nachname": "Adler",
                    "person_geburtsdatum": "2016-07-08",
                    "beziehung": "kind",
                }
            ],
            "kindergeld_kinder": True,
            "einkommensarten": ["erwerb"],
            "erwerbseinkommen": [
                {
                    "ek_person": "selbst",
                    "ek_arbeitgeber": "Bäckerei Korn",
                    "ek_brutto": "1234.50",
                    "ek_netto": "987.65",
                }
            ],
            "mietvertrag": [upload_id],
        }
    )
    return answers


def _draft(citizen):
    draft = draft_start(user=citizen, form=registry.get_form("hauptantrag"))
    upload = upload_create(
        draft=draft,
        question_id="mietvertrag",
        file=SimpleUploadedFile("mietvertrag.png", png_bytes(), content_type="image/png"),
    )
    draft.answers = _answers(upload.pk)
    draft.save(update_fields=["answers"])
    return draft


def _text(fragment: str) -> str:
    without_links = re.sub(r"<a\b.*?</a>", " ", fragment, flags=re.S)
    plain = unescape(re.sub(r"<[^>]+>", " ", without_links))
    return re.sub(r"\s+", " ", plain).strip()


def _rows(html: str, start: str, end: str | None = None) -> list[tuple[str, str]]:
    """(label, value) of every description-list row between the markers ``start``/``end``."""
    part = html.split(start, 1)[1]
    if end:
        part = part.split(end, 1)[0]
    pairs = re.findall(r"<dt\b[^>]*>(.*?)</dt>\s*<dd\b[^>]*>(.*?)</dd>", part, flags=re.S)
    return [(_text(label), _text(value)) for label, value in pairs]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _read(name: str) -> bytes:
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def _receipt_text(submission: Submission) -> str:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(_read(submission.receipt_name)))
    # the receipt lets long words wrap with invisible zero-width spaces (receipt.typ)
    return "\n".join(page.extract_text() for page in reader.pages).replace("\u200b", "")


def _assert_rows_in_order(rows: list[tuple[str, str]], text: str) -> None:
    """Every row, label followed by its value, appears in ``text`` in this order (the PDF
    wraps long labels and values, so whitespace does not count)."""
    flat, position = _squash(text), 0
    for label, value in rows:
        found = flat.find(_squash(label + value), position)
        assert found >= 0, f"not on the receipt (in order): {label!r} → {value!r}"
        position = found


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "de",
            [
                ("Geburtsdatum", "01.05.1990"),
                ("E-Mail-Adresse (freiwillig)", "keine Angabe"),
                ("IBAN", "DE02 1203 0000 0000 2020 51"),
                ("Person 1: Geburtsdatum", "08.07.2016"),
                ("Beschäftigung 1: Bruttolohn im Monat", "1.234,50 €"),
                ("Kaltmiete im Monat", "400,00 €"),
                ("Mietvertrag (freiwillig jetzt hochladen)", "mietvertrag.png"),
            ],
        ),
        (
            "en",
            [
                ("Date of birth", "01/05/1990"),
                ("E-mail address (optional)", "not specified"),
                ("IBAN", "DE02 1203 0000 0000 2020 51"),
                ("Person 1: Date of birth", "08/07/2016"),
                ("Job 1: Gross pay per month", "€1,234.50"),
                ("Basic rent per month", "€400.00"),
                ("Tenancy agreement (optional upload now)", "mietvertrag.png"),
            ],
        ),
    ],
)
def test_every_surface_shows_the_same_answer_texts(
    client, citizen, caseworker, language, expected, django_capture_on_commit_callbacks
):
    draft = _draft(citizen)
    client.cookies["django_language"] = language

    # 1. "Angaben prüfen": what the citizen confirms.
    login(client, citizen)
    client.cookies["django_language"] = language
    summary_html = client.get(reverse("formengine:summary", args=[draft.public_id])).content
    summary_html = summary_html.decode()
    answers_part = summary_html.split('class="kern-card jc-fe-preview"')[0]  # not the preview
    summary = _rows(answers_part, '<section class="jc-fe-section"', 'name="declaration"')
    assert summary, "no answers on the summary page"
    for row in expected:
        assert row in summary, (row, summary)

    # 2. The receipt (PDF/A) of the submission made in that language.
    with translation.override(language), django_capture_on_commit_callbacks(execute=True):
        submission = services.submission_create_from_draft(draft=draft, user=citizen)
    submission.refresh_from_db()  # the receipt is rendered after commit
    _assert_rows_in_order(summary, _receipt_text(submission))

    # 3. The citizen's own page of the received application.
    detail = client.get(reverse("antraege:detail", kwargs={"reference": submission.reference}))
    assert _rows(detail.content.decode(), 'id="answers-title"') == summary

    # 4. The readable part of the JSON export.
    export = json.loads(_read(submission.export_name))
    assert export["display"]["language"] == language
    exported = [
        (row["label"], row["value"]) for topic in export["display"]["topics"]
        for row in topic["rows"]
    ]
    assert exported == summary

    # 5. The eAkte: the caseworker's case page, read in the same language.
    case = case_intake(submission=selectors.submission_for_intake(submission.pk))
    client.logout()
    login(client, caseworker)
    client.cookies["django_language"] = language
    page = client.get(reverse("casefiles:case", kwargs={"pk": case.pk})).content.decode()
    assert _rows(page, 'id="data-title"', 'id="docs-title"') == summary

    # The page titles are the same and in the same order everywhere.
    titles = re.findall(r'<h2 class="kern-heading-medium" id="sec-[^"]+">(.*?)</h2>', summary_html)
    assert [t["title"] for t in export["display"]["topics"]] == [unescape(t) for t in titles]


def test_a_paper_application_shows_no_file_questions_like_the_staff_summary(citizen):
    answers = _answers(0)
    del answers["mietvertrag"]
    form = registry.get_form("hauptantrag")
    online = selectors.answer_topics(form, answers, channel="online", file_names={})
    paper = selectors.answer_topics(form, answers, channel="papier", file_names={})
    online_labels = [label for _key, _title, rows in online for label, _value in rows]
    paper_labels = [label for _key, _title, rows in paper for label, _value in rows]
    assert "Mietvertrag (freiwillig jetzt hochladen)" in online_labels
    assert paper_labels == [
        label for label in online_labels if label != "Mietvertrag (freiwillig jetzt hochladen)"
    ]


@pytest.mark.parametrize(
    ("kind", "value", "german", "english"),
    [
        ("money", "1234567.5", "1.234.567,50 €", "€1,234,567.50"),
        ("number", 12.5, "12,5", "12.5"),
        ("date", "2026-02-01", "01.02.2026", "01/02/2026"),
        ("date", "not a date", "not a date", "not a date"),
        ("yes_no", True, "Ja", "Yes"),
        ("yes_no", False, "Nein", "No"),
        ("iban", "DE02120300000000202051", "DE02 1203 0000 0000 2020 51",
         "DE02 1203 0000 0000 2020 51"),
        ("address", {"street": "", "postcode": "11111", "city": "Alpha"}, "11111 Alpha",
         "11111 Alpha"),
        ("address", {"street": "", "postcode": "", "city": ""}, "keine Angabe",
         "not specified"),
        ("text", "", "keine Angabe", "not specified"),
        ("file", [7, 8], "a.pdf", "a.pdf"),  # an unknown upload id is never shown
        ("file", [8], "keine Angabe", "not specified"),
    ],
)
def test_answer_texts_per_type_and_language(kind, value, german, english):
    from jobcenter.formengine.definition import Question

    question = Question(id="q", type=kind, label={"de": "Frage"}, page_key="p")
    for language, text in (("de", german), ("en", english)):
        with translation.override(language):
            assert display.answer_text(question, value, file_names={7: "a.pdf"}) == text
