"""Mitwirkung (§§ 60 ff. SGB I): document requests with a deadline and the legal notice, the
citizen's uploads and overdue marks (the reminders before a deadline: ``casefiles.reminders``).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from jobcenter.accounts.models import User
from jobcenter.casefiles.models import (
    Case,
    DocumentRequest,
    DocumentRequestEvent,
    DocumentRequestItem,
    DocumentVersion,
    TimelineEntry,
)
from jobcenter.casefiles.services.cases import (
    CasefilesError,
    _notify_citizen,
    _today,
    case_set_status,
    document_type,
    timeline_add,
)
from jobcenter.casefiles.services.documents import _document_create, document_add_version
from jobcenter.core import datastand
from jobcenter.formengine import services as engine
from jobcenter.formengine import uploads

#: Shortest deadline a caseworker may set (an "angemessene Frist", § 66 Abs. 3 SGB I).
MIN_DEADLINE_DAYS = 7


#: Reminders are sent this many days before the deadline (and once as catch-up).


MAX_UPLOAD_BYTES = 10 * 1024 * 1024


MITWIRKUNG_INTRO = _(
    "Damit wir über Ihr Anliegen entscheiden können, brauchen wir noch Unterlagen oder "
    "Angaben von Ihnen. Bitte laden Sie sie bis zum %(deadline)s hoch."
)


def mitwirkung_legal_notice(deadline: dt.date) -> str:
    """Wording after §§ 60, 66, 67 SGB I: the duty, the consequence, the way back."""
    return _(
        "Nach § 60 Erstes Buch Sozialgesetzbuch (SGB I) müssen Sie alle Tatsachen angeben "
        "und alle Unterlagen vorlegen, die für die Leistung wichtig sind. "
        "Wenn Sie die angeforderten Unterlagen bis zum %(deadline)s nicht einreichen und "
        "wir deshalb nicht klären können, ob und in welcher Höhe Ihnen Leistungen zustehen, "
        "können wir die Leistung nach § 66 Absatz 1 SGB I ganz oder teilweise versagen oder "
        "entziehen, bis Sie die Mitwirkung nachholen. "
        "Reichen Sie die Unterlagen später nach, können wir die Leistung nach § 67 SGB I "
        "nachträglich ganz oder teilweise erbringen. "
        "Wenn Sie eine Unterlage nicht oder nicht rechtzeitig beschaffen können, melden Sie "
        "sich bitte bei uns – wir suchen gemeinsam eine Lösung."
    ) % {"deadline": formats.date_format(deadline, "SHORT_DATE_FORMAT")}


def upload_read(upload: object, *, user: User) -> tuple[bytes, str]:
    """Read and check an uploaded file with the form engine's upload service; returns
    (content, content type decided from the content).

    The account's upload rate limit counts it (``formengine.services.upload_rate_check``,
    raises ``UploadRateLimited``); ``formengine.uploads.sanitize`` accepts PDF, JPEG, PNG
    and HEIC (converted to JPEG) within the limits per type, decides the type from the
    bytes, re-encodes images (drops EXIF/GPS and anything appended) and refuses encrypted
    PDFs or PDFs with active content; the configured virus scanner refuses infected files,
    and a failed scan asks to try again.
    """

    engine.upload_rate_check(user=user)
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise CasefilesError(_("Die Datei ist größer als 10 MB. Bitte laden Sie eine kleinere "
                               "Datei hoch, zum Beispiel ein Foto in geringerer Auflösung."))
    content = upload.read(MAX_UPLOAD_BYTES + 1)  # type: ignore[attr-defined]
    if len(content) > MAX_UPLOAD_BYTES:
        raise CasefilesError(_("Die Datei ist größer als 10 MB. Bitte laden Sie eine kleinere "
                               "Datei hoch, zum Beispiel ein Foto in geringerer Auflösung."))
    if not content:
        raise CasefilesError(_("Die Datei ist leer. Bitte wählen Sie eine andere Datei."))
    try:
        clean = uploads.sanitize(content)
        engine.upload_scan(clean.content)
    except ValidationError as exc:
        raise CasefilesError(" ".join(str(m) for m in exc.messages)) from exc
    return clean.content, clean.content_type


@transaction.atomic
def document_request_create(
    *,
    case: Case,
    actor: User,
    deadline: dt.date,
    items: list[tuple[str, str]],
    message: str = "",
    expected_version: int | None = None,
    legal_notice: str | None = None,
) -> DocumentRequest:
    """Ask the citizen for documents or information (one upload slot per item).

    ``legal_notice`` replaces the Rechtsfolgenbelehrung of §§ 60, 66 SGB I where another
    consequence applies (the proofs for a § 41a SGB II final decision)."""
    today = _today()
    if deadline < today + dt.timedelta(days=MIN_DEADLINE_DAYS):
        raise CasefilesError(
            _("Die Frist muss mindestens %(days)s Tage in der Zukunft liegen, damit die "
              "Person angemessen Zeit hat (§ 66 Abs. 3 SGB I).") % {"days": MIN_DEADLINE_DAYS}
        )
    items = [(title.strip(), explanation.strip()) for title, explanation in items
             if title.strip()]
    if not items:
        raise CasefilesError(_("Bitte nennen Sie mindestens eine Unterlage."))
    request = DocumentRequest.objects.create(
        case=case, created_by=actor, deadline=deadline, message=message.strip(),
        legal_notice=legal_notice or mitwirkung_legal_notice(deadline),
    )
    created = DocumentRequestItem.objects.bulk_create(
        DocumentRequestItem(request=request, title=title[:200], explanation=explanation[:500])
        for title, explanation in items
    )
    datastand.changed(DocumentRequestItem, [item.pk for item in created])
    case_set_status(
        case=case, status_key="mitwirkung_angefordert", actor=actor,
        expected_version=expected_version, notify=False,  # the request's own notice follows
        citizen_text=_("Wir brauchen noch Unterlagen von Ihnen (Frist: %(deadline)s).")
        % {"deadline": deadline.strftime("%d.%m.%Y")},
    )
    timeline_add(
        case=case, kind=TimelineEntry.Kind.REQUEST, actor=actor,
        text=_("Mitwirkung angefordert: %(items)s (Frist %(deadline)s)")
        % {"items": ", ".join(title for title, _e in items),
           "deadline": deadline.strftime("%d.%m.%Y")},
    )
    DocumentRequestEvent.objects.create(request=request, kind=DocumentRequestEvent.Kind.NOTICE,
                                        on=today)
    _notify_citizen(case, template="document_request", key=f"request:{request.pk}:notice")
    return request


@transaction.atomic
def document_request_upload(
    *, item: DocumentRequestItem, user: User, upload: object
) -> DocumentVersion:
    """The citizen fills one slot. A second upload to the same slot is a new version.

    When every slot is filled the request is fulfilled and the case returns to the queue
    (status ``unterlagen_eingegangen``).
    """
    content, content_type = upload_read(upload, user=user)
    request = DocumentRequest.objects.select_for_update().select_related("case").get(
        pk=item.request_id
    )
    item = DocumentRequestItem.objects.select_for_update().get(pk=item.pk)
    case = request.case
    name = getattr(upload, "name", "") or item.title
    if item.document_id:
        version = document_add_version(document=item.document, content=content,
                                       content_type=content_type, actor=user)
    else:
        version = _document_create(
            case=case, title=f"{item.title} ({name})"[:200],
            doc_type=document_type("mitwirkung_nachweis"), content=content,
            content_type=content_type, actor=user,
        )
        item.document = version.document
        timeline_add(case=case, kind=TimelineEntry.Kind.DOCUMENT, actor=user,
                     text=_("Unterlage hochgeladen: %(title)s") % {"title": item.title})
    item.fulfilled_at = timezone.now()
    item.save(update_fields=["document", "fulfilled_at"])
    DocumentRequestEvent.objects.create(request=request, kind=DocumentRequestEvent.Kind.UPLOAD,
                                        on=_today(), detail=item.title[:200])
    if request.status != DocumentRequest.Status.FULFILLED and not request.items.filter(
        document__isnull=True
    ).exists():
        request.status = DocumentRequest.Status.FULFILLED
        request.fulfilled_at = timezone.now()
        request.save(update_fields=["status", "fulfilled_at"])
        DocumentRequestEvent.objects.get_or_create(
            request=request, kind=DocumentRequestEvent.Kind.FULFILLED, on=_today()
        )
        case_set_status(case=case, status_key="unterlagen_eingegangen", actor=user)
    return version


def document_requests_mark_overdue(*, today: dt.date | None = None) -> int:
    """Mark open requests whose deadline has passed; the caseworker sees them in the queue."""
    today = today or _today()
    marked = 0
    for request in DocumentRequest.objects.filter(
        status=DocumentRequest.Status.OPEN, deadline__lt=today
    ).select_related("case"):
        with transaction.atomic():
            updated = DocumentRequest.objects.filter(
                pk=request.pk, status=DocumentRequest.Status.OPEN
            ).update(status=DocumentRequest.Status.OVERDUE)
            if not updated:
                continue
            datastand.changed(DocumentRequest, instances=[request])
            DocumentRequestEvent.objects.get_or_create(
                request=request, kind=DocumentRequestEvent.Kind.OVERDUE, on=today
            )
            timeline_add(
                case=request.case, kind=TimelineEntry.Kind.REQUEST,
                text=_("Frist der Mitwirkungsaufforderung vom %(date)s abgelaufen")
                % {"date": timezone.localdate(request.created_at).strftime("%d.%m.%Y")},
                citizen_text=_("Die Frist für Ihre Unterlagen ist abgelaufen. Bitte reichen "
                               "Sie sie so bald wie möglich nach oder melden Sie sich bei uns."),
            )
        marked += 1
    return marked
