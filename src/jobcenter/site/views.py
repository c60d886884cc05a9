from __future__ import annotations

import sys

from django.db import DatabaseError, connection
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.views import defaults
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST

from jobcenter.accounts.sessions import renew_activity, session_timeout_info
from jobcenter.core import unavailable
from jobcenter.core.access import (
    AuthenticatedHttpRequest,
    authenticated,
    public,
    staff_start_page,
)
from jobcenter.jobcenters.models import Jobcenter
from jobcenter.site.anonymous_pages import render_anonymous


@public
def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("core:start")
    return render_anonymous(request, "core/home.html")  # the same page for every visitor


@authenticated
def start(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Where a user lands after signing in: their own area, by role."""
    user = request.user
    if user.is_citizen:
        return redirect("portal:overview")
    if user.is_staff_member:
        return redirect(staff_start_page(user))  # the Arbeitsvorrat for case work
    if user.is_platform_admin:
        return redirect("admin:index")
    return redirect("core:home")


@authenticated
@require_POST
def keepalive(request: HttpRequest) -> HttpResponse:
    """Extends the session (always, unlike an ordinary request, which renews it at most
    once a minute) — up to its absolute end at most (accounts/sessions.py): the answer says
    how long it now lasts."""
    renew_activity(request, force=True)
    return JsonResponse({"ok": True, **session_timeout_info(request)})


@public
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page links: send them to the icon."""
    return redirect(static("img/favicon.svg"), permanent=True)


#: Everything a search engine may show is public (home, Rechner, sign-in, legal pages);
#: signed-in pages answer a crawler with the sign-in page, so they need no rule. Kept out:
#: the platform admin and the technical endpoints.
ROBOTS_TXT = """User-agent: *
Disallow: /plattform/
Disallow: /i18n/
Disallow: /sitzung/
Disallow: /healthz/
Disallow: /branding/
"""


@public
@cache_control(max_age=86400, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    return HttpResponse(ROBOTS_TXT, content_type="text/plain; charset=utf-8")


@public
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        response = JsonResponse({"status": "unavailable"}, status=503)
        response["Retry-After"] = str(unavailable.RETRY_AFTER_SECONDS)
        return response
    return JsonResponse({"status": "ok"})


@public
@cache_control(max_age=300, public=True)
def branding_css(request: HttpRequest, slug: str) -> HttpResponse:
    """The Jobcenter's theme colour as a stylesheet (no inline styles under our CSP)."""
    jobcenter = get_object_or_404(Jobcenter, slug=slug, is_active=True)
    css = f":root {{ --jc-theme: {jobcenter.theme_colour}; }}\n"
    return HttpResponse(css, content_type="text/css; charset=utf-8")


@public
@cache_control(max_age=3600, public=True)
def branding_logo(request: HttpRequest, slug: str) -> HttpResponseBase:
    jobcenter = get_object_or_404(Jobcenter, slug=slug, is_active=True)
    if not jobcenter.logo:
        raise Http404
    name = jobcenter.logo.name.lower()
    content_type = "image/svg+xml" if name.endswith(".svg") else "image/png"
    response = FileResponse(jobcenter.logo.open("rb"), content_type=content_type)
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


def _legal_page(request: HttpRequest, page: str) -> HttpResponse:
    """The platform's legal page: a signed-in user's own Jobcenter's page (each Jobcenter
    has its own, ``portal.legal``); otherwise the platform's text with every Jobcenter."""
    jobcenter = getattr(request.user, "jobcenter", None)
    if jobcenter is not None and jobcenter.is_active:
        return redirect(f"legal:{page}", slug=jobcenter.slug)
    jobcenters = Jobcenter.objects.filter(is_active=True).only("name", "slug").order_by("name")
    return render(request, f"core/{page}.html", {"jobcenters": jobcenters})


@public
def accessibility(request: HttpRequest) -> HttpResponse:
    return _legal_page(request, "accessibility")


@public
def privacy(request: HttpRequest) -> HttpResponse:
    return _legal_page(request, "privacy")


@public
def imprint(request: HttpRequest) -> HttpResponse:
    return _legal_page(request, "imprint")


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Bad requests; one that is only "bad" because the database went away — the session
    could not be saved after the view (``SessionInterrupted``) — gets the 503 page."""
    cause = unavailable.unavailable_cause(exception)
    if cause is not None:
        return unavailable.unavailable_response(request, cause)
    return defaults.bad_request(request, exception or Exception())


def error_500(request: HttpRequest) -> HttpResponse:
    """Server errors; a database that cannot answer gets the 503 page instead (an error
    raised outside a view, e.g. while the session or the user is loaded)."""
    exc = sys.exc_info()[1]
    if exc is not None and unavailable.database_unavailable(exc):
        return unavailable.unavailable_response(request, exc)
    return render(request, "500.html", status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)
