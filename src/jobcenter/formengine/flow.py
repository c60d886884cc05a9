"""Walking through a draft page by page: shared by the citizen's own forms and by staff
entering a paper application (``antraege.staff_views``).

A :class:`Flow` says where its pages live (URLs), which templates wrap the shared page
and summary bodies, and what is asked (staff entering a paper form skip file questions:
the scan of the paper carries the documents). Everything else — parsing, validation,
conditional pages and questions, group entries, optimistic locking, "Zurück", returning
to the summary — is the same code for both.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from jobcenter.formengine import display, selectors, services
from jobcenter.formengine.definition import FormDefinition, Page, Question, translate
from jobcenter.formengine.engine import (
    Evaluation,
    FieldError,
    check_answers,
    evaluate,
    html_id,
    parse_page,
)
from jobcenter.formengine.models import Draft, Upload
from jobcenter.formengine.presentation import page_fields, shown_names, summary_sections


class Flow:
    """The citizen's flow (``/formulare/…``); subclass it for another kind of user."""

    page_template = "formengine/page.html"
    summary_template = "formengine/summary.html"
    #: False: file questions are neither shown nor required (paper entry by staff).
    ask_files = True
    #: False: the person typing is not the one the answers are about (paper entry by staff):
    #: no autocomplete token offers the typist's own name, birthday or address.
    own_data = True

    # --- where things are ---------------------------------------------------------------

    def page_url(self, draft: Draft, page_key: str, back_to_summary: bool = False) -> str:
        url = reverse("formengine:page", args=[draft.public_id, page_key])
        return url + ("?return=summary" if back_to_summary else "")

    def summary_url(self, draft: Draft) -> str:
        return reverse("formengine:summary", args=[draft.public_id])

    def before_first_url(self, draft: Draft, form: FormDefinition) -> str:
        """Where "Zurück" on the first page leads."""
        return reverse("formengine:start", kwargs={"form_key": form.key})

    def context(self, draft: Draft) -> dict[str, Any]:
        """Extra template context of every page and the summary."""
        return {}

    def reached(self, draft: Draft, page_key: str) -> None:
        services.draft_touch_page(draft=draft, page_key=page_key)

    def submitted(self, request: HttpRequest, draft: Draft) -> HttpResponse:
        return render(
            request, "formengine/submitted.html", {"draft": draft, "form": draft.definition}
        )

    # --- what is asked ------------------------------------------------------------------

    def asks(self, question: Question) -> bool:
        return display.asks(question, ask_files=self.ask_files)

    def pages(self, evaluation: Evaluation) -> list[Page]:
        """The pages asked under the answers (a page with nothing to ask is skipped)."""
        return display.asked_pages(evaluation, ask_files=self.ask_files)

    def keep(self, form: FormDefinition, errors: list[FieldError]) -> list[FieldError]:
        """The errors that concern questions this flow asks."""
        if self.ask_files:
            return errors
        files = {q.id for q in form.questions.values() if q.type == "file"}
        return [e for e in errors if e.name.split("-")[-1] not in files]

    def problems(self, form: FormDefinition, answers: dict) -> dict[str, list[FieldError]]:
        found = check_answers(form, answers).items()
        kept = {page: self.keep(form, errors) for page, errors in found}
        return {page: errors for page, errors in kept.items() if errors}


CITIZEN = Flow()


# --- one page --------------------------------------------------------------------------


def _progress(flow: Flow, draft: Draft, pages: list[Page], current: str | None) -> dict:
    reached = set(draft.reached_pages or [])
    steps = []
    for index, page in enumerate(pages, start=1):
        steps.append(
            {
                "number": index,
                "title": translate(page.title),
                "url": flow.page_url(draft, page.key) if page.key in reached else "",
                "current": page.key == current,
                "key": page.key,
            }
        )
    total = len(pages) + 1  # the pages plus "Angaben prüfen"
    number = next((s["number"] for s in steps if s["current"]), total)
    return {"steps": steps, "number": number, "total": total, "summary_current": current is None}


