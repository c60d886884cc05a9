"""The real chain: antraege stores a submission → ``submission.received`` → eAkte case.

Uses the forms branch's services and ``submission_for_intake`` (no stand-ins)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jobcenter.antraege import services as antraege_services
from jobcenter.antraege.tasks import submission_received
from jobcenter.casefiles.models import Case, DocumentVersion
from tests.antraege.conftest import png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def make_draft():
    from jobcenter.formengine import registry
    from jobcenter.formengine.services import draft_start
    from tests.antraege.test_mapping import single_no_income

    def make(user, form_key="hauptantrag"):
        draft = draft_start(user=user, form=registry.get_form(form_key))
        draft.answers = single_no_income()
        draft.save(update_fields=["answers"])
        return draft

    return make


def test_an_online_submission_becomes_a_case_once(citizen, jobcenter, make_draft,
                                                  django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submission = antraege_services.submission_create_from_draft(
            draft=make_draft(citizen), user=citizen)
    case = Case.objects.get(submission_id=submission.pk)
    assert case.jobcenter == jobcenter
    assert case.reference == submission.reference
    assert case.case_type.key == "neuantrag"
    assert case.applicant_user == citizen
    assert case.topics  # grouped answers for the case view
    keys = sorted(DocumentVersion.objects.filter(document__case=case)
                  .values_list("document__document_type__key", flat=True))
    assert keys == ["antrag", "eingangsbestaetigung"]
    receipt = DocumentVersion.objects.get(document__case=case,
                                          document__document_type__key="eingangsbestaetigung")
    assert receipt.content_type == "application/pdf"
    # The task runs again (retry): nothing is created twice.
    from jobcenter.antraege.models import Submission

    Submission.objects.filter(pk=submission.pk).update(handed_over_at=None)
    submission_received(submission.pk)
    assert Case.objects.filter(submission_id=submission.pk).count() == 1
    assert DocumentVersion.objects.filter(document__case=case).count() == 2


def test_a_paper_submission_becomes_a_case_with_its_scan(caseworker, citizen,
                                                         django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submission = antraege_services.submission_create_paper(
            entered_by=caseworker, person=citizen.person, form_key="veraenderung",
            answers={"aenderungen": ["konto"], "aenderung_ab": "2026-11-01",
                     "iban": "DE02120300000000202051"},
            scan=SimpleUploadedFile("scan.png", png_bytes(), content_type="image/png"),
        )
    case = Case.objects.get(submission_id=submission.pk)
    assert case.channel == Case.Channel.PAPIER
    assert case.case_type.key == "veraenderung"
    scan = DocumentVersion.objects.get(document__case=case,
                                       document__document_type__key="antrag_scan")
    assert scan.content_type == "image/png"
