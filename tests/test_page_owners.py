"""Structural test: which app owns a page follows from who may see it (issue 11).

The rule (docs/architecture.md, "Who owns a page"):

- a page for citizens (``citizen_required``) is a view in ``jobcenter.portal.views``;
- a page for staff (``staff_required``) is a view in ``jobcenter.backoffice.views``;
- a page for anybody signed in (``authenticated``) belongs to the account
  (``jobcenter.accounts.views``: security, sign out everywhere) or to the site around the
  faces (``jobcenter.site.views``: the hand-off to one's start page, the session keepalive);
- a public page (``public``) belongs to the site (home, legal pages, branding, health), to
  the portal (the receipt fingerprint check a citizen hands on) or to the Rechner
  (``jobcenter.rechner.views``, the public calculator — its own domain);
- third-party views (allauth, the Django admin, Django's language switch) are listed in
  ``tests/test_url_access.py``.

Domain apps (models, services, selectors, tasks) have no views and no URL modules.
"""

from __future__ import annotations

from pathlib import Path

from django.urls import get_resolver

from jobcenter.core import access
from tests.test_url_access import iter_patterns, view_module

SRC = Path(__file__).resolve().parents[1] / "src" / "jobcenter"

#: Who may see a page → the modules its view may live in (prefixes of the dotted path).
OWNERS: dict[str, tuple[str, ...]] = {
    access.CITIZEN: ("jobcenter.portal.views.",),
    access.STAFF: ("jobcenter.backoffice.views.",),
    access.AUTHENTICATED: ("jobcenter.accounts.views.", "jobcenter.site.views."),
    access.PUBLIC: ("jobcenter.site.views.", "jobcenter.portal.views.", "jobcenter.rechner.views.",
                    "django.views.i18n."),
    access.PLATFORM_ADMIN: ("jobcenter.backoffice.views.",),
}

#: The apps that may hold views and URL modules; every other app is a domain app.
PAGE_APPS = {"portal", "backoffice", "site", "accounts", "rechner", "config"}


def test_every_page_lives_in_the_app_that_owns_it():
    misplaced = []
    seen = set()
    for route, pattern in iter_patterns(get_resolver().url_patterns):
        decision = getattr(pattern.callback, "access_decision", None)
        if decision is None:
            continue  # third-party views: tests/test_url_access.py
        module = view_module(pattern.callback)
        seen.add(decision)
        if not module.startswith(OWNERS[decision]):
            misplaced.append(f"/{route} ({decision}) → {module}; belongs in {OWNERS[decision]}")
    assert not misplaced, "pages outside their owning app:\n" + "\n".join(misplaced)
    assert {access.CITIZEN, access.STAFF, access.PUBLIC, access.AUTHENTICATED} <= seen


def test_domain_apps_have_no_views_or_url_modules():
    found = []
    for app in sorted(p for p in SRC.iterdir() if (p / "__init__.py").exists()):
        if app.name in PAGE_APPS:
            continue
        for path in app.rglob("*.py"):
            if "views" in path.stem or "urls" in path.stem or path.parent.name in {"views", "urls"}:
                found.append(str(path.relative_to(SRC)))
    assert not found, "views or URL modules in a domain app:\n" + "\n".join(found)
