"""Our plug-ins into the form engine: the submit handler and the preview hook."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from jobcenter.antraege import preview, services


def submit(draft: Any, request: HttpRequest) -> HttpResponse:
    """Final submit: store once, then show the receipt page (a repeat shows the same one)."""
    try:
        submission = services.submission_create_from_draft(draft=draft, user=request.user)
    except services.SubmissionError as exc:
        return render(
            request, "antraege/submit_error.html", {"message": str(exc), "draft": draft}, status=422
        )
    return redirect("antraege:detail", reference=submission.reference)


def register() -> None:
    from jobcenter.formengine import registry

    for form_key in services.FORM_KEYS:
        registry.register_submit_handler(form_key, submit)
    for form_key in ("hauptantrag", "weiterbewilligung", "veraenderung"):
        registry.register_preview(form_key, preview.preview_for_draft)
