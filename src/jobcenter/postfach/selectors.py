"""Reads of the Postfach. Citizens read their own threads through ``core.access.scope``;
staff read through ``transparency.reads`` (need-to-know ``nachrichten``, an access-log
entry per person shown) and see the threads of their team's topics — threads routed to no
team are everybody's; Teamleitung sees every thread of the Jobcenter.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from jobcenter.accounts.models import User
from jobcenter.core.access import Data, scope
from jobcenter.core.roles import Role
from jobcenter.postfach.models import Attachment, Message, ReplyTemplate, Thread, Topic
from jobcenter.transparency.models import AccessLogEntry
from jobcenter.transparency.reads import (
    Reading,
    Seen,
    staff_count,
    staff_read_one,
    staff_read_page,
)

What = AccessLogEntry.What
Purpose = AccessLogEntry.Purpose
INBOX_PAGE_SIZE = 25


def _thread_seen(thread: Thread) -> list[Seen]:
    person = thread.person
    return [Seen(person, thread, thread.subject)] if person is not None else []


#: The thread page (its messages and attachments) and a row of the inbox.
THREAD = Reading(data=Data.NACHRICHTEN, what=What.MESSAGES, seen=_thread_seen)
THREAD_IN_LIST = Reading(data=Data.NACHRICHTEN, what=What.MESSAGE_LIST, seen=_thread_seen)
ATTACHMENT = Reading(
    data=Data.NACHRICHTEN, what=What.DOCUMENT,
    seen=lambda a: [Seen(a.message.thread.person, a, a.name)]
    if a.message.thread.person_id else [],
)


def team_threads(user: User, queryset: QuerySet[Thread] | None = None) -> QuerySet[Thread]:
    """The threads ``user``'s team works on (before the tenant scope of the reads)."""
    qs = queryset if queryset is not None else Thread.objects.all()
    if user.role == Role.TEAMLEITUNG:
        return qs
    if user.team_id is None:
        return qs.filter(team__isnull=True)
    return qs.filter(Q(team_id=user.team_id) | Q(team__isnull=True))


@dataclass(frozen=True)
class InboxFilters:
    state: str = ""
    topic: int | None = None
    assigned: str = ""  # "" all, "ich" mine, "niemand" unassigned
    overdue: bool = False

    @classmethod
    def from_query(cls, query: Any) -> InboxFilters:
        state = query.get("stand", "")
        topic = query.get("thema", "")
        assigned = query.get("zugewiesen", "")
        return cls(
            state=state if state in Thread.State.values else "",
            topic=int(topic) if str(topic).isdigit() else None,
            assigned=assigned if assigned in ("ich", "niemand") else "",
            overdue=query.get("ueberfaellig") == "1",
        )


def _inbox_queryset(user: User, filters: InboxFilters) -> QuerySet[Thread]:
    qs = team_threads(user).select_related("topic", "team", "assignee", "person", "citizen")
    if filters.state:
        qs = qs.filter(state=filters.state)
    else:
        qs = qs.exclude(state=Thread.State.DONE)
    if filters.topic:
        qs = qs.filter(topic_id=filters.topic)
    if filters.assigned == "ich":
        qs = qs.filter(assignee=user)
    elif filters.assigned == "niemand":
        qs = qs.filter(assignee__isnull=True)
    if filters.overdue:
        qs = qs.filter(due_at__lt=timezone.now(),
                       state__in=(Thread.State.NEW, Thread.State.IN_PROGRESS))
    return qs.annotate(
        unread=Count("messages", filter=Q(messages__from_staff=False,
                                          messages__read_at__isnull=True)),
    ).order_by("due_at", "-last_message_at", "-pk")


def inbox_page(*, user: User, filters: InboxFilters, page: int | str | None) -> Page:
    """One page of the team's inbox, oldest due first; every person on it is logged."""
    return staff_read_page(user=user, queryset=_inbox_queryset(user, filters),
                           reading=THREAD_IN_LIST, purpose=Purpose.MAILBOX, page=page,
                           per_page=INBOX_PAGE_SIZE)


def unread_count_for_staff(user: User) -> int:
    """Threads of the team with a citizen message nobody has opened (a number: no entry)."""
    qs = team_threads(user).filter(messages__from_staff=False,
                                   messages__read_at__isnull=True).distinct()
    return staff_count(user=user, queryset=qs, data=Data.NACHRICHTEN)


def thread_for_staff(user: User, pk: int) -> Thread:
    """A thread of the team (404 otherwise), logged with purpose "Postfach"."""
    return staff_read_one(
        user=user,
        queryset=team_threads(user).select_related(
            "topic", "team", "assignee", "person", "citizen", "jobcenter", "case"),
        reading=THREAD, purpose=Purpose.MAILBOX, pk=pk,
    )


def attachment_for_staff(user: User, thread_pk: int, pk: int) -> Attachment:
    return staff_read_one(
        user=user,
        queryset=Attachment.objects.filter(
            message__thread__in=team_threads(user)).select_related(
            "document_version", "message__thread__person"),
        reading=ATTACHMENT, purpose=Purpose.MAILBOX, pk=pk, message__thread_id=thread_pk,
    )


def messages_of(thread: Thread, *, after: int | None = None) -> list[Message]:
    """The thread's messages (only those after the message ``after`` for the live update),
    with their senders and attachments. The caller has read ``thread`` through its check."""
    qs = Message.objects.filter(thread=thread).select_related("sender").prefetch_related(
        "attachments").order_by("created_at", "pk")
    if after is not None:
        qs = qs.filter(pk__gt=after)
    return list(qs)


# --- The citizen's side ------------------------------------------------------------------


def threads_for_citizen(user: User) -> QuerySet[Thread]:
    return scope(Thread.objects.all(), user).select_related("topic").annotate(
        unread=Count("messages", filter=Q(messages__from_staff=True,
                                          messages__read_at__isnull=True)),
    ).order_by("-last_message_at", "-pk")


def thread_for_citizen(user: User, pk: int) -> Thread | None:
    return scope(Thread.objects.all(), user).select_related(
        "topic", "jobcenter").filter(pk=pk).first()


def unread_for_citizen(user: User) -> list[Thread]:
    """The citizen's threads with an answer they have not opened yet."""
    return [t for t in threads_for_citizen(user) if getattr(t, "unread", 0)]


def attachment_for_citizen(user: User, thread_pk: int, pk: int) -> Attachment | None:
    return scope(Attachment.objects.all(), user).select_related("document_version").filter(
        pk=pk, message__thread_id=thread_pk).first()


def message_for_citizen(user: User, thread_pk: int, pk: int) -> Message | None:
    return scope(Message.objects.all(), user).filter(
        pk=pk, thread_id=thread_pk, from_staff=False).first()


def topics_for(jobcenter_id: int | None, *, active_only: bool = True) -> QuerySet[Topic]:
    if jobcenter_id is None:
        return Topic.objects.none()
    qs = Topic.objects.filter(jobcenter_id=jobcenter_id).select_related("team")
    return qs.filter(is_active=True) if active_only else qs


def templates_for(jobcenter_id: int | None, *, active_only: bool = True
                  ) -> QuerySet[ReplyTemplate]:
    if jobcenter_id is None:
        return ReplyTemplate.objects.none()
    qs = ReplyTemplate.objects.filter(jobcenter_id=jobcenter_id)
    return qs.filter(is_active=True) if active_only else qs
