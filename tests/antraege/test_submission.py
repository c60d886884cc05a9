"""Submission: exactly once, reference, receipt (PDF/A), export, fingerprint, e-mail, event."""

from __future__ import annotations

import io
import json
import re

import jsonschema
import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from jobcenter.antraege import receipt, services
from jobcenter.antraege.models import ReferenceCounter, Submission, SubmissionAttachment
from jobcenter.antraege.selectors import submission_for_intake
from jobcenter.formengine.models import Draft
from jobcenter.formengine.services import upload_create
from tests.antraege.conftest import png_bytes
from tests.casefiles.conftest import PDF
from tests.concurrency import run_at_once

pytestmark = pytest.mark.django_db


def read(name: str) -> bytes:
    with default_storage.open(name, "rb") as fh:
        return fh.read()


def test_submitting_a_draft_stores_one_submission_with_receipt_and_export(
    citizen, make_draft, received_events, django_capture_on_commit_callbacks
):
    draft = make_draft(citizen)

    with django_capture_on_commit_callbacks(execute=True):
        submission = services.submission_create_from_draft(draft=draft, user=citizen)

    assert re.fullmatch(r"JC-\d{4}-\d{6}", submission.reference)
    assert submission.channel == "online"
    assert submission.form_version == "2026.2"
    assert submission.answers["kaltmiete"] == "400.00"
    assert submission.sgb2_request["unterkunft"]["bruttokaltmiete"] == 480.0
    draft.refresh_from_db()
    assert draft.status == Draft.Status.SUBMITTED
    assert received_events == [submission.pk]


def test_a_repeated_submit_returns_the_same_submission_and_publishes_once(
    citizen, make_draft, received_events, django_capture_on_commit_callbacks
):
    draft = make_draft(citizen)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.submission_create_from_draft(draft=draft, user=citizen)
    with django_capture_on_commit_callbacks(execute=True):
        second = services.submission_create_from_draft(draft=draft, user=citizen)

    assert first.pk == second.pk
    assert Submission.objects.count() == 1
    assert received_events == [first.pk]
    assert len(mail.outbox) == 1


def test_the_task_run_twice_publishes_and_mails_once(
    citizen, make_draft, received_events, django_capture_on_commit_callbacks
):
    from jobcenter.antraege.tasks import submission_received

    with django_capture_on_commit_callbacks(execute=True):
        submission = services.submission_create_from_draft(draft=make_draft(citizen), user=citizen)
    submission_received(submission.pk)  # a retry or a duplicate delivery

    assert received_events == [submission.pk]
    assert len(mail.outbox) == 1


def test_the_email_notice_contains_the_reference_but_no_personal_data(
    citizen, make_draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submission = services.submission_create_from_draft(draft=make_draft(citizen), user=citizen)

    (message,) = mail.outbox
    assert message.to == ["alice@example.org"]
    text = message.subject + message.body
    assert submission.reference in text
    for personal in ("Alice", "Adler", "400", "480", "DE02", "1990", "AOK", "Weg 1"):
        assert personal not in text


def test_references_count_up_per_year_and_never_repeat(db):
    from django.db import transaction

    with transaction.atomic():
        refs = [services.reference_allocate(year=2026) for _ in range(3)]
        other = services.reference_allocate(year=2027)
    assert refs == ["JC-2026-000001", "JC-2026-000002", "JC-2026-000003"]
    assert other == "JC-2027-000001"
    assert ReferenceCounter.objects.get(year=2026).last == 3


def test_the_receipt_is_a_pdfa_with_reference_fingerprint_and_answers(
        citizen, make_draft, django_capture_on_commit_callbacks):
    import pypdf

    with django_capture_on_commit_callbacks(execute=True):  # the receipt renders after commit
        submission = services.submission_create_from_draft(draft=make_draft(citizen),
                                                           user=citizen)
    submission.refresh_from_db()
    pdf = read(submission.receipt_name)

    assert pdf.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    xmp = reader.xmp_metadata.stream.get_data().decode("utf-8")
    assert re.search(r"pdfaid:part[^0-9]*2", xmp)
    assert re.search(r"pdfaid:conformance[^A-Za-z]*A", xmp)  # PDF/A-2a: tagged
    text = " ".join(page.extract_text() for page in reader.pages)
    flat = re.sub(r"\s+", "", text)
    assert submission.reference in text
    assert submission.fingerprint in flat
    assert "Eingangsbestätigung" in text
    assert "Wohnung und Heizung" in text and "400,00 €" in text
    assert submission.receipt_sha256 == services._sha256(pdf)


def test_the_export_recomputes_to_the_fingerprint_and_detects_tampering(citizen, make_draft):
    submission = services.submission_create_from_draft(draft=make_draft(citizen), user=citizen)
    raw = read(submission.export_name)

    matches, recorded, recomputed = receipt.verify_export(raw)
    assert matches and recorded == recomputed == submission.fingerprint
    document = json.loads(raw)
    assert document["data"]["answers"] == submission.answers
    assert document["data"]["reference"] == submission.reference
    assert document["schema"] == "antraege/hauptantrag/2026.2"
    jsonschema.validate(document["data"]["answers"], document["answers_schema"])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"kaltmiete": "400"}, document["answers_schema"])

    document["data"]["answers"]["kaltmiete"] = "4.00"
    matches, _, _ = receipt.verify_export(json.dumps(document).encode())
    assert not matches


