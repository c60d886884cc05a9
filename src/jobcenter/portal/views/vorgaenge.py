"""The citizen's side of the eAkte under /portal/vorgaenge/: one upload slot per item of a
Mitwirkung request and the download of a document. The case list, a case's page and the
document list moved to the portal's "Meine Anliegen" and "Dokumente" (``portal.views.anliegen``);
their old addresses redirect there."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from jobcenter.casefiles import selectors, services
from jobcenter.casefiles.downloads import document_version_response
from jobcenter.casefiles.forms import UploadForm
from jobcenter.casefiles.models import DocumentRequestItem
from jobcenter.core.access import citizen_required, get_scoped_or_404
from jobcenter.formengine.services import UploadRateLimited


@citizen_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    """Retired: "Meine Vorgänge" is now "Meine Anliegen" (portal)."""
    return redirect("portal:concerns", permanent=True)


@citizen_required
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Retired: a case's page is now its concern's page (by reference; 404 for others)."""
    case = selectors.case_for_citizen(request.user, pk)
    return redirect("portal:concern", reference=case.reference, permanent=True)


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
            return redirect("portal:concern", reference=item.request.case.reference)
    response = render(request, "casefiles/citizen/upload.html", {
        "item": item, "request_obj": item.request, "case": item.request.case, "form": form,
    }, status=429 if retry_after else 400 if form.is_bound and form.errors else 200)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


@citizen_required
@require_GET
def documents(request: HttpRequest) -> HttpResponse:
    """Retired: "Meine Dokumente und Bescheide" is now the portal's "Dokumente"."""
    return redirect("portal:documents", permanent=True)


@citizen_required
@require_GET
def document_download(request: HttpRequest, pk: int, version_pk: int) -> HttpResponse:
    version = selectors.document_version_for_citizen(request.user, case_pk=pk,
                                                     version_pk=version_pk)
    return document_version_response(version, inline=False)
