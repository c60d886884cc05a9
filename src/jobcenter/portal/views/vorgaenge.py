"""The citizen's view of their cases under /portal/vorgaenge/: status in plain language,
Mitwirkung tasks with one upload slot per item, and their documents and Bescheide."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from jobcenter.casefiles import selectors, services
from jobcenter.casefiles.downloads import document_version_response
from jobcenter.casefiles.forms import UploadForm
from jobcenter.casefiles.models import Document, DocumentRequestItem
from jobcenter.core.access import citizen_required, get_scoped_or_404, scope
from jobcenter.decisions.selectors import bescheide_for_citizen
from jobcenter.formengine.services import UploadRateLimited


@citizen_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    cases = list(selectors.cases_for_citizen(request.user))
    for case in cases:
        case.expected_decision = selectors.expected_decision_date(case)
    tasks = list(selectors.open_requests_for_citizen(request.user))
    return render(request, "casefiles/citizen/list.html", {"cases": cases, "tasks": tasks})


@citizen_required
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_for_citizen(request.user, pk)
    return render(request, "casefiles/citizen/case.html", {
        "case": case,
        "expected_decision": selectors.expected_decision_date(case),
        "timeline": selectors.timeline_for_citizen(case),
        "tasks": [r for r in selectors.open_requests_for_citizen(request.user)
                  if r.case_id == case.pk],
        "documents": [d for d in selectors.documents_of_case(case) if d.visible_to_citizen],
    })


@citizen_required
def item_upload(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """One upload slot of a Mitwirkung request (works without JavaScript)."""
    item = get_scoped_or_404(
        DocumentRequestItem.objects.select_related("request", "request__case"),
        request.user, pk=item_pk, request__case_id=pk,
    )
    form = UploadForm(request.POST or None, request.FILES or None)
    retry_after = None
    if request.method == "POST" and form.is_valid():
        try:
            services.document_request_upload(item=item, user=request.user,
                                             upload=form.cleaned_data["file"])
        except UploadRateLimited as exc:
            form.add_error("file", exc.messages[0])
            retry_after = exc.retry_after
        except services.CasefilesError as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(request, _("Danke! Ihre Datei „%(title)s“ ist bei uns angekommen.")
                             % {"title": item.title})
            return redirect("casefiles_citizen:case", pk=pk)
    response = render(request, "casefiles/citizen/upload.html", {
        "item": item, "request_obj": item.request, "case": item.request.case, "form": form,
    }, status=429 if retry_after else 400 if form.is_bound and form.errors else 200)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


@citizen_required
@require_GET
def documents(request: HttpRequest) -> HttpResponse:
    docs = (
        scope(Document.objects.all(), request.user)
        .filter(visible_to_citizen=True)
        .select_related("case", "document_type")
        .prefetch_related("versions")
        .order_by("-created_at", "-pk")
    )
    for doc in docs:
        versions = list(doc.versions.all())
        doc.latest = versions[-1] if versions else None
    return render(request, "casefiles/citizen/documents.html", {
        "documents": docs, "bescheide": _bescheide(request.user),
    })


def _bescheide(user: object) -> list:
    """The citizen's Bescheide (the ``decisions`` app) for the case page."""
    return list(bescheide_for_citizen(user))


@citizen_required
@require_GET
def document_download(request: HttpRequest, pk: int, version_pk: int) -> HttpResponse:
    version = selectors.document_version_for_citizen(request.user, case_pk=pk,
                                                     version_pk=version_pk)
    return document_version_response(version, inline=False)
