"""The HTTP response of a Bescheid's PDF, shared by the staff pages (back office) and the
citizen's download (portal)."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import FileResponse

from jobcenter.decisions.models import Decision


def bescheid_pdf_response(decision: Decision) -> FileResponse:
    """A Bescheid's PDF/A as a download; the caller has fetched ``decision`` through its
    access check."""
    version = decision.document_version
    handle = default_storage.open(version.storage_name, "rb")
    response = FileResponse(handle, content_type="application/pdf", as_attachment=True,
                            filename=f"bescheid-{decision.case.reference}-{decision.pk}.pdf")
    response["X-Content-Type-Options"] = "nosniff"
    return response
