"""Writes of the Postfach: starting a conversation (citizen or staff), replies, read state,
assignment and state, the service clock, Textbausteine and the Jobcenter's topics.

Every message is stored once (``Message.idempotency_key``: the form's one-time token, so a
double click or a retry returns the stored message) and, in the same transaction, filed in
the person's eAkte as an immutable document with its SHA-256 (``casefiles``), each
attachment as a document of its own. Uploads are read before the transaction by the
eAkte's upload check (``casefiles.services.upload_read``: type from the content, images
re-encoded, PDFs with active content refused, virus scan, the account's rate limit).

Using the Postfach changes nothing else of the account: the delivery choice for Bescheide
(``decisions.DeliveryPreference``) is never read or written here (§ 37 Abs. 2a SGB X needs
its own consent).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from jobcenter.accounts.models import User
from jobcenter.casefiles.services import (
    CasefilesError,
    case_add_document,
    correspondence_case,
    upload_read,
)
from jobcenter.core import arbeitstage, datastand
from jobcenter.core.arbeitstage import is_working_day, next_working_day
from jobcenter.households.models import Person
from jobcenter.jobcenters.models import Jobcenter, Team
from jobcenter.notifications.services import notify
from jobcenter.outbox.services import outbox_enqueue
from jobcenter.postfach.models import Attachment, Message, ReplyTemplate, Thread, Topic

if TYPE_CHECKING:
    from collections.abc import Sequence

MAX_BODY = 5000
MAX_ATTACHMENTS = 3


class PostfachError(Exception):
    """A write that cannot be done; the message is translated and safe to show."""


@dataclass(frozen=True)
class CheckedUpload:
    """An uploaded file after the eAkte's upload check (content as it will be stored)."""

    name: str
    content: bytes
    content_type: str


def uploads_check(files: Sequence[object], *, user: User) -> list[CheckedUpload]:
    """Check up to ``MAX_ATTACHMENTS`` uploads; PostfachError with the reason otherwise.
    Raises the form engine's ``UploadRateLimited`` unchanged (the view answers 429)."""
    if len(files) > MAX_ATTACHMENTS:
        raise PostfachError(_("Sie können höchstens %(count)s Dateien anhängen.")
                            % {"count": MAX_ATTACHMENTS})
    checked = []
    for upload in files:
        name = (getattr(upload, "name", "") or _("Anhang"))[:200]
        try:
            content, content_type = upload_read(upload, user=user)
        except CasefilesError as exc:
            raise PostfachError(_("„%(name)s“: %(reason)s") % {"name": name, "reason": exc}
                                ) from exc
        checked.append(CheckedUpload(name=name, content=content, content_type=content_type))
    return checked


# --- The service clock -----------------------------------------------------------------


def add_working_days(start: dt.datetime, days: int, jobcenter: Jobcenter) -> dt.datetime:
    """``start`` plus ``days`` working days (Monday to Friday without the public holidays of
    the Jobcenter's Land), at the same time of day in Europe/Berlin. A message that
    arrives on a weekend or holiday starts the clock on the next working day."""
    local = timezone.localtime(start)
    day = local.date()
    land, catholic = jobcenter.land, jobcenter.catholic_local_holidays
    if not is_working_day(day, land, catholic):
        day = next_working_day(day, land, catholic)
        local = local.replace(hour=8, minute=0, second=0, microsecond=0)
    day = arbeitstage.add_working_days(day, days, land, catholic)
    naive = dt.datetime.combine(day, local.time().replace(tzinfo=None))
    return timezone.make_aware(naive, timezone.get_current_timezone())


def is_overdue(thread: Thread, now: dt.datetime | None = None) -> bool:
    return (thread.due_at is not None
            and thread.state in (Thread.State.NEW, Thread.State.IN_PROGRESS)
            and thread.due_at < (now or timezone.now()))


# --- Messages --------------------------------------------------------------------------


