"""Writes to the eAkte. Keyword-only, typed, atomic; views, tasks and other apps call these.

Public API used by other apps (``decisions``):
``case_set_status``, ``case_add_document``, ``timeline_add``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Iterable

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jobcenter.accounts.models import User
from jobcenter.antraege.intake import IntakeDocument, SubmissionForIntake
from jobcenter.casefiles.models import (
    Case,
    CaseType,
    Document,
    DocumentRequest,
    DocumentRequestEvent,
    DocumentRequestItem,
    DocumentType,
    DocumentVersion,
    InternalNote,
    StatusType,
    TimelineEntry,
)
from jobcenter.notifications.services import notify

#: Form key of a submission → case type key.
FORM_CASE_TYPES = {
    "hauptantrag": "neuantrag",
    "weiterbewilligung": "weiterbewilligung",
    "veraenderung": "veraenderung",
    "erstausstattung": "erstausstattung",
}


#: ``question_id`` under which ``antraege`` hands over the scan of a paper application.
PAPER_SCAN_QUESTION = "papierantrag"


class CasefilesError(Exception):
    """A write that cannot be done; the message is translated and safe to show."""


class IntakeError(CasefilesError):
    pass


class CaseConflict(CasefilesError):
    """The case changed since the editor loaded it (optimistic concurrency)."""

    def __init__(self, case: Case, expected_version: int) -> None:
        self.case = case
        self.expected_version = expected_version
        super().__init__(
            _("Jemand anderes hat diesen Fall inzwischen geändert. Ihre Eingaben sind noch "
              "da; bitte prüfen Sie die Änderungen und speichern Sie erneut.")
        )

    @property
    def changes(self) -> list[TimelineEntry]:
        return list(
            self.case.timeline.filter(case_version__gt=self.expected_version)
            .select_related("actor")
            .order_by("at", "pk")
        )


# --- Catalogue ------------------------------------------------------------------------


def _today() -> dt.date:
    return timezone.localdate()


def status_type(key: str, day: dt.date | None = None) -> StatusType:
    entry = StatusType.objects.entry(key, day or _today())
    if entry is None:
        raise CasefilesError(_("Der Status „%(key)s“ ist nicht (mehr) gültig.") % {"key": key})
    return entry


def case_type(key: str, day: dt.date | None = None) -> CaseType:
    entry = CaseType.objects.entry(key, day or _today())
    if entry is None:
        raise CasefilesError(
            _("Die Vorgangsart „%(key)s“ ist nicht (mehr) gültig.") % {"key": key}
        )
    return entry


def document_type(key: str, day: dt.date | None = None) -> DocumentType:
    entry = DocumentType.objects.entry(key, day or _today())
    if entry is None:
        raise CasefilesError(
            _("Die Dokumentart „%(key)s“ ist nicht (mehr) gültig.") % {"key": key}
        )
    return entry


def service_dates(*, kind: CaseType, received_at: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """(due_at, at_risk_at) for a case received at ``received_at``."""
    due_at = received_at + dt.timedelta(days=kind.processing_days)
    return due_at, due_at - dt.timedelta(days=kind.at_risk_days)


# --- Timeline and notifications -------------------------------------------------------


def timeline_add(
    *,
    case: Case,
    kind: str,
    text: str,
    actor: User | None = None,
    citizen_text: str | None = None,
    case_version: int | None = None,
) -> TimelineEntry:
    entry = _timeline_entry(case_id=case.pk, kind=kind, text=text, actor=actor,
                            citizen_text=citizen_text, case_version=case_version)
    entry.save(force_insert=True)
    return entry


def _timeline_entry(*, case_id: int, kind: str, text: str, actor: User | None,
                    citizen_text: str | None = None,
                    case_version: int | None = None) -> TimelineEntry:
    return TimelineEntry(
        case_id=case_id, kind=kind, text=text[:500], actor=actor,
        citizen_text=citizen_text[:500] if citizen_text else None, case_version=case_version,
    )


def timeline_add_many(
    *, case_ids: Iterable[int], kind: str, text: str, actor: User | None = None
) -> list[TimelineEntry]:
    """The same internal entry (no citizen text, so no notice) for many cases in one insert,
    e.g. the drafts of a mass recalculation."""
    entries = [_timeline_entry(case_id=case_id, kind=kind, text=text, actor=actor)
               for case_id in case_ids]
    return TimelineEntry.objects.bulk_create(entries)


def _notify_citizen(case: Case, *, template: str, key: str, link_path: str = "") -> None:
    """E-mail notice through ``notifications.notify``: sent after commit, once per ``key``,
    without personal data; only if the case has a citizen account with an e-mail address.
    The link leads to "Meine Anliegen" (``link_path`` to another page of their account); it
    names no case, as the mail names nothing of the citizen's."""
    user = case.applicant_user if case.applicant_user_id else None
    if user is None or not user.email:
        return
    notify(user=user, template=template, dedup_key=key,
           link_path=link_path or reverse("portal:concerns"))


# --- Documents ------------------------------------------------------------------------


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


