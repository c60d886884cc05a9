"""Sample arguments for the tenancy registry (``tests/test_tenancy.py`` SAMPLE_KWARGS).

When the accounts branch's registry is merged, add::

    from tests.casefiles.tenancy import CASEFILES_SAMPLE_KWARGS
    SAMPLE_KWARGS.update(CASEFILES_SAMPLE_KWARGS)

Each entry builds (once per world) a case of Jobcenter A's citizen with its documents.
"""

from __future__ import annotations

from typing import Any

from jobcenter.casefiles.models import Case, DocumentVersion


def sample_case(world: Any) -> Case:
    from tests.casefiles.conftest import make_submission

    existing = Case.objects.filter(applicant_user=world.citizen).first()
    if existing is not None:
        return existing
    from jobcenter.casefiles.services import case_intake

    return case_intake(submission=make_submission(user=world.citizen))


def _case(world: Any) -> dict[str, int]:
    return {"pk": sample_case(world).pk}


def _document(world: Any) -> dict[str, int]:
    case = sample_case(world)
    version = DocumentVersion.objects.filter(document__case=case).order_by("pk").first()
    return {"pk": case.pk, "version_pk": version.pk}


CASEFILES_SAMPLE_KWARGS = {
    "casefiles:case": _case,
    "casefiles:case_assign": _case,
    "casefiles:case_status": _case,
    "casefiles:note_add": _case,
    "casefiles:request_create": _case,
    "casefiles:document": _document,
    "casefiles:document_content": _document,
}


def _calc_case(world: Any) -> dict[str, int]:
    return {"case_pk": sample_case(world).pk}


def _decision(world: Any) -> dict[str, int]:
    from jobcenter.decisions.models import Decision
    from jobcenter.decisions.services import decision_create
    from tests.decisions.conftest import sgb2_request

    case = sample_case(world)
    decision = Decision.objects.filter(case=case).first()
    if decision is None:
        from jobcenter.decisions.services import decision_finalize

        decision = decision_create(
            case=case, decision_type_key="bewilligung", actor=None, request=sgb2_request()
        )
        decision = decision_finalize(decision=decision, actor=None)  # issued: it has a PDF
    return {"pk": decision.pk}


DECISIONS_SAMPLE_KWARGS = {
    "decisions:calculation": _calc_case,
    "decisions:structure": _calc_case,
    "decisions:create": _calc_case,
    "decisions:detail": _decision,
    "decisions:finalize": _decision,
    "decisions:approve": _decision,
    "decisions:return": _decision,
    "decisions:discard": _decision,
    "decisions:pdf": _decision,
}


def sample_paper_entry(world: Any):
    """A paper application of Jobcenter A's person being entered by A's staff."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from jobcenter.antraege.models import PaperEntry
    from jobcenter.antraege.services import paper_entry_start
    from tests.casefiles.conftest import PDF

    existing = PaperEntry.objects.filter(person=world.person).first()
    if existing is not None:
        return existing
    return paper_entry_start(
        entered_by=world.staff, person=world.person, form_key="weiterbewilligung",
        received_on=timezone.localdate(),
        scan=SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf"),
    )


def _entry(world: Any) -> dict[str, Any]:
    return {"entry_id": sample_paper_entry(world).public_id}


PAPER_SAMPLE_KWARGS = {
    "paper:person": lambda w: {"pk": w.person.pk},
    "paper:entry": _entry,
    "paper:page": lambda w: {**_entry(w), "page_key": "aenderung"},
    "paper:summary": _entry,
    "paper:submit": _entry,
    "paper:discard": _entry,
    "paper:scan": _entry,
}
