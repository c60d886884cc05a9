"""Generic views: any registered form, one page at a time, for the citizen who owns the draft."""

from __future__ import annotations

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jobcenter.core.access import citizen_required, get_scoped_or_404
from jobcenter.formengine import flow, registry, selectors, services
from jobcenter.formengine.definition import FormDefinition, translate
from jobcenter.formengine.engine import check_answers, first_input_id
from jobcenter.formengine.models import Draft, Upload

HEAD_CSS = "css/formengine.css"


def _draft(request: HttpRequest, draft_id) -> Draft:
    return get_scoped_or_404(Draft.objects.all(), request.user, public_id=draft_id)


def _form_of(draft: Draft) -> FormDefinition:
    form = draft.definition
    if form is None:
        raise Http404("form definition no longer available")
    return form


def _submitted(request: HttpRequest, draft: Draft) -> HttpResponse:
    return flow.CITIZEN.submitted(request, draft)


# --- list, start, resume, delete -------------------------------------------------------


@citizen_required
def draft_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "formengine/draft_list.html",
        {
            "drafts": selectors.draft_rows(request.user),
            "forms": [f for f in selectors.available_forms() if f is not None],
        },
    )


@citizen_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, form_key: str) -> HttpResponse:
    form = registry.get_form(form_key)
    if form is None:
        raise Http404
    existing = selectors.open_draft_for_form(request.user, form_key)
    check = registry.start_check(form_key, request.user)
    if check is not None and not check.allowed:
        return render(request, "formengine/start.html", {
            "form": form, "title": translate(form.title), "check": check, "existing": None,
        }, status=409 if request.method == "POST" else 200)
    if request.method == "POST":
        if existing is not None and request.POST.get("new") != "1":
            return redirect("formengine:resume", draft_id=existing.public_id)
        # a named start ("?anlass=arbeitsaufnahme") pre-selects registered answers
        preset = registry.start_preset(form_key, request.GET.get("anlass"))
        draft = services.draft_start(user=request.user, form=form, answers=preset)
        return redirect(flow.resume_url(flow.CITIZEN, draft, form))
    return render(
        request,
        "formengine/start.html",
        {
            "form": form,
            "existing": existing,
            "title": translate(form.title),
            "description": translate(form.description),
            "check": check,
        },
    )


@citizen_required
def resume(request: HttpRequest, draft_id) -> HttpResponse:
    draft = _draft(request, draft_id)
    if draft.status != Draft.Status.OPEN:
        return _submitted(request, draft)
    return redirect(flow.resume_url(flow.CITIZEN, draft, _form_of(draft)))


@citizen_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, draft_id) -> HttpResponse:
    draft = _draft(request, draft_id)
    if draft.status != Draft.Status.OPEN:
        return _submitted(request, draft)
    form = draft.definition
    if request.method == "POST":
        services.draft_delete(draft=draft)
        messages.success(request, _("Der Entwurf und seine Dateien wurden gelöscht."))
        return redirect("formengine:drafts")
    return render(
        request,
        "formengine/delete.html",
        {
            "draft": draft,
            "title": translate(form.title) if form else draft.form_key,
            "upload_count": draft.uploads.count(),
        },
    )


# --- one page --------------------------------------------------------------------------


@citizen_required
@require_http_methods(["GET", "POST"])
def page(request: HttpRequest, draft_id, page_key: str) -> HttpResponse:
    draft = _draft(request, draft_id)
    if draft.status != Draft.Status.OPEN:
        return _submitted(request, draft)
    return flow.page_response(request, flow.CITIZEN, draft, _form_of(draft), page_key)


# --- summary, declaration, submit ------------------------------------------------------


def _preview(draft: Draft):
    hook = registry.preview_hook(draft.form_key)
    if hook is None:
        return None
    result = hook(draft)
    if isinstance(result, str):
        return {"html": result}
    return result


@citizen_required
def summary(request: HttpRequest, draft_id) -> HttpResponse:
    draft = _draft(request, draft_id)
    if draft.status != Draft.Status.OPEN:
        return _submitted(request, draft)
    context = flow.summary_context(flow.CITIZEN, draft, _form_of(draft))
    context["preview"] = _preview(draft)
    return render(request, "formengine/summary.html", context)


@citizen_required
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest, draft_id) -> HttpResponse:
    draft = _draft(request, draft_id)
    form = _form_of(draft)
    handler = registry.submit_handler(draft.form_key)
    if draft.status != Draft.Status.OPEN:
        # A resubmission (back button, retry): the idempotent handler shows the result.
        if request.method == "POST" and handler is not None:
            return handler(draft, request)
        return _submitted(request, draft)
    problems = check_answers(form, draft.answers)
    if problems:
        messages.error(request, _("Bitte vervollständigen Sie zuerst Ihre Angaben."))
        return redirect(flow.CITIZEN.summary_url(draft))
    error = ""
    if request.method == "POST":
        if request.POST.get("declaration") != "1":
            error = _("Bitte bestätigen Sie die Erklärung, bevor Sie absenden.")
        elif handler is None:
            error = _(
                "Dieses Formular kann zurzeit nicht abgeschickt werden. Ihr Entwurf "
                "bleibt gespeichert; bitte versuchen Sie es später noch einmal."
            )
        else:
            return handler(draft, request)
    declaration = translate(form.declaration) or _(
        "Ich versichere, dass meine Angaben richtig und vollständig sind. Änderungen teile "
        "ich dem Jobcenter unverzüglich mit."
    )
    return render(
        request,
        "formengine/declaration.html",
        {
            "draft": draft,
            "form": form,
            "form_title": translate(form.title),
            "declaration": declaration,
            "error": error,
            "anchor": first_input_id,
        },
        status=200 if not error else 400,
    )


# --- files -----------------------------------------------------------------------------


@citizen_required
def upload_file(request: HttpRequest, upload_id) -> HttpResponse:
    upload = get_scoped_or_404(Upload.objects.all(), request.user, public_id=upload_id)
    try:
        handle = default_storage.open(upload.storage_name, "rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, content_type=upload.content_type, as_attachment=False, filename=upload.original_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