# --- Intake ---------------------------------------------------------------------------


def _current_bg_id(person_id: int | None, day: dt.date) -> int | None:
    if person_id is None:
        return None
    from jobcenter.households.models import Membership

    return (
        Membership.objects.filter(person_id=person_id, valid_from__lte=day)
        .exclude(valid_to__lt=day)
        .order_by("-valid_from")
        .values_list("bedarfsgemeinschaft_id", flat=True)
        .first()
    )


def received_moment(submission: SubmissionForIntake) -> dt.datetime:
    """When the application reached the Jobcenter: the moment of submission, or for a
    paper application received on an earlier day the start of that day (the processing
    standard and the case's age count from the receipt, § 37 SGB II)."""
    moment = submission.submitted_at
    if submission.received_on is None:
        return moment
    day = timezone.localdate(moment) if timezone.is_aware(moment) else moment.date()
    if submission.received_on >= day:
        return moment
    start = dt.datetime.combine(submission.received_on, dt.time.min)
    return timezone.make_aware(start) if timezone.is_aware(moment) else start


def case_intake(*, submission: SubmissionForIntake) -> Case:
    """Turn a stored submission into a case of the responsible Jobcenter. Idempotent."""
    existing = Case.objects.filter(submission_id=submission.submission_id).first()
    if existing is not None:
        return existing
    try:
        kind_key = FORM_CASE_TYPES[submission.form_key]
    except KeyError as exc:
        raise IntakeError(f"no case type for form {submission.form_key!r}") from exc
    # Read and verify everything before writing anything.
    files = [
        (submission.receipt, "eingangsbestaetigung"),
        (submission.export, "antrag"),
        *[(attachment, "antrag_scan" if attachment.question_id == PAPER_SCAN_QUESTION
           else "nachweis") for attachment in submission.attachments],
    ]
    contents = [(doc, key, _read_verified(doc)) for doc, key in files]
    received_at = received_moment(submission)
    day = timezone.localdate(received_at) if timezone.is_aware(received_at) else received_at.date()
    kind = case_type(kind_key, day)
    due_at, at_risk_at = service_dates(kind=kind, received_at=received_at)
    initial = status_type("eingegangen", day)
    try:
        with transaction.atomic():
            case = Case.objects.create(
                jobcenter_id=submission.jobcenter_id,
                reference=submission.reference,
                case_type=kind,
                status=initial,
                applicant_id=submission.person_id,
                applicant_user_id=submission.user_id,
                bedarfsgemeinschaft_id=_current_bg_id(submission.person_id, day),
                submission_id=submission.submission_id,
                channel=submission.channel,
                form_key=submission.form_key,
                data=submission.answers,
                topics=[[key, title, [list(row) for row in rows]]
                        for key, title, rows in submission.topics],
                sgb2_request=submission.sgb2_request,
                nothing_changed=submission.nothing_changed,
                received_at=received_at,
                due_at=due_at,
                at_risk_at=at_risk_at,
            )
            for doc, key, content in contents:
                _document_create(
                    case=case, title=doc.title, doc_type=document_type(key, day),
                    content=content, content_type=doc.content_type, actor=None,
                    question_id=doc.question_id or "",
                )
            entry = timeline_add(
                case=case, kind=TimelineEntry.Kind.STATUS,
                text=_("Antrag eingegangen (%(channel)s)")
                % {"channel": case.get_channel_display()},
                citizen_text=initial.citizen_text, case_version=case.version,
            )
            if initial.notify_citizen:
                _notify_citizen(case, template="status_changed", key=f"status:{entry.pk}")
    except IntegrityError:
        # A concurrent run of the same intake won the race: return its case.
        existing = Case.objects.filter(submission_id=submission.submission_id).first()
        if existing is None:
            raise
        return existing
    return case


# --- Case edits (optimistic concurrency) ----------------------------------------------


def _bump(*, case: Case, expected_version: int | None, **fields: object) -> Case:
    """Update ``case`` if its version is still ``expected_version``; else CaseConflict."""
    qs = Case.objects.filter(pk=case.pk)
    if expected_version is not None:
        qs = qs.filter(version=expected_version)
    updated = qs.update(version=F("version") + 1, updated_at=timezone.now(), **fields)
    fresh = Case.objects.select_related("status", "assignee", "team", "case_type").get(
        pk=case.pk
    )
    if not updated:
        raise CaseConflict(fresh, expected_version or 0)
    return fresh


