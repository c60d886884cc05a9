"""Documents of the eAkte: immutable, stored under a random name with their SHA-256; a change
is a new version.
"""

from __future__ import annotations

import hashlib
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from jobcenter.accounts.models import User
from jobcenter.antraege.intake import IntakeDocument
from jobcenter.casefiles.models import (
    Case,
    Document,
    DocumentType,
    DocumentVersion,
    TimelineEntry,
)
from jobcenter.casefiles.services.cases import IntakeError, document_type, timeline_add


def _store(*, case_id: int, content: bytes) -> str:
    name = f"eakte/{case_id}/{uuid.uuid4().hex}"
    return default_storage.save(name, ContentFile(content))


@transaction.atomic
def _document_create(
    *,
    case: Case,
    title: str,
    doc_type: DocumentType,
    content: bytes,
    content_type: str,
    actor: User | None,
    question_id: str = "",
    visible_to_citizen: bool = True,
) -> DocumentVersion:
    storage_name = _store(case_id=case.pk, content=content)
    document = Document.objects.create(
        case=case, document_type=doc_type, title=title[:200], question_id=question_id or "",
        visible_to_citizen=visible_to_citizen, created_by=actor,
    )
    return DocumentVersion.objects.create(
        document=document,
        number=1,
        storage_name=storage_name,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        content_type=content_type,
        created_by=actor,
    )


@transaction.atomic
def case_add_document(
    *,
    case: Case,
    title: str,
    document_type_key: str,
    content: bytes,
    content_type: str,
    actor: User | None,
    visible_to_citizen: bool = True,
    citizen_text: str | None = None,
) -> DocumentVersion:
    """Store ``content`` as a new immutable document of ``case`` (version 1)."""
    version = _document_create(
        case=case, title=title, doc_type=document_type(document_type_key), content=content,
        content_type=content_type, actor=actor, visible_to_citizen=visible_to_citizen,
    )
    timeline_add(
        case=case, kind=TimelineEntry.Kind.DOCUMENT, actor=actor, citizen_text=citizen_text,
        text=_("Dokument hinzugefügt: %(title)s") % {"title": version.document.title},
    )
    return version


@transaction.atomic
def document_add_version(
    *, document: Document, content: bytes, content_type: str, actor: User | None
) -> DocumentVersion:
    """A corrected or replaced content: a new version, the old one stays untouched."""
    locked = Document.objects.select_for_update().get(pk=document.pk)
    number = (locked.versions.order_by("-number").values_list("number", flat=True).first()
              or 0) + 1
    version = DocumentVersion.objects.create(
        document=locked, number=number,
        storage_name=_store(case_id=locked.case_id, content=content),
        sha256=hashlib.sha256(content).hexdigest(), size=len(content),
        content_type=content_type, created_by=actor,
    )
    timeline_add(
        case=locked.case, kind=TimelineEntry.Kind.DOCUMENT, actor=actor,
        text=_("Neue Version %(number)s von „%(title)s“")
        % {"number": number, "title": locked.title},
    )
    return version


def _read_verified(doc: IntakeDocument) -> bytes:
    try:
        with default_storage.open(doc.storage_name, "rb") as handle:
            content = handle.read()
    except FileNotFoundError as exc:
        raise IntakeError(f"intake file missing: {doc.storage_name}") from exc
    digest = hashlib.sha256(content).hexdigest()
    if digest != doc.sha256.lower() or len(content) != doc.size:
        raise IntakeError(f"intake file {doc.storage_name} does not match its SHA-256/size")
    return content
