"""The HTTP response of an eAkte document version, shared by the staff viewer (back office)
and the citizen's download (portal)."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import FileResponse

from jobcenter.casefiles.models import DocumentVersion


def document_version_response(version: DocumentVersion, *, inline: bool) -> FileResponse:
    """A stored version of an eAkte document as a download (or inline for the viewer),
    never cached; the caller has fetched ``version`` through its access check."""
    extension = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png",
                 "application/json": ".json"}.get(version.content_type, "")
    response = FileResponse(
        default_storage.open(version.storage_name, "rb"),
        content_type=version.content_type,
        as_attachment=not inline,
        filename=f"dokument-{version.document_id}-v{version.number}{extension}",
    )
    response["Cache-Control"] = "private, no-store"
    return response
