"""The citizen's Postfach: their conversations with the Jobcenter, a new message by topic,
a conversation with reply and attachments, the live update while it is open (htmx polling;
without JavaScript a reload shows the same), attachments and the Sendebestätigung."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages as flash
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from jobcenter.casefiles.downloads import document_version_response
from jobcenter.core.access import AuthenticatedHttpRequest, citizen_required
from jobcenter.core.pending import document_pending
from jobcenter.core.polling import without_session_renewal
from jobcenter.formengine.services import UploadRateLimited
from jobcenter.postfach import selectors, services
from jobcenter.postfach.forms import NewThreadForm, ReplyForm
from jobcenter.postfach.models import Thread


def _poll_seconds() -> int:
    """How often an open conversation asks for new messages (``POSTFACH_POLL_SECONDS``)."""
    return int(getattr(settings, "POSTFACH_POLL_SECONDS", 10))


@citizen_required
def inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    threads = list(selectors.threads_for_citizen(request.user))
    has_topics = selectors.topics_for(request.user.jobcenter_id).exists()
    return render(request, "postfach/citizen/inbox.html", {
        "threads": threads, "has_topics": has_topics, "jobcenter": request.user.jobcenter})


def _uploads_or_error(request: AuthenticatedHttpRequest, form: ReplyForm | NewThreadForm
                      ) -> list[services.CheckedUpload] | None:
    try:
        return services.uploads_check(form.cleaned_data["anhaenge"], user=request.user)
    except services.PostfachError as exc:
        form.add_error("anhaenge", str(exc))
    except UploadRateLimited as exc:
        form.add_error("anhaenge", " ".join(exc.messages))
    return None


@citizen_required
def new(request: AuthenticatedHttpRequest) -> HttpResponse:
    topics = selectors.topics_for(request.user.jobcenter_id)
    form = NewThreadForm(request.POST or None, request.FILES or None, topics=topics)
    if request.method == "POST" and form.is_valid():
        uploads = _uploads_or_error(request, form)
        if uploads is not None:
            try:
                message = services.thread_start_citizen(
                    citizen=request.user, topic=form.cleaned_data["topic"],
                    subject=form.cleaned_data["subject"], body=form.cleaned_data["body"],
                    key=form.cleaned_data["token"], uploads=uploads)
            except services.PostfachError as exc:
                form.add_error(None, str(exc))
            else:
                flash.success(request, _("Ihre Nachricht ist angekommen. Die "
                                         "Sendebestätigung finden Sie bei der Nachricht."))
                return redirect("postfach_citizen:thread", message.thread_id)
    return render(request, "postfach/citizen/new.html", {
        "form": form, "has_topics": topics.exists()}, status=400 if form.errors else 200)


def _thread_or_404(request: AuthenticatedHttpRequest, pk: int) -> Thread:
    thread = selectors.thread_for_citizen(request.user, pk)
    if thread is None:
        raise Http404
    return thread


@citizen_required
def thread(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    conversation = _thread_or_404(request, pk)
    form = ReplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploads = _uploads_or_error(request, form)
        if uploads is not None:
            try:
                services.message_send(thread=conversation, sender=request.user,
                                      body=form.cleaned_data["body"],
                                      key=form.cleaned_data["token"], uploads=uploads)
            except services.PostfachError as exc:
                form.add_error(None, str(exc))
            else:
                flash.success(request, _("Ihre Nachricht ist angekommen."))
                return redirect(reverse("postfach_citizen:thread", args=[pk]) + "#neueste")
    services.messages_mark_read(thread=conversation, reader=request.user)
    items = selectors.messages_of(conversation)
    return render(request, "postfach/citizen/thread.html", {
        "thread": conversation, "items": items, "form": form,
        "last_id": items[-1].pk if items else 0, "poll_seconds": _poll_seconds(),
    }, status=400 if form.errors else 200)


@citizen_required
def poll(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The live update of an open conversation: only the messages after ``nach``."""
    conversation = _thread_or_404(request, pk)
    raw = request.GET.get("nach", "")
    after = int(raw) if raw.isdigit() else 0
    services.messages_mark_read(thread=conversation, reader=request.user)
    items = selectors.messages_of(conversation, after=after)
    response = render(request, "postfach/includes/poll.html", {
        "thread": conversation, "items": items, "side": "citizen",
        "last_id": items[-1].pk if items else after, "poll_seconds": _poll_seconds(),
        "poll_url": reverse("postfach_citizen:poll", args=[pk]),
        "thread_url": reverse("postfach_citizen:thread", args=[pk]),
    })
    without_session_renewal(request)  # a poll is no activity: the idle timeout runs on
    return response


@citizen_required
def attachment(request: AuthenticatedHttpRequest, pk: int, attachment_pk: int
               ) -> FileResponse:
    found = selectors.attachment_for_citizen(request.user, pk, attachment_pk)
    if found is None:
        raise Http404
    response = document_version_response(found.document_version, inline=False)
    response["Content-Disposition"] = _disposition(found.name)
    return response


def _disposition(name: str) -> str:
    return content_disposition_header(True, name) or "attachment"


@citizen_required
def receipt(request: AuthenticatedHttpRequest, pk: int, message_pk: int) -> HttpResponse:
    """The Sendebestätigung (PDF/A) of one of the citizen's messages; "wird erstellt" while
    the background task renders it."""
    message = selectors.message_for_citizen(request.user, pk, message_pk)
    if message is None:
        raise Http404
    if not message.receipt_storage_name:
        return document_pending(
            request, title=_("Die Sendebestätigung wird erstellt"),
            back_url=reverse("postfach_citizen:thread", args=[pk]),
            back_label=_("Zurück zur Unterhaltung"))
    response = FileResponse(default_storage.open(message.receipt_storage_name, "rb"),
                            content_type="application/pdf", as_attachment=True,
                            filename=f"sendebestaetigung-{message.pk}.pdf")
    response["Cache-Control"] = "private, no-store"
    return response