def test_canonical_json_is_key_order_independent_and_utf8():
    assert receipt.canonical_json({"b": 1, "a": "ä"}) == '{"a":"ä","b":1}'.encode()
    assert receipt.fingerprint({"a": 1, "b": 2}) == receipt.fingerprint({"b": 2, "a": 1})


def test_uploads_become_attachments_with_their_hash(citizen, make_draft):
    draft = make_draft(citizen, "erstausstattung", {})
    upload = upload_create(
        draft=draft,
        question_id="mutterpass",
        file=SimpleUploadedFile("mutterpass.png", png_bytes(), content_type="image/png"),
    )
    draft.answers = {
        "anlaesse": ["schwangerschaft"],
        "geburt_entbindungstermin": "2027-02-01",
        "geburt_bedarf": ["baby"],
        "mutterpass": [upload.pk],
    }
    draft.save()

    submission = services.submission_create_from_draft(draft=draft, user=citizen)

    (attachment,) = submission.attachments.all()
    content = read(attachment.storage_name)
    assert attachment.title == "mutterpass.png"
    assert attachment.sha256 == services._sha256(content) == upload.sha256
    assert attachment.storage_name != upload.storage_name  # our own copy
    assert submission.sgb2_request is None
    intake = submission_for_intake(submission.pk)
    assert intake.attachments[0].sha256 == upload.sha256
    assert intake.attachments[0].question_id == "mutterpass"
    schwangerschaft = {key: rows for key, _title, rows in intake.topics}["schwangerschaft"]
    assert (
        "Mutterpass (Seite mit dem Entbindungstermin) oder Geburtsurkunde",
        "mutterpass.png",
    ) in [tuple(r) for r in schwangerschaft]


def test_a_missing_upload_is_refused_with_a_message_and_nothing_is_stored(citizen, make_draft):
    draft = make_draft(
        citizen,
        "erstausstattung",
        {
            "anlaesse": ["schwangerschaft"],
            "geburt_entbindungstermin": "2027-02-01",
            "geburt_bedarf": ["baby"],
            "mutterpass": [999999],
        },
    )
    with pytest.raises(services.SubmissionError, match="hochgeladene Datei fehlt"):
        services.submission_create_from_draft(draft=draft, user=citizen)
    assert Submission.objects.count() == 0


