import hashlib

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from jobcenter.casefiles.models import Case, DocumentVersion, TimelineEntry
from jobcenter.casefiles.services import IntakeError, case_intake
from jobcenter.core.arbeitstage import processing_due
from tests.casefiles.conftest import PDF, days_ago, make_submission, stored


def test_intake_creates_a_case_in_the_responsible_jobcenter(citizen, jobcenter):
    submission = make_submission(user=citizen)
    case = case_intake(submission=submission)
    assert case.jobcenter == jobcenter
    assert case.case_type.key == "neuantrag"
    assert case.status.key == "eingegangen"
    assert case.reference == submission.reference
    assert case.applicant.user == citizen
    assert case.bedarfsgemeinschaft is not None
    assert case.data == submission.answers
    assert case.topics[0][1] == "Angaben zur Person"
    # the standard in working days of the Jobcenter's Land, due at the end of the day
    assert timezone.localdate(case.due_at) == processing_due(
        case.received_at, case.case_type.processing_days, jobcenter.land)
    entry = case.timeline.get()
    assert entry.kind == TimelineEntry.Kind.STATUS
    assert "Antrag eingegangen" in entry.text
    assert entry.citizen_text


def test_intake_copies_documents_immutably_with_their_hash(citizen):
    submission = make_submission(user=citizen)
    case = case_intake(submission=submission)
    versions = DocumentVersion.objects.filter(document__case=case).order_by("pk")
    assert [v.document.document_type.key for v in versions] == [
        "eingangsbestaetigung", "antrag", "nachweis"]
    for version, source in zip(versions, [submission.receipt, submission.export,
                                           *submission.attachments], strict=True):
        assert version.sha256 == source.sha256
        assert version.storage_name != source.storage_name
        with default_storage.open(version.storage_name, "rb") as handle:
            assert hashlib.sha256(handle.read()).hexdigest() == source.sha256
    version = versions[0]
    version.size = 1
    with pytest.raises(ValueError):
        version.save()


def test_intake_is_idempotent(citizen):
    submission = make_submission(user=citizen)
    first = case_intake(submission=submission)
    second = case_intake(submission=submission)
    assert first.pk == second.pk
    assert Case.objects.count() == 1
    assert DocumentVersion.objects.count() == 3


def test_intake_refuses_a_file_whose_hash_does_not_match(citizen):
    bad = stored(PDF, "x.pdf", "application/pdf")
    from dataclasses import replace

    submission = make_submission(user=citizen, attachments=[replace(bad, sha256="0" * 64)])
    with pytest.raises(IntakeError):
        case_intake(submission=submission)
    assert Case.objects.count() == 0


@pytest.mark.parametrize(("form_key", "case_type"), [
    ("hauptantrag", "neuantrag"), ("weiterbewilligung", "weiterbewilligung"),
    ("veraenderung", "veraenderung"), ("erstausstattung", "erstausstattung")])
def test_intake_maps_the_form_to_the_case_type(citizen, form_key, case_type):
    case = case_intake(submission=make_submission(user=citizen, form_key=form_key,
                                                  nothing_changed=True))
    assert case.case_type.key == case_type
    assert case.nothing_changed is True


def test_intake_uses_the_standard_valid_on_the_day_of_receipt(citizen):
    import datetime as dt

    from jobcenter.casefiles.models import CaseType

    old = CaseType.objects.get(key="neuantrag")
    old.valid_to = dt.date.today() - dt.timedelta(days=11)
    old.save()
    CaseType.objects.create(key="neuantrag", title="Neuantrag", processing_days=10,
                            at_risk_days=3, valid_from=dt.date.today() - dt.timedelta(days=10))
    recent = case_intake(submission=make_submission(user=citizen))
    earlier = case_intake(submission=make_submission(user=citizen, submitted_at=days_ago(20)))
    assert recent.case_type.processing_days == 10
    assert earlier.case_type.processing_days == 15  # the seeded row, in working days


def test_the_event_subscription_is_registered():
    from jobcenter.casefiles.handlers import on_submission_received
    from jobcenter.core.events import handlers_for

    assert on_submission_received in handlers_for("submission.received")
