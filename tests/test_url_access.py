"""Structural test: every URL pattern leads to a view with an explicit access decision."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver

from jobcenter.core import access

#: Views of third-party apps and what decides access there: (route prefix, module prefix).
THIRD_PARTY_DECISIONS = {
    ("konto/", "allauth."): "django-allauth: its views require login where needed",
    ("plattform/admin/", ""): "Django admin: PlatformAdminSite.has_permission (platform admins)",
}
KNOWN = {access.PUBLIC, access.AUTHENTICATED, access.CITIZEN, access.STAFF,
         access.PLATFORM_ADMIN}


def iter_patterns(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from iter_patterns(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def view_module(callback) -> str:
    target = getattr(callback, "view_class", None) or callback
    return f"{target.__module__}.{getattr(target, '__qualname__', '')}"


def test_every_url_has_an_explicit_access_decision():
    undecided = []
    for route, pattern in iter_patterns(get_resolver().url_patterns):
        callback = pattern.callback
        decision = getattr(callback, "access_decision", None)
        if decision is not None:
            assert decision in KNOWN, f"{route}: unknown decision {decision!r}"
            continue
        module = view_module(callback)
        if any(route.startswith(route_prefix) and module.startswith(module_prefix)
               for route_prefix, module_prefix in THIRD_PARTY_DECISIONS):
            continue
        undecided.append(f"{route} → {module}")
    assert not undecided, "views without an access decision:\n" + "\n".join(undecided)


def test_our_views_are_all_decorated_not_exempted():
    """Our own modules may not hide behind the third-party list."""
    for _route, pattern in iter_patterns(get_resolver().url_patterns):
        module = view_module(pattern.callback)
        if (module.startswith("jobcenter.")
                and not module.startswith("jobcenter.accounts.admin_site")):
            assert getattr(pattern.callback, "access_decision", None), module