def test_submission_for_intake_returns_the_contract(
        citizen, make_draft, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the receipt renders after commit
        submission = services.submission_create_from_draft(draft=make_draft(citizen),
                                                           user=citizen)
    intake = submission_for_intake(submission.pk)

    assert intake.reference == submission.reference
    assert intake.form_key == "hauptantrag"
    assert intake.channel == "online"
    assert intake.user_id == citizen.pk
    assert intake.person_id == citizen.person.pk
    assert intake.jobcenter_id == citizen.jobcenter_id
    assert intake.nothing_changed is False
    assert intake.sgb2_request == submission.sgb2_request
    assert intake.receipt.content_type == "application/pdf"
    assert intake.receipt.sha256 == services._sha256(read(intake.receipt.storage_name))
    assert intake.export.content_type == "application/json"
    keys = [key for key, _title, _rows in intake.topics]
    assert keys == ["person", "konto", "situation", "wohnung", "versicherung"]
    assert ("Vorname", "Alice") in intake.topics[0][2]


def test_wba_nothing_changed_is_flagged_and_maps_from_the_last_submission(citizen, make_draft):
    services.submission_create_from_draft(draft=make_draft(citizen), user=citizen)
    wba = services.submission_create_from_draft(
        draft=make_draft(citizen, "weiterbewilligung", {"etwas_geaendert": "nein"}), user=citizen
    )
    intake = submission_for_intake(wba.pk)
    assert intake.nothing_changed is True
    assert intake.sgb2_request["unterkunft"]["bruttokaltmiete"] == 480.0


def test_paper_submission_by_staff_stores_the_scan(
    caseworker, citizen, received_events, django_capture_on_commit_callbacks
):
    person = citizen.person
    scan = SimpleUploadedFile("scan.png", png_bytes(), content_type="image/png")
    with django_capture_on_commit_callbacks(execute=True):
        submission = services.submission_create_paper(
            entered_by=caseworker,
            person=person,
            form_key="veraenderung",
            answers={
                "aenderungen": ["konto"],
                "aenderung_ab": "2026-11-01",
                "iban": "DE02120300000000202051",
            },
            scan=scan,
        )
    assert submission.channel == "papier"
    assert submission.entered_by == caseworker
    assert submission.user == citizen
    assert submission.attachments.get().question_id == "papierantrag"
    assert received_events == [submission.pk]
    assert submission_for_intake(submission.pk).attachments[0].content_type == "image/png"


def test_paper_submission_refuses_other_jobcenters_and_non_scans(
    other_caseworker, caseworker, citizen
):
    scan = SimpleUploadedFile("scan.png", png_bytes())
    with pytest.raises(services.SubmissionError):
        services.submission_create_paper(
            entered_by=other_caseworker,
            person=citizen.person,
            form_key="hauptantrag",
            answers={},
            scan=scan,
        )
    with pytest.raises(services.SubmissionError, match="PDF-, JPEG- oder PNG"):
        services.submission_create_paper(
            entered_by=caseworker,
            person=citizen.person,
            form_key="hauptantrag",
            answers={},
            scan=SimpleUploadedFile("scan.pdf", b"MZ not a pdf"),
        )
    assert Submission.objects.count() == 0
    assert SubmissionAttachment.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_concurrent_submits_of_one_draft_create_one_submission(citizen, make_draft):
    if connection.vendor != "postgresql":
        pytest.skip("real row locks need PostgreSQL (SQLite serialises whole transactions)")
    draft = make_draft(citizen)
    results, errors = run_at_once(
        lambda: services.submission_create_from_draft(draft=draft, user=citizen).pk)
    assert errors == []
    assert len(set(results)) == 1 and len(results) == 4
    assert Submission.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_reference_allocation_never_repeats(db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL for concurrent transactions")
    from django.db import transaction

    def allocate() -> list[str]:
        refs = []
        for _ in range(5):
            with transaction.atomic():
                refs.append(services.reference_allocate(year=2030))
        return refs

    results, errors = run_at_once(allocate, threads=6)
    assert errors == []
    refs = [ref for batch in results for ref in batch]
    assert sorted(refs) == [f"JC-2030-{n:06d}" for n in range(1, 31)]


def test_paper_answers_are_checked_by_the_form_rules(caseworker, citizen):
    scan = SimpleUploadedFile("scan.png", png_bytes())
    with pytest.raises(services.PaperAnswersInvalid) as excinfo:
        services.submission_create_paper(
            entered_by=caseworker,
            person=citizen.person,
            form_key="veraenderung",
            answers={"aenderungen": ["konto"], "iban": "DE89370400440532013000"},
            scan=scan,
        )
    assert "aenderungen" in excinfo.value.problems  # "Seit wann?" is missing
    assert Submission.objects.count() == 0


def test_paper_erstausstattung_needs_no_upload_answer(caseworker, citizen):
    submission = services.submission_create_paper(
        entered_by=caseworker,
        person=citizen.person,
        form_key="erstausstattung",
        answers={
            "anlaesse": ["schwangerschaft"],
            "geburt_entbindungstermin": "2027-02-01",
            "geburt_bedarf": ["baby"],
            "unbekannt": "wird verworfen",
        },
        scan=SimpleUploadedFile("scan.pdf", PDF),
    )
    assert "unbekannt" not in submission.answers
    assert submission.attachments.get().content_type == "application/pdf"


@pytest.mark.parametrize("form_key", ["hauptantrag", "weiterbewilligung", "veraenderung"])
def test_the_answers_schema_is_a_valid_json_schema(form_key):
    from jobcenter.antraege.export_schema import answers_schema
    from jobcenter.formengine import registry

    schema = answers_schema(registry.get_form(form_key))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["properties"]["personen"]["items"]["properties"]["beziehung"]["enum"][0] == (
        "partner"
    )


def test_the_verify_command_accepts_the_export_and_rejects_a_changed_one(
    citizen, make_draft, tmp_path
):
    from django.core.management import CommandError, call_command

    submission = services.submission_create_from_draft(draft=make_draft(citizen), user=citizen)
    path = tmp_path / "export.json"
    path.write_bytes(read(submission.export_name))
    out = io.StringIO()
    call_command("antraege_verify", str(path), stdout=out)
    assert submission.fingerprint in out.getvalue()

    document = json.loads(path.read_bytes())
    document["data"]["answers"]["iban"] = "DE89370400440532013000"
    path.write_text(json.dumps(document))
    with pytest.raises(CommandError, match="verändert"):
        call_command("antraege_verify", str(path), stdout=io.StringIO())