def _render_page(
    request: HttpRequest,
    flow: Flow,
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
    every = page_fields(form, page, evaluation, answers, pending, errors, uploads,
                        own_data=flow.own_data)
    fields = [f for f in every if flow.asks(f.question)]
    pages = flow.pages(evaluation)
    return render(
        request,
        flow.page_template,
        {
            "draft": draft,
            "form": form,
            "page": page,
            "page_title": translate(page.title),
            "intro": translate(page.intro),
            "form_title": translate(form.title),
            "fields": fields,
            # Questions this flow does not ask count as shown, so that they are not
            # "revealed" again on every save.
            "shown": shown_names(every),
            "errors": errors,
            "version": version,
            "back_to_summary": back_to_summary,
            "notice": notice,
            "conflict": conflict,
            "progress": _progress(flow, draft, pages, page.key),
            "is_first": bool(pages) and pages[0].key == page.key,
            "has_files": any(
                f.question.type == "file"
                or any(i.question.type == "file" for item in f.items for i in item["fields"])
                for f in fields
            ),
            **flow.context(draft),
        },
        status=status,
    )


def _apply_uploads(
    request: HttpRequest, draft: Draft, form: FormDefinition, page: Page, answers: dict
) -> tuple[dict, list[FieldError], int | None]:
    """Store the files sent with the page; returns the answers with their ids, errors and,
    when the account's upload rate limit was reached, the seconds until it lifts."""
    answers = dict(answers)
    errors: list[FieldError] = []
    retry_after = None
    asked = evaluate(form, answers).questions.get(page.key, [])
    for q in asked:
        if q.type != "file":
            continue
        files = request.FILES.getlist(q.id)
        ids = list(answers.get(q.id) or [])
        for file in files:
            if retry_after is not None:
                break
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
            except services.UploadRateLimited as exc:
                retry_after = exc.retry_after
                errors.append(FieldError(html_id(q.id), q.id, translate(q.label),
                                         exc.messages[0]))
                break
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
    return answers, errors, retry_after


def page_response(
    request: HttpRequest, flow: Flow, draft: Draft, form: FormDefinition, page_key: str
) -> HttpResponse:
    """GET shows the page; POST saves it and moves on (or shows it again with errors).

    The caller has fetched ``draft`` with its access check and made sure it is open.
    """
    current = form.page(page_key)
    if current is None:
        from django.http import Http404

        raise Http404
    back_to_summary = (request.GET.get("return") or request.POST.get("_return")) == "summary"
    keys = [p.key for p in flow.pages(evaluate(form, draft.answers))]
    if page_key not in keys:
        # Not asked under the current answers: go on to the next page that is.
        index = form.page_index(page_key)
        later = [p.key for p in form.pages[index + 1 :] if p.key in keys]
        return redirect(flow.page_url(draft, later[0]) if later else flow.summary_url(draft))

    if request.method == "GET":
        flow.reached(draft, page_key)
        draft.refresh_from_db()
        return _render_page(
            request,
            flow,
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
    retry_after = None
    if action.startswith("remove_upload:") and flow.ask_files:
        upload = Upload.objects.filter(
            pk=_int(action.split(":", 1)[1]), draft=draft, owner=draft.owner
        ).first()
        if upload is not None:
            services.upload_delete(upload=upload)
            draft.refresh_from_db()
            answers = dict(draft.answers)
            base_version = max(base_version, draft.version)
    if request.FILES and flow.ask_files:
        answers, upload_errors, retry_after = _apply_uploads(
            request, draft, form, current, answers
        )
    validate = action == "next"
    result = parse_page(
        form,
        current,
        answers,
        without_nul(request.POST),
        shown=set(request.POST.getlist("_shown")) if "_shown" in request.POST else None,
        validate=validate,
    )
    result.errors = upload_errors + flow.keep(form, result.errors)
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
    elif flow.ask_files and (
        action.startswith("upload:") or action.startswith("remove_upload:")
    ):
        stay = True
        anchor = html_id(action.split(":", 1)[1]) if action.startswith("upload:") else ""

    keys = [p.key for p in flow.pages(evaluate(form, result.answers))]
    position = keys.index(page_key) if page_key in keys else 0
    if stay or upload_errors or (action == "next" and not result.valid):
        target = page_key
    elif action == "back":
        target = keys[position - 1] if position > 0 else "__start__"
    elif back_to_summary:
        target = _first_incomplete(flow, form, result.answers) or "__summary__"
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
            return flow.submitted(request, draft)
        return _render_page(
            request,
            flow,
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
            url = flow.page_url(draft, page_key, back_to_summary)
            return redirect(url + (f"#{anchor}" if anchor else ""))
        response = _render_page(
            request,
            flow,
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
            status=429 if retry_after is not None else 200,
        )
        if retry_after is not None:
            response["Retry-After"] = str(retry_after)
        return response
    if target == "__summary__":
        return redirect(flow.summary_url(draft))
    if target == "__start__":
        return redirect(flow.before_first_url(draft, form))
    return redirect(flow.page_url(draft, target, back_to_summary and action == "next"))


def resume_url(flow: Flow, draft: Draft, form: FormDefinition) -> str:
    """The page the draft was left on (or the first page asked)."""
    keys = [p.key for p in flow.pages(evaluate(form, draft.answers))]
    if not keys:
        return flow.summary_url(draft)
    target = draft.current_page if draft.current_page in keys else keys[0]
    return flow.page_url(draft, target)


def _int(text: str) -> int:
    try:
        return int(text)
    except (TypeError, ValueError):
        return -1


def _first_incomplete(flow: Flow, form: FormDefinition, answers: dict) -> str | None:
    problems = flow.problems(form, answers)
    for page in flow.pages(evaluate(form, answers)):
        if page.key in problems:
            return page.key
    return None


# --- summary ---------------------------------------------------------------------------


def summary_context(flow: Flow, draft: Draft, form: FormDefinition) -> dict[str, Any]:
    """What the "Angaben prüfen" page shows: the answers per page and what is missing."""
    evaluation = evaluate(form, draft.answers)
    uploads = selectors.uploads_for(draft)
    problems = flow.problems(form, draft.answers)
    pages = flow.pages(evaluation)
    missing = [
        {
            "page": translate(p.title),
            "url": flow.page_url(draft, p.key, True),
            "errors": problems[p.key],
        }
        for p in pages
        if p.key in problems
    ]
    return {
        "draft": draft,
        "form": form,
        "form_title": translate(form.title),
        "sections": summary_sections(
            draft, form, evaluation, uploads, page_url=flow.page_url, ask_files=flow.ask_files
        ),
        "missing": missing,
        "progress": _progress(flow, draft, pages, None),
        "scan_note": flow.ask_files
        and any(u.scan_status == Upload.ScanStatus.NOT_SCANNED for u in uploads.values()),
        **flow.context(draft),
    }


def without_nul(data):  # noqa: ANN001, ANN201 - QueryDict in, QueryDict out
    """The posted data without NUL characters: they carry no meaning in any answer, and
    PostgreSQL cannot store them in JSON (found by the Hypothesis fuzz test)."""
    clean = data.copy()
    for key in clean:
        clean.setlist(key, [value.replace("\x00", "") for value in clean.getlist(key)])
    return clean
