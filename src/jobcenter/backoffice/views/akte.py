"""Staff views of the eAkte (/arbeitsbereich/akte/). Thin: forms in, services/selectors out.

Cases and documents are read through the selectors, which read through
``transparency.reads`` (access check, fetch and access-log entry in one call).
"""

from __future__ import annotations

from csp.decorators import csp_replace
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST

from jobcenter.accounts.models import User
from jobcenter.accounts.services import assignable_staff
from jobcenter.anliegen import registry as anliegen_registry
from jobcenter.casefiles import selectors, services
from jobcenter.casefiles.downloads import document_text, document_version_response
from jobcenter.casefiles.forms import (
    AssignForm,
    DocumentRequestForm,
    NoteForm,
    QueueFilterForm,
    StatusForm,
)
from jobcenter.casefiles.models import Case
from jobcenter.core import datastand, pagecache
from jobcenter.core.access import CHANGE, Data, may, scope, staff_required
from jobcenter.core.redirects import safe_return_url
from jobcenter.core.request_memo import remembering
from jobcenter.decisions.selectors import decisions_for_case
from jobcenter.transparency.models import AccessLogEntry
from jobcenter.transparency.reads import cached_staff_page, staff_read_many

VIEWER_TYPES = {"application/pdf", "image/jpeg", "image/png"}


# --- Work queue ------------------------------------------------------------------------


def _queue_scopes(request: HttpRequest) -> list[str]:
    """The work queue shows the Jobcenter's cases (``caselist:``), its staff and teams."""
    user = request.user
    return [datastand.scope(datastand.CASELIST, user.jobcenter_id),
            *datastand.scopes_of_staff_member(user)]


