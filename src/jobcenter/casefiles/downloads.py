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
                 "application/json": ".json", "text/plain; charset=utf-8": ".txt",
                 }.get(version.content_type, "")
    response = FileResponse(
        default_storage.open(version.storage_name, "rb"),
        content_type=version.content_type,
        as_attachment=not inline,
        filename=f"dokument-{version.document_id}-v{version.number}{extension}",
    )
    response["Cache-Control"] = "private, no-store"
    return response


#: Plain-text documents (the Postfach's messages) are shown on the viewer page up to this size.
TEXT_VIEW_LIMIT = 64 * 1024


def document_text(version: DocumentVersion) -> str | None:
    """The text of a plain-text version for the viewer page (None for other types or when
    it is too large to show)."""
    if not version.content_type.startswith("text/plain") or version.size > TEXT_VIEW_LIMIT:
        return None
    with default_storage.open(version.storage_name, "rb") as handle:
        return handle.read().decode("utf-8", errors="replace")
