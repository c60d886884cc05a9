"""The submit handler of the SGB II forms (connected in ``jobcenter.config.wiring``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from jobcenter.antraege import services


def submit(draft: Any, request: HttpRequest) -> HttpResponse:
    """Final submit: store once, then show the receipt page (a repeat shows the same one)."""
    try:
        submission = services.submission_create_from_draft(draft=draft, user=request.user)
    except services.SubmissionError as exc:
        return render(
            request, "antraege/submit_error.html", {"message": str(exc), "draft": draft}, status=422
        )
    return redirect("antraege:detail", reference=submission.reference)