@staff_required(Data.LEISTUNGSAKTE)
@require_GET
@cached_staff_page(_queue_scopes)
def queue(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = QueueFilterForm(request.GET or None, user=user)
    filters = form.filters()
    page = selectors.queue_page(user=user, filters=filters, page=request.GET.get("seite"))
    if form.errors or filters.change_with_time:
        pagecache.not_stored(request)
    else:
        changes = selectors.next_service_state_change(page.object_list)
        if changes is not None:
            pagecache.valid_until(request, changes)
    query = request.GET.copy()
    query.pop("seite", None)
    return render(request, "casefiles/queue.html", {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "is_teamlead": may(user, Data.ARBEITSVERTEILUNG, CHANGE),
        "staff": assignable_staff(jobcenter_id=user.jobcenter_id),
        "follow_ups_due": selectors.follow_ups_due_count(user=user),
        "can_match": may(user, Data.STAMMDATEN, CHANGE),
    })


@staff_required(Data.ARBEITSVERTEILUNG, CHANGE)
@require_POST
def bulk_assign(request: HttpRequest) -> HttpResponse:
    user = request.user
    queue_url = reverse("casefiles:queue")
    # Where to return (the queue with its filters) is settled before anything changes.
    back = safe_return_url(request.POST.get("zurueck"), default=queue_url, paths={queue_url})
    ids = [int(v) for v in request.POST.getlist("faelle") if v.isdigit()]
    cases = staff_read_many(
        user=user, queryset=Case.objects.select_related("applicant", "case_type")
        .filter(pk__in=ids), reading=selectors.CASE_IN_LIST,
        purpose=AccessLogEntry.Purpose.CASE_WORK)
    if not cases:
        messages.error(request, _("Bitte wählen Sie mindestens einen Fall aus."))
        return redirect(back)
    assignee = None
    raw = request.POST.get("zuweisen_an", "")
    if raw:
        assignee = assignable_staff(jobcenter_id=user.jobcenter_id).filter(
            pk=int(raw) if raw.isdigit() else 0).first()
        if assignee is None:
            messages.error(request, _("Bitte wählen Sie eine Person Ihres Jobcenters aus."))
            return redirect(back)
    count = services.cases_bulk_assign(cases=cases, assignee=assignee, actor=user)
    messages.success(request, ngettext("%(count)s Fall wurde neu zugewiesen.",
                                       "%(count)s Fälle wurden neu zugewiesen.", count)
                     % {"count": count})
    return redirect(back)


# --- Case view -------------------------------------------------------------------------


def _case_context(request: HttpRequest, case: Case, **forms: object) -> dict:
    user = request.user
    context = {
        "case": case,
        "documents": selectors.documents_of_case(case),
        "topics": selectors.case_topics(case),
        "timeline": selectors.timeline_for_staff(case),
        "notes": case.notes.select_related("author"),
        "requests": case.document_requests.prefetch_related("items").order_by("-created_at"),
        "members": selectors.case_members(case),
        "decisions": _decisions_for_case(case),
        "follow_ups": selectors.follow_ups_of(case=case),
        "assign_form": AssignForm(initial={"version": case.version,
                                           "assignee": case.assignee_id or ""},
                                  jobcenter_id=user.jobcenter_id),
        "status_form": StatusForm(initial={"version": case.version,
                                           "status": case.status.key}),
        "note_form": NoteForm(),
        "can_claim": case.assignee_id != user.pk,
        # a concern of the catalogue: answered on its own page (anliegen:decide)
        "concern": anliegen_registry.for_case_type(case.case_type.key),
    }
    context.update(forms)
    return context


def _render_case(request: HttpRequest, case: Case, *, status: int = 200,
                 **extra: object) -> HttpResponse:
    """``case`` was read (and logged) through ``selectors.case_for_staff``."""
    context = _case_context(request, case)
    context.update(extra)
    return render(request, "casefiles/case_detail.html", context, status=status)


def _decisions_for_case(case: Case) -> list:
    """The case's earlier decisions (the ``decisions`` app) for the case page."""
    return list(decisions_for_case(case))


def _case_scopes(request: HttpRequest, pk: int) -> list[str]:
    """The case page shows one case file (``case:``), the staff and teams."""
    return [datastand.scope(datastand.CASE, pk), *datastand.scopes_of_staff_member(request.user)]


@staff_required(Data.LEISTUNGSAKTE)
@csp_replace({"frame-src": ["'self'"], "object-src": ["'self'"]})
@cached_staff_page(_case_scopes)
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    with remembering():  # the access log and the page read the BG's members once
        case = selectors.case_for_staff(request.user, pk)
        changes = selectors.next_service_state_change([case])
        if changes is not None:
            pagecache.valid_until(request, changes)
        return _render_case(request, case)


def _conflict(request: HttpRequest, case: Case, exc: services.CaseConflict,
              form_name: str, form: object) -> HttpResponse:
    """Re-render the case with the user's own input kept and the other person's changes
    listed; the form now carries the current version so that saving again is deliberate."""
    fresh = selectors.case_for_staff(request.user, case.pk)
    data = form.data.copy()  # type: ignore[attr-defined]
    data["version"] = str(fresh.version)
    form.data = data  # type: ignore[attr-defined]
    return _render_case(request, fresh, status=409, conflict=exc,
                        conflict_changes=exc.changes, **{form_name: form})


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
@require_POST
@csp_replace({"frame-src": ["'self'"], "object-src": ["'self'"]})
def case_assign(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    case = selectors.case_for_staff(user, pk)
    claim = "uebernehmen" in request.POST
    form = AssignForm(request.POST, jobcenter_id=user.jobcenter_id)
    if not form.is_valid():
        return _render_case(request, case, status=400, assign_form=form)
    if claim:
        assignee: User | None = user
    elif form.cleaned_data["assignee"]:
        assignee = scope(User.objects.all(), user).get(pk=int(form.cleaned_data["assignee"]))
    else:
        assignee = None
    try:
        services.case_assign(case=case, assignee=assignee, actor=user,
                             expected_version=form.cleaned_data["version"])
    except services.CaseConflict as exc:
        return _conflict(request, case, exc, "assign_form", form)
    except services.CasefilesError as exc:
        form.add_error("assignee", str(exc))
        return _render_case(request, case, status=400, assign_form=form)
    messages.success(request, _("Die Zuständigkeit wurde gespeichert."))
    return redirect("casefiles:case", pk=case.pk)


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
@require_POST
@csp_replace({"frame-src": ["'self'"], "object-src": ["'self'"]})
def case_status(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    case = selectors.case_for_staff(user, pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        return _render_case(request, case, status=400, status_form=form)
    try:
        services.case_set_status(
            case=case, status_key=form.cleaned_data["status"], actor=user,
            expected_version=form.cleaned_data["version"],
            citizen_text=form.cleaned_data["citizen_text"] or None,
        )
    except services.CaseConflict as exc:
        return _conflict(request, case, exc, "status_form", form)
    messages.success(request, _("Der Status wurde gespeichert."))
    return redirect("casefiles:case", pk=case.pk)


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
@require_POST
@csp_replace({"frame-src": ["'self'"], "object-src": ["'self'"]})
def note_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_for_staff(request.user, pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _render_case(request, case, status=400, note_form=form)
    services.note_add(case=case, author=request.user, text=form.cleaned_data["text"],
                      category=form.cleaned_data["category"] or "allgemein")
    messages.success(request, _("Die Notiz wurde gespeichert."))
    return redirect("casefiles:case", pk=case.pk)


# --- Documents -------------------------------------------------------------------------


@staff_required(Data.DOKUMENTE)
@require_GET
@csp_replace({"frame-ancestors": ["'self'"]})
@xframe_options_sameorigin
def document_content(request: HttpRequest, pk: int, version_pk: int) -> HttpResponse:
    """One document version, inline for the viewer (access-checked and logged)."""
    version = selectors.document_version_for_staff(request.user, case_pk=pk,
                                                   version_pk=version_pk)
    return document_version_response(version, inline=version.content_type in VIEWER_TYPES)


@staff_required(Data.DOKUMENTE)
@require_GET
@csp_replace({"frame-src": ["'self'"], "object-src": ["'self'"]})
def document_detail(request: HttpRequest, pk: int, version_pk: int) -> HttpResponse:
    """A page with the inline viewer (PDF in an <object>/<iframe>, images as <img>)."""
    version = selectors.document_version_for_staff(request.user, case_pk=pk,
                                                   version_pk=version_pk)
    case = version.document.case
    return render(request, "casefiles/document_detail.html", {
        "case": case, "version": version, "document": version.document,
        "versions": version.document.versions.order_by("number"),
        "text": document_text(version),
    })


# --- Mitwirkung ------------------------------------------------------------------------


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
def request_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    case = selectors.case_for_staff(user, pk)
    form = DocumentRequestForm(request.POST or None, initial={"version": case.version})
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.document_request_create(
                case=case, actor=user, deadline=form.cleaned_data["deadline"],
                items=form.items(), message=form.cleaned_data["message"],
                expected_version=form.cleaned_data["version"],
            )
        except services.CaseConflict as exc:
            conflict = exc
            data = form.data.copy()
            data["version"] = str(exc.case.version)
            form = DocumentRequestForm(data)
            form.is_valid()
        except services.CasefilesError as exc:
            form.add_error("deadline", str(exc))
        else:
            messages.success(request, _("Die Aufforderung wurde gestellt. Die Person wird per "
                                        "E-Mail benachrichtigt und sieht sie in ihrem Konto."))
            return redirect("casefiles:case", pk=case.pk)
    deadline = None
    if form.is_bound and hasattr(form, "cleaned_data"):
        deadline = form.cleaned_data.get("deadline")
    deadline = deadline or form.initial.get("deadline") or DocumentRequestForm().initial[
        "deadline"]
    return render(request, "casefiles/request_create.html", {
        "case": case, "form": form, "conflict": conflict,
        "conflict_changes": conflict.changes if conflict else [],
        "legal_notice_example": services.mitwirkung_legal_notice(deadline),
    }, status=409 if conflict else 200)
