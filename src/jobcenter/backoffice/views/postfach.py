"""The staff side of the Postfach: the team's inbox with filters, a conversation with
reply (Textbausteine), assignment and state, the live update, attachments, a Rückfrage to a
person; and the Jobcenter admin's topics (routing to teams, service clock) and
Textbausteine. Every read of a conversation goes through ``postfach.selectors`` (access
log); writes through ``postfach.services``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages as flash
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jobcenter.accounts.models import User
from jobcenter.casefiles.downloads import document_version_response
from jobcenter.core.access import CHANGE, AuthenticatedHttpRequest, Data, scope, staff_required
from jobcenter.core.polling import without_session_renewal
from jobcenter.core.roles import Role
from jobcenter.formengine.services import UploadRateLimited
from jobcenter.households.selectors import person_for_staff
from jobcenter.jobcenters.models import Team
from jobcenter.postfach import selectors, services
from jobcenter.postfach.forms import (
    AssignForm,
    ReplyTemplateForm,
    StaffNewThreadForm,
    StaffReplyForm,
    StateForm,
    TopicForm,
)
from jobcenter.postfach.models import ReplyTemplate, Thread, Topic
from jobcenter.transparency.models import AccessLogEntry


def _poll_seconds() -> int:
    """How often an open conversation asks for new messages (``POSTFACH_POLL_SECONDS``)."""
    return int(getattr(settings, "POSTFACH_POLL_SECONDS", 10))


def _staff_of(user: User) -> Any:
    return scope(User.objects.all(), user).filter(
        role__in=(Role.LEISTUNG, Role.VERMITTLUNG, Role.TEAMLEITUNG), is_active=True,
    ).order_by("last_name", "first_name")


@staff_required(Data.NACHRICHTEN)
def inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    filters = selectors.InboxFilters.from_query(request.GET)
    page = selectors.inbox_page(user=request.user, filters=filters,
                                page=request.GET.get("seite"))
    query = request.GET.copy()
    query.pop("seite", None)
    return render(request, "postfach/staff/inbox.html", {
        "page": page, "filters": filters, "query": query.urlencode(),
        "states": Thread.State.choices,
        "topics": selectors.topics_for(request.user.jobcenter_id, active_only=False),
        "team": request.user.team, "sees_all": request.user.role == Role.TEAMLEITUNG,
    })


def _thread_page(request: AuthenticatedHttpRequest, thread: Thread,
                 form: StaffReplyForm | None = None, status: int = 200) -> HttpResponse:
    services.messages_mark_read(thread=thread, reader=request.user)
    templates = list(selectors.templates_for(request.user.jobcenter_id))
    if form is None:
        initial: dict[str, Any] = {}
        chosen = request.GET.get("baustein", "")
        if chosen.isdigit():
            template = next((t for t in templates if t.pk == int(chosen)), None)
            if template is not None:
                initial["body"] = services.template_fill(template, thread=thread,
                                                         staff=request.user)
        form = StaffReplyForm(initial=initial)
    items = selectors.messages_of(thread)
    return render(request, "postfach/staff/thread.html", {
        "thread": thread, "items": items, "form": form, "templates": templates,
        "assign_form": AssignForm(initial={"assignee": thread.assignee_id},
                                  staff=_staff_of(request.user)),
        "state_form": StateForm(initial={"state": thread.state}),
        "overdue": services.is_overdue(thread),
        "last_id": items[-1].pk if items else 0, "poll_seconds": _poll_seconds(),
    }, status=status)


@staff_required(Data.NACHRICHTEN)
def thread(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _thread_page(request, selectors.thread_for_staff(request.user, pk))


@staff_required(Data.NACHRICHTEN, CHANGE)
@require_POST
def reply(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    conversation = selectors.thread_for_staff(request.user, pk)
    form = StaffReplyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            uploads = services.uploads_check(form.cleaned_data["anhaenge"], user=request.user)
            services.message_send(thread=conversation, sender=request.user,
                                  body=form.cleaned_data["body"],
                                  key=form.cleaned_data["token"], uploads=uploads)
        except services.PostfachError as exc:
            form.add_error(None, str(exc))
        except UploadRateLimited as exc:
            form.add_error("anhaenge", " ".join(exc.messages))
        else:
            flash.success(request, _("Die Antwort ist versandt; die Person wird "
                                     "benachrichtigt."))
            return redirect(reverse("postfach:thread", args=[pk]) + "#neueste")
    return _thread_page(request, conversation, form=form, status=400)


@staff_required(Data.NACHRICHTEN)
def poll(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    conversation = selectors.thread_for_staff(request.user, pk)
    raw = request.GET.get("nach", "")
    after = int(raw) if raw.isdigit() else 0
    services.messages_mark_read(thread=conversation, reader=request.user)
    items = selectors.messages_of(conversation, after=after)
    response = render(request, "postfach/includes/poll.html", {
        "thread": conversation, "items": items, "side": "staff",
        "last_id": items[-1].pk if items else after, "poll_seconds": _poll_seconds(),
        "poll_url": reverse("postfach:poll", args=[pk]),
        "thread_url": reverse("postfach:thread", args=[pk]),
    })
    without_session_renewal(request)  # a poll is no activity: the idle timeout runs on
    return response


@staff_required(Data.NACHRICHTEN, CHANGE)
@require_POST
def assign(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    conversation = selectors.thread_for_staff(request.user, pk)
    form = AssignForm(request.POST, staff=_staff_of(request.user))
    if form.is_valid():
        try:
            services.thread_assign(thread=conversation, assignee=form.cleaned_data["assignee"],
                                   actor=request.user)
        except services.PostfachError as exc:
            flash.error(request, str(exc))
        else:
            flash.success(request, _("Die Zuständigkeit ist gespeichert."))
    else:
        flash.error(request, _("Bitte wählen Sie eine Person aus der Liste."))
    return redirect("postfach:thread", pk)


@staff_required(Data.NACHRICHTEN, CHANGE)
@require_POST
def state(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    conversation = selectors.thread_for_staff(request.user, pk)
    form = StateForm(request.POST)
    if form.is_valid():
        services.thread_set_state(thread=conversation, state=form.cleaned_data["state"],
                                  actor=request.user)
        flash.success(request, _("Der Stand ist gespeichert."))
    else:
        flash.error(request, _("Bitte wählen Sie einen Stand aus der Liste."))
    return redirect("postfach:thread", pk)


@staff_required(Data.NACHRICHTEN)
def attachment(request: AuthenticatedHttpRequest, pk: int, attachment_pk: int
               ) -> FileResponse:
    found = selectors.attachment_for_staff(request.user, pk, attachment_pk)
    response = document_version_response(found.document_version, inline=False)
    response["Content-Disposition"] = content_disposition_header(True, found.name) or ""
    return response


@staff_required(Data.NACHRICHTEN, CHANGE)
def new(request: AuthenticatedHttpRequest, person_pk: int) -> HttpResponse:
    """A Rückfrage: staff start a conversation with a person of their Jobcenter."""
    person = person_for_staff(request.user, person_pk,
                              purpose=AccessLogEntry.Purpose.MAILBOX)
    topics = selectors.topics_for(request.user.jobcenter_id)
    form = StaffNewThreadForm(request.POST or None, request.FILES or None, topics=topics)
    if request.method == "POST" and form.is_valid():
        try:
            uploads = services.uploads_check(form.cleaned_data["anhaenge"], user=request.user)
            message = services.thread_start_staff(
                staff=request.user, person=person, topic=form.cleaned_data["topic"],
                subject=form.cleaned_data["subject"], body=form.cleaned_data["body"],
                key=form.cleaned_data["token"], uploads=uploads)
        except services.PostfachError as exc:
            form.add_error(None, str(exc))
        except UploadRateLimited as exc:
            form.add_error("anhaenge", " ".join(exc.messages))
        else:
            flash.success(request, _("Die Nachricht ist versandt; die Person wird "
                                     "benachrichtigt."))
            return redirect("postfach:thread", message.thread_id)
    return render(request, "postfach/staff/new.html", {
        "form": form, "person": person, "has_account": person.user_id is not None,
    }, status=400 if form.errors else 200)


# --- Verwaltung: topics and routing, Textbausteine (the Jobcenter admin) -----------------


def _teams(user: User) -> Any:
    return scope(Team.objects.all(), user).order_by("name")


@staff_required(Data.KONTEN, CHANGE)
def topics(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
    """The topics citizens choose from, each routed to a team with its service clock."""
    user = request.user
    topic = get_object_or_404(scope(Topic.objects.all(), user), pk=pk) if pk else None
    form = TopicForm(request.POST or None, instance=topic, teams=_teams(user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.topic_save(
                jobcenter=user.jobcenter, topic=topic, title=data["title"],
                description=data["description"], team=data["team"],
                service_days=data["service_days"], is_active=data["is_active"],
                position=data["position"])
        except services.PostfachError as exc:
            form.add_error("title", str(exc))
        else:
            flash.success(request, _("Das Thema ist gespeichert."))
            return redirect("postfach_admin:topics")
    return render(request, "postfach/staff/topics.html", {
        "form": form, "topic": topic,
        "topics": selectors.topics_for(user.jobcenter_id, active_only=False),
    }, status=400 if form.errors else 200)


@staff_required(Data.KONTEN, CHANGE)
def templates(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
    """Textbausteine with placeholders that staff pick when they reply."""
    user = request.user
    template = (get_object_or_404(scope(ReplyTemplate.objects.all(), user), pk=pk)
                if pk else None)
    form = ReplyTemplateForm(request.POST or None, instance=template)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.template_save(jobcenter=user.jobcenter, template=template,
                                   title=data["title"], body=data["body"],
                                   is_active=data["is_active"])
        except services.PostfachError as exc:
            form.add_error("title", str(exc))
        else:
            flash.success(request, _("Der Textbaustein ist gespeichert."))
            return redirect("postfach_admin:templates")
    return render(request, "postfach/staff/templates.html", {
        "form": form, "template": template,
        "templates": selectors.templates_for(user.jobcenter_id, active_only=False),
    }, status=400 if form.errors else 200)