@transaction.atomic
def case_set_status(
    *,
    case: Case,
    status_key: str,
    actor: User | None,
    expected_version: int | None = None,
    citizen_text: str | None = None,
    notify: bool = True,
    notice_template: str = "status_changed",
    notice_link: str = "",
) -> Case:
    """Move ``case`` to status ``status_key``; the citizen sees ``citizen_text`` (or the
    status's own text) in their timeline and gets an e-mail notice if the status says so
    (``notify=False`` when the caller sends its own notice for the same occasion;
    ``notice_template``/``notice_link`` when the occasion has a more specific notice, e.g. a
    Bescheid in the account)."""
    new_status = status_type(status_key)
    old_title = case.status.title if case.status_id else ""
    fields: dict[str, object] = {"status": new_status}
    fields["closed_at"] = timezone.now() if new_status.is_final else None
    fresh = _bump(case=case, expected_version=expected_version, **fields)
    entry = timeline_add(
        case=fresh, kind=TimelineEntry.Kind.STATUS, actor=actor,
        text=_("Status: %(old)s → %(new)s") % {"old": old_title, "new": new_status.title},
        citizen_text=citizen_text or new_status.citizen_text, case_version=fresh.version,
    )
    if notify and new_status.notify_citizen:
        _notify_citizen(fresh, template=notice_template, key=f"status:{entry.pk}",
                        link_path=notice_link)
    # Callers holding ``case`` see the new state too.
    case.status, case.version, case.closed_at = fresh.status, fresh.version, fresh.closed_at
    return fresh


@transaction.atomic
def case_assign(
    *,
    case: Case,
    assignee: User | None,
    actor: User,
    expected_version: int | None = None,
    team_id: int | None | object = ...,
) -> Case:
    """Assign (or with ``assignee=None`` release) a case; ``team_id`` optionally moves it."""
    if assignee is not None and (
        assignee.jobcenter_id != case.jobcenter_id or not assignee.is_staff_member
    ):
        raise CasefilesError(_("Diese Person gehört nicht zu Ihrem Jobcenter."))
    fields: dict[str, object] = {"assignee": assignee}
    if team_id is not ...:
        fields["team_id"] = team_id
    elif assignee is not None and assignee.team_id:
        fields["team_id"] = assignee.team_id
    fresh = _bump(case=case, expected_version=expected_version, **fields)
    if assignee is None:
        text = _("Bearbeitung freigegeben durch %(actor)s") % {"actor": actor}
    elif assignee.pk == actor.pk:
        text = _("Übernommen von %(actor)s") % {"actor": actor}
    else:
        text = _("Zugewiesen an %(assignee)s durch %(actor)s") % {
            "assignee": assignee, "actor": actor}
    timeline_add(case=fresh, kind=TimelineEntry.Kind.ASSIGNMENT, actor=actor, text=text,
                 case_version=fresh.version)
    return fresh


@transaction.atomic
def cases_bulk_assign(*, cases: list[Case], assignee: User | None, actor: User) -> int:
    """Team lead: assign many cases at once (no version check: a deliberate override)."""
    for case in cases:
        case_assign(case=case, assignee=assignee, actor=actor)
    return len(cases)


@transaction.atomic
def note_add(*, case: Case, author: User, text: str) -> InternalNote:
    text = text.strip()
    if not text:
        raise CasefilesError(_("Bitte schreiben Sie eine Notiz."))
    note = InternalNote.objects.create(case=case, author=author, text=text)
    timeline_add(case=case, kind=TimelineEntry.Kind.NOTE, actor=author,
                 text=_("Interne Notiz von %(author)s") % {"author": author})
    return note


# --- Mitwirkung (§§ 60 ff. SGB I) ----------------------------------------------------

#: Shortest deadline a caseworker may set (an "angemessene Frist", § 66 Abs. 3 SGB I).
MIN_DEADLINE_DAYS = 7
#: Reminders are sent this many days before the deadline (and once as catch-up).
REMINDER_DAYS_BEFORE = (3, 1)
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
    ) % {"deadline": deadline.strftime("%d.%m.%Y")}


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
    from django.core.exceptions import ValidationError

    from jobcenter.formengine import services as engine
    from jobcenter.formengine import uploads

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
) -> DocumentRequest:
    """Ask the citizen for documents or information (one upload slot per item)."""
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
        legal_notice=mitwirkung_legal_notice(deadline),
    )
    DocumentRequestItem.objects.bulk_create(
        DocumentRequestItem(request=request, title=title[:200], explanation=explanation[:500])
        for title, explanation in items
    )
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


def document_requests_remind(*, today: dt.date | None = None) -> int:
    """Send due reminders; never two for the same request and day (event table)."""
    today = today or _today()
    horizon = today + dt.timedelta(days=max(REMINDER_DAYS_BEFORE))
    sent = 0
    candidates = DocumentRequest.objects.filter(
        status=DocumentRequest.Status.OPEN, deadline__gte=today, deadline__lte=horizon
    ).select_related("case__applicant_user").prefetch_related("events")
    for request in candidates:
        days_left = (request.deadline - today).days
        reminded_before = any(e.kind == DocumentRequestEvent.Kind.REMINDER
                              for e in request.events.all())
        if days_left not in REMINDER_DAYS_BEFORE and reminded_before:
            continue
        try:
            with transaction.atomic():
                DocumentRequestEvent.objects.create(
                    request=request, kind=DocumentRequestEvent.Kind.REMINDER, on=today
                )
                _notify_citizen(request.case, template="document_request_reminder",
                                key=f"request:{request.pk}:reminder:{today}")
        except IntegrityError:
            continue  # already reminded today
        sent += 1
    return sent


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
