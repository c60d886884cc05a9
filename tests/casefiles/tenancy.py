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