def _document_text(thread: Thread, sender: User, body: str, at: dt.datetime) -> bytes:
    """The message as the eAkte keeps it: a plain-text document with its header (German,
    the language of the file)."""
    with override("de"):
        stamp = formats.date_format(timezone.localtime(at), "DATETIME_FORMAT")
        lines = [
            _("Nachricht im Postfach"),
            f"{_('Thema')}: {thread.topic.title}",
            f"{_('Betreff')}: {thread.subject}",
            f"{_('Von')}: {sender.get_full_name() or sender.email}",
            f"{_('Zeitpunkt')}: {stamp}",
            "",
            body,
        ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _clean_body(body: str) -> str:
    text = body.replace("\r\n", "\n").strip()
    if not text:
        raise PostfachError(_("Bitte schreiben Sie eine Nachricht."))
    if len(text) > MAX_BODY:
        raise PostfachError(_("Die Nachricht ist zu lang: höchstens %(max)s Zeichen.")
                            % {"max": MAX_BODY})
    return text


def _existing(key: uuid.UUID, sender: User) -> Message | None:
    found = Message.objects.filter(idempotency_key=key).select_related("thread").first()
    if found is None:
        return None
    if found.sender_id != sender.pk:  # a token is the sender's own; never reveal another's
        raise PostfachError(_("Das Formular ist abgelaufen. Bitte laden Sie die Seite neu."))
    return found


def _store_message(*, thread: Thread, sender: User, body: str, key: uuid.UUID,
                   uploads: Sequence[CheckedUpload]) -> Message:
    now = timezone.now()
    from_staff = sender.is_staff_member
    content = _document_text(thread, sender, body, now)
    with override("de"):
        doc_title = (_("Nachricht von %(name)s: %(subject)s") if not from_staff
                     else _("Nachricht an %(name)s: %(subject)s")) % {
            "name": thread.citizen.get_full_name() or thread.citizen.email,
            "subject": thread.subject}
    version = case_add_document(
        case=thread.case, title=doc_title,
        document_type_key="postfach_ausgang" if from_staff else "postfach_eingang",
        content=content, content_type="text/plain; charset=utf-8", actor=sender,
        visible_to_citizen=False,
    )
    message = Message.objects.create(
        thread=thread, sender=sender, from_staff=from_staff, body=body,
        sha256=hashlib.sha256(body.encode("utf-8")).hexdigest(), created_at=now,
        idempotency_key=key, document_version=version,
    )
    for upload in uploads:
        with override("de"):
            title = _("Anhang: %(name)s") % {"name": upload.name}
        att_version = case_add_document(
            case=thread.case, title=title,
            document_type_key="postfach_anhang_ausgang" if from_staff else "postfach_anhang",
            content=upload.content, content_type=upload.content_type, actor=sender,
            visible_to_citizen=False,
        )
        Attachment.objects.create(
            message=message, name=upload.name, content_type=upload.content_type,
            size=len(upload.content), sha256=att_version.sha256, document_version=att_version)
    Thread.objects.filter(pk=thread.pk).update(last_message_at=now)
    datastand.changed(Thread, instances=[thread])
    thread.last_message_at = now
    if not from_staff:
        from jobcenter.postfach.tasks import receipt_render

        outbox_enqueue(task=receipt_render,
                       kwargs={"message_id": message.pk, "language": (get_language() or "de")[:2]},
                       key=f"postfach.receipt:{message.pk}")
    return message


def _citizen_person(user: User) -> Person | None:
    return Person.objects.filter(user=user).first()


def _notify_citizen(message: Message) -> None:
    thread = message.thread
    if thread.citizen.email:
        notify(user=thread.citizen, template="postfach_message",
               dedup_key=f"postfach:message:{message.pk}",
               link_path=reverse("postfach_citizen:thread", args=[thread.pk]))


def thread_start_citizen(*, citizen: User, topic: Topic, subject: str, body: str,
                         key: uuid.UUID, uploads: Sequence[CheckedUpload] = ()) -> Message:
    """The citizen writes to their Jobcenter about ``topic``; routed to the topic's team,
    with the service clock started. Idempotent per ``key``."""
    found = _existing(key, citizen)
    if found is not None:
        return found
    if citizen.jobcenter_id is None or topic.jobcenter_id != citizen.jobcenter_id \
            or not topic.is_active:
        raise PostfachError(_("Bitte wählen Sie ein Thema aus der Liste."))
    subject = subject.strip()
    if not subject:
        raise PostfachError(_("Bitte geben Sie einen Betreff ein."))
    body = _clean_body(body)
    try:
        with transaction.atomic():
            person = _citizen_person(citizen)
            now = timezone.now()
            thread = Thread.objects.create(
                jobcenter_id=topic.jobcenter_id, citizen=citizen, person=person,
                case=correspondence_case(jobcenter_id=topic.jobcenter_id, user=citizen,
                                         person=person),
                topic=topic, team=topic.team, subject=subject[:150],
                state=Thread.State.NEW, last_message_at=now,
                due_at=add_working_days(now, topic.service_days, topic.jobcenter),
            )
            return _store_message(thread=thread, sender=citizen, body=body, key=key,
                                  uploads=uploads)
    except IntegrityError:  # the same token submitted twice at the same moment
        found = _existing(key, citizen)
        if found is None:
            raise
        return found


def thread_start_staff(*, staff: User, person: Person, topic: Topic, subject: str, body: str,
                       key: uuid.UUID, uploads: Sequence[CheckedUpload] = ()) -> Message:
    """Staff start a conversation (a Rückfrage) with a person of their Jobcenter who has an
    account; the person is notified. Idempotent per ``key``."""
    found = _existing(key, staff)
    if found is not None:
        return found
    if person.jobcenter_id != staff.jobcenter_id or topic.jobcenter_id != staff.jobcenter_id:
        raise PostfachError(_("Diese Person gehört nicht zu Ihrem Jobcenter."))
    citizen = person.user
    if citizen is None or not citizen.is_active:
        raise PostfachError(_("Diese Person hat kein Konto bei Jobcenter Online. Bitte "
                              "schreiben Sie ihr per Post."))
    subject = subject.strip()
    if not subject:
        raise PostfachError(_("Bitte geben Sie einen Betreff ein."))
    body = _clean_body(body)
    try:
        with transaction.atomic():
            now = timezone.now()
            thread = Thread.objects.create(
                jobcenter_id=staff.jobcenter_id, citizen=citizen, person=person,
                case=correspondence_case(jobcenter_id=staff.jobcenter_id, user=citizen,
                                         person=person),
                topic=topic, team=topic.team, subject=subject[:150],
                state=Thread.State.ANSWERED, assignee=staff, started_by_staff=True,
                last_message_at=now, due_at=None,
            )
            message = _store_message(thread=thread, sender=staff, body=body, key=key,
                                     uploads=uploads)
            _notify_citizen(message)
            return message
    except IntegrityError:
        found = _existing(key, staff)
        if found is None:
            raise
        return found


def message_send(*, thread: Thread, sender: User, body: str, key: uuid.UUID,
                 uploads: Sequence[CheckedUpload] = ()) -> Message:
    """A reply in ``thread`` by the citizen or by staff (the caller has checked access).

    A citizen's message (re)opens the thread as "neu" and starts the service clock again
    (unless it is already running); a staff reply makes it "beantwortet", stops the clock
    and notifies the citizen. Idempotent per ``key``."""
    found = _existing(key, sender)
    if found is not None:
        return found
    body = _clean_body(body)
    try:
        with transaction.atomic():
            locked = Thread.objects.select_for_update().select_related(
                "topic", "jobcenter", "citizen", "case").get(pk=thread.pk)
            message = _store_message(thread=locked, sender=sender, body=body, key=key,
                                     uploads=uploads)
            if sender.is_staff_member:
                Thread.objects.filter(pk=locked.pk).update(
                    state=Thread.State.ANSWERED, due_at=None,
                    assignee=locked.assignee or sender)
                datastand.changed(Thread, instances=[locked])
                _notify_citizen(message)
            else:
                reopen = locked.state in (Thread.State.ANSWERED, Thread.State.DONE)
                Thread.objects.filter(pk=locked.pk).update(
                    state=Thread.State.NEW if reopen else locked.state,
                    due_at=locked.due_at if locked.due_at and not reopen else add_working_days(
                        message.created_at, locked.topic.service_days, locked.jobcenter))
                datastand.changed(Thread, instances=[locked])
            return message
    except IntegrityError:
        found = _existing(key, sender)
        if found is None:
            raise
        return found


def messages_mark_read(*, thread: Thread, reader: User) -> int:
    """The reader has the thread open: the other side's messages are read now (once)."""
    marked = Message.objects.filter(
        thread=thread, from_staff=not reader.is_staff_member, read_at__isnull=True,
    ).update(read_at=timezone.now())
    if marked:
        datastand.changed(Thread, instances=[thread])
    return marked


@transaction.atomic
def thread_assign(*, thread: Thread, assignee: User | None, actor: User) -> Thread:
    if assignee is not None and (assignee.jobcenter_id != thread.jobcenter_id
                                 or not assignee.is_staff_member):
        raise PostfachError(_("Diese Person gehört nicht zu Ihrem Jobcenter."))
    locked = Thread.objects.select_for_update().get(pk=thread.pk)
    locked.assignee = assignee
    fields = ["assignee"]
    if assignee is not None and locked.state == Thread.State.NEW:
        locked.state = Thread.State.IN_PROGRESS
        fields.append("state")
    locked.save(update_fields=fields)
    return locked


@transaction.atomic
def thread_set_state(*, thread: Thread, state: str, actor: User) -> Thread:
    if state not in Thread.State.values:
        raise PostfachError(_("Bitte wählen Sie einen Stand aus der Liste."))
    locked = Thread.objects.select_for_update().select_related("topic", "jobcenter").get(
        pk=thread.pk)
    locked.state = state
    if state in (Thread.State.ANSWERED, Thread.State.DONE):
        locked.due_at = None
    elif locked.due_at is None:
        last = locked.messages.filter(from_staff=False).order_by("-created_at").first()
        start = last.created_at if last is not None else timezone.now()
        locked.due_at = add_working_days(start, locked.topic.service_days, locked.jobcenter)
    locked.save(update_fields=["state", "due_at"])
    return locked


# --- Textbausteine ---------------------------------------------------------------------

PLACEHOLDERS = ("anrede", "name", "sachbearbeitung", "jobcenter")


def salutation(person: Person | None, citizen: User) -> str:
    """The formal salutation in the reader's language (Person.sex decides the form)."""
    last = person.last_name if person is not None else citizen.last_name
    full = (f"{person.first_name} {person.last_name}" if person is not None
            else citizen.get_full_name()).strip()
    sex = person.sex if person is not None else Person.Sex.NONE
    if sex == Person.Sex.FEMALE and last:
        return _("Sehr geehrte Frau %(name)s,") % {"name": last}
    if sex == Person.Sex.MALE and last:
        return _("Sehr geehrter Herr %(name)s,") % {"name": last}
    if full:
        return _("Guten Tag %(name)s,") % {"name": full}
    return _("Guten Tag,")


def template_fill(template: ReplyTemplate, *, thread: Thread, staff: User) -> str:
    """The Textbaustein with its placeholders filled for this thread. Unknown braces stay
    as they are (the author sees them before sending)."""
    person = thread.person
    values = {
        "anrede": salutation(person, thread.citizen),
        "name": (f"{person.first_name} {person.last_name}" if person is not None
                 else thread.citizen.get_full_name()).strip(),
        "sachbearbeitung": staff.get_full_name() or staff.email,
        "jobcenter": thread.jobcenter.name,
    }
    text = template.body
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text


# --- Configuration by the Jobcenter admin ------------------------------------------------


@transaction.atomic
def topic_save(*, jobcenter: Jobcenter, topic: Topic | None, title: str, description: str,
               team: Team | None, service_days: int, is_active: bool, position: int) -> Topic:
    if team is not None and team.jobcenter_id != jobcenter.pk:
        raise PostfachError(_("Bitte wählen Sie ein Team Ihres Jobcenters."))
    same = Topic.objects.filter(jobcenter=jobcenter, title=title.strip())
    if (same.exclude(pk=topic.pk) if topic is not None else same).exists():
        raise PostfachError(_("Ein Thema mit diesem Namen gibt es schon."))
    target = topic or Topic(jobcenter=jobcenter)
    target.title, target.description = title.strip(), description.strip()
    target.team, target.service_days = team, service_days
    target.is_active, target.position = is_active, position
    target.save()
    return target


@transaction.atomic
def template_save(*, jobcenter: Jobcenter, template: ReplyTemplate | None, title: str,
                  body: str, is_active: bool) -> ReplyTemplate:
    same = ReplyTemplate.objects.filter(jobcenter=jobcenter, title=title.strip())
    if (same.exclude(pk=template.pk) if template is not None else same).exists():
        raise PostfachError(_("Einen Textbaustein mit diesem Namen gibt es schon."))
    target = template or ReplyTemplate(jobcenter=jobcenter)
    target.title, target.body, target.is_active = title.strip(), body.strip(), is_active
    target.save()
    return target
