"""Generic views: any registered form, one page at a time, for the citizen who owns the draft."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jobcenter.core.access import citizen_required, get_scoped_or_404
from jobcenter.formengine import registry, selectors, services
from jobcenter.formengine.definition import FormDefinition, Page, translate
from jobcenter.formengine.engine import (
    FieldError,
    check_answers,
    evaluate,
    first_input_id,
    html_id,
    parse_page,
)
from jobcenter.formengine.models import Draft, Upload
from jobcenter.formengine.presentation import page_fields, shown_names, summary_sections

HEAD_CSS = "css/formengine.css"


def _draft(request: HttpRequest, draft_id) -> Draft:
    return get_scoped_or_404(Draft.objects.all(), request.user, public_id=draft_id)


def _form_of(draft: Draft) -> FormDefinition:
    form = draft.definition
    if form is None:
        raise Http404("form definition no longer available")
    return form


def _page_url(draft: Draft, page_key: str, back_to_summary: bool = False) -> str:
    url = reverse("formengine:page", args=[draft.public_id, page_key])
    return url + ("?return=summary" if back_to_summary else "")


def _summary_url(draft: Draft) -> str:
    return reverse("formengine:summary", args=[draft.public_id])


def _submitted(request: HttpRequest, draft: Draft) -> HttpResponse:
    return render(request, "formengine/submitted.html", {"draft": draft, "form": draft.definition})


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
    if request.method == "POST":
        if existing is not None and request.POST.get("new") != "1":
            return redirect("formengine:resume", draft_id=existing.public_id)
        draft = services.draft_start(user=request.user, form=form)
        first = evaluate(form, draft.answers).pages[0]
        return redirect(_page_url(draft, first.key))
    return render(
        request,
        "formengine/start.html",
        {
            "form": form,
            "existing": existing,
            "title": translate(form.title),
            "description": translate(form.description),
        },
    )


@citizen_required
def resume(request: HttpRequest, draft_id) -> HttpResponse:
    draft = _draft(request, draft_id)
    if draft.status != Draft.Status.OPEN:
        return _submitted(request, draft)
    form = _form_of(draft)
    keys = evaluate(form, draft.answers).page_keys()
    target = draft.current_page if draft.current_page in keys else keys[0]
    return redirect(_page_url(draft, target))


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


def _progress(draft: Draft, form: FormDefinition, pages: list[Page], current: str | None) -> dict:
    reached = set(draft.reached_pages or [])
    steps = []
    for index, page in enumerate(pages, start=1):
        steps.append(
            {
                "number": index,
                "title": translate(page.title),
                "url": _page_url(draft, page.key) if page.key in reached else "",
                "current": page.key == current,
                "key": page.key,
            }
        )
    total = len(pages) + 1  # the pages plus "Angaben prüfen"
    number = next((s["number"] for s in steps if s["current"]), total)
    return {"steps": steps, "number": number, "total": total, "summary_current": current is None}


def _render_page(
    request: HttpRequest,
    draft: Draft,
    form: FormDefinition,
    page: Page,
    *,
    answers: dict,
    pending: dict,
    errors: list[FieldError],
    version: int,
    back_to_summary: bool,
    notice: str = "",
    conflict: bool = False,
    status: int = 200,
) -> HttpResponse:
    evaluation = evaluate(form, answers)
    uploads = selectors.uploads_for(draft)
    fields = page_fields(form, page, evaluation, answers, pending, errors, uploads)
    pages = evaluation.pages
    return render(
        request,
        "formengine/page.html",
        {
            "draft": draft,
            "form": form,
            "page": page,
            "page_title": translate(page.title),
            "intro": translate(page.intro),
            "form_title": translate(form.title),
            "fields": fields,
            "shown": shown_names(fields),
            "errors": errors,
            "version": version,
            "back_to_summary": back_to_summary,
            "notice": notice,
            "conflict": conflict,
            "progress": _progress(draft, form, pages, page.key),
            "is_first": pages and pages[0].key == page.key,
            "has_files": any(
                f.question.type == "file"
                or any(i.question.type == "file" for item in f.items for i in item["fields"])
                for f in fields
            ),
        },
        status=status,
    )


def _apply_uploads(
    request: HttpRequest, draft: Draft, form: FormDefinition, page: Page, answers: dict
) -> tuple[dict, list[FieldError]]:
    """Store the files sent with the page; returns the answers with their ids and errors."""
    answers = dict(answers)
    errors: list[FieldError] = []
    asked = evaluate(form, answers).questions.get(page.key, [])
    for q in asked:
        if q.type != "file":
            continue
        files = request.FILES.getlist(q.id)
        ids = list(answers.get(q.id) or [])
        for file in files:
            if len(ids) >= q.max_files:
                errors.append(
                    FieldError(
                        html_id(q.id),
                        q.id,
                        translate(q.label),
                        _("Sie können hier höchstens %(max)d Dateien hochladen.")
                        % {"max": q.max_files},
                    )
                )
                break
            try:
                upload = services.upload_create(draft=draft, question_id=q.id, file=file)
            except ValidationError as exc:
                for message in exc.messages:
                    errors.append(
                        FieldError(
                            html_id(q.id),
                            q.id,
                            translate(q.label),
                            _("%(name)s: %(message)s")
                            % {"name": file.name[:100], "message": message},
                        )
                    )
                continue
            if upload.pk not in ids:
                ids.append(upload.pk)
        if ids:
            answers[q.id] = ids
    return answers, errors


@citizen_required
@require_http_methods(["GET", "POST"])
def page(request: HttpRequest, draft_id, page_key: str) -> HttpResponse:
    draft = _draft(request, draft_id)
    if draft.status != Draft.Status.OPEN:
        return _submitted(request, draft)
    form = _form_of(draft)
    current = form.page(page_key)
    if current is None:
        raise Http404
    back_to_summary = (request.GET.get("return") or request.POST.get("_return")) == "summary"
    evaluation = evaluate(form, draft.answers)
    keys = evaluation.page_keys()
    if page_key not in keys:
        # Not asked under the current answers: go on to the next page that is.
        index = form.page_index(page_key)
        later = [p.key for p in form.pages[index + 1 :] if p.key in keys]
        return redirect(_page_url(draft, later[0]) if later else _summary_url(draft))

    if request.method == "GET":
        services.draft_touch_page(draft=draft, page_key=page_key)
        draft.refresh_from_db()
        return _render_page(
            request,
            draft,
            form,
            current,
            answers=draft.answers,
            pending=draft.pending_input or {},
            errors=[],
            version=draft.version,
            back_to_summary=back_to_summary,
        )

    action = request.POST.get("_action", "next")
    try:
        base_version = int(request.POST.get("_version", "0"))
    except ValueError:
        base_version = 0
    answers = dict(draft.answers)
    upload_errors: list[FieldError] = []
    if action.startswith("remove_upload:"):
        upload = Upload.objects.filter(
            pk=_int(action.split(":", 1)[1]), draft=draft, owner=request.user
        ).first()
        if upload is not None:
            services.upload_delete(upload=upload)
            draft.refresh_from_db()
            answers = dict(draft.answers)
            base_version = max(base_version, draft.version)
    if request.FILES:
        answers, upload_errors = _apply_uploads(request, draft, form, current, answers)
    validate = action == "next"
    result = parse_page(
        form,
        current,
        answers,
        _without_nul(request.POST),
        shown=set(request.POST.getlist("_shown")) if "_shown" in request.POST else None,
        validate=validate,
    )
    result.errors = upload_errors + result.errors
    stay = False
    anchor = ""
    if action.startswith("add:") or action.startswith("remove:"):
        stay = True
        parts = action.split(":")
        group = form.questions.get(parts[1]) if len(parts) > 1 else None
        if group is not None and group.is_group and group.page_key == current.key:
            items = list(result.answers.get(group.id) or [])
            if parts[0] == "add" and len(items) < group.group_max:
                items.append({})
                anchor = html_id(f"{group.id}-{len(items) - 1}")
            elif parts[0] == "remove" and len(parts) > 2 and 0 <= _int(parts[2]) < len(items):
                items.pop(_int(parts[2]))
                result.pending = {
                    k: v for k, v in result.pending.items() if not k.startswith(f"{group.id}-")
                }
                anchor = html_id(f"{group.id}-add")
            result.answers[group.id] = items
    elif action.startswith("upload:") or action.startswith("remove_upload:"):
        stay = True
        anchor = html_id(action.split(":", 1)[1]) if action.startswith("upload:") else ""

    after = evaluate(form, result.answers)
    keys = after.page_keys()
    position = keys.index(page_key) if page_key in keys else 0
    if stay or upload_errors or (action == "next" and not result.valid):
        target = page_key
    elif action == "back":
        target = keys[position - 1] if position > 0 else "__start__"
    elif back_to_summary:
        target = _first_incomplete(form, result.answers) or "__summary__"
    else:
        target = keys[position + 1] if position + 1 < len(keys) else "__summary__"

    try:
        draft = services.draft_save_page(
            draft=draft,
            page_key=page_key,
            result=result,
            base_version=base_version,
            next_page=target if not target.startswith("__") else page_key,
            force=request.POST.get("_overwrite") == "1",
        )
    except services.DraftConflict:
        draft.refresh_from_db()
        if draft.status != Draft.Status.OPEN:
            return _submitted(request, draft)
        return _render_page(
            request,
            draft,
            form,
            current,
            answers=result.answers,
            pending=result.pending,
            errors=[],
            version=draft.version,
            back_to_summary=back_to_summary,
            conflict=True,
            status=409,
        )

    if target == page_key and (stay or not result.valid or upload_errors):
        notice = ""
        if result.revealed and not result.errors:
            notice = _(
                "Aufgrund Ihrer Antwort haben wir weitere Fragen ergänzt. Bitte "
                "beantworten Sie diese."
            )
        if stay and not result.errors:
            url = _page_url(draft, page_key, back_to_summary)
            return redirect(url + (f"#{anchor}" if anchor else ""))
        return _render_page(
            request,
            draft,
            form,
            current,
            answers=draft.answers,
            pending=result.pending,
            errors=result.errors
            if action == "next" or upload_errors
            else [e for e in result.errors if e.name in result.pending],
            version=draft.version,
            back_to_summary=back_to_summary,
            notice=notice,
        )
    if target == "__summary__":
        return redirect(_summary_url(draft))
    if target == "__start__":
        return redirect("formengine:start", form_key=form.key)
    return redirect(_page_url(draft, target, back_to_summary and action == "next"))


def _int(text: str) -> int:
    try:
        return int(text)
    except (TypeError, ValueError):
        return -1


def _first_incomplete(form: FormDefinition, answers: dict) -> str | None:
    problems = check_answers(form, answers)
    for page in evaluate(form, answers).pages:
        if page.key in problems:
            return page.key
    return None


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
    form = _form_of(draft)
    evaluation = evaluate(form, draft.answers)
    uploads = selectors.uploads_for(draft)
    problems = check_answers(form, draft.answers)
    missing = [
        {
            "page": translate(p.title),
            "url": _page_url(draft, p.key, True),
            "errors": problems[p.key],
        }
        for p in evaluation.pages
        if p.key in problems
    ]
    return render(
        request,
        "formengine/summary.html",
        {
            "draft": draft,
            "form": form,
            "form_title": translate(form.title),
            "sections": summary_sections(draft, form, evaluation, uploads),
            "missing": missing,
            "preview": _preview(draft),
            "progress": _progress(draft, form, evaluation.pages, None),
            "scan_note": any(
                u.scan_status == Upload.ScanStatus.NOT_SCANNED for u in uploads.values()
            ),
        },
    )


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
        return redirect(_summary_url(draft))
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
    from django.core.files.storage import default_storage

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


def _without_nul(data: QueryDict) -> QueryDict:
    """The posted data without NUL characters: they carry no meaning in any answer, and
    PostgreSQL cannot store them in JSON (found by the Hypothesis fuzz test)."""
    clean = data.copy()
    for key in clean:
        clean.setlist(key, [value.replace("\x00", "") for value in clean.getlist(key)])
    return clean
