"""The "wird erstellt" answer for a document that a background task is still rendering
(the Eingangsbestätigung after a submit, a Bescheid after it was issued).

The download URL itself answers ``202 Accepted`` with a short page instead of the PDF: a
status message, a link to try again and one back. Without JavaScript the page asks the
browser to load the same URL again after a few seconds (the ``Refresh`` header, counted in
``?versuch=``); once the document is there, that load is the download. After
``MAX_ATTEMPTS`` the page stops refreshing and says that the document is safe and will be
there shortly — never an error. Nothing on the page changes by itself except through that
reload of the same address, and the page has no input that could be lost.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

REFRESH_SECONDS = 3
MAX_ATTEMPTS = 10


def document_pending(request: HttpRequest, *, title: str, back_url: str,
                     back_label: str) -> HttpResponse:
    """The page for a document that is not rendered yet (see the module docstring)."""
    raw = request.GET.get("versuch", "")
    attempt = min(int(raw), MAX_ATTEMPTS) if raw.isdigit() else 0
    refreshing = attempt < MAX_ATTEMPTS
    again = f"{request.path}?versuch={attempt + 1 if refreshing else attempt}"
    response = render(request, "core/document_pending.html", {
        "title": title, "back_url": back_url, "back_label": back_label,
        "again_url": again, "refreshing": refreshing, "seconds": REFRESH_SECONDS,
    }, status=202)
    if refreshing:
        response["Refresh"] = f"{REFRESH_SECONDS}; url={again}"
    response["Cache-Control"] = "private, no-store"
    return response
