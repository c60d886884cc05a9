from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


def _citizen_navigation() -> list[tuple[str, Promise, str]]:
    return [
        ("portal:overview", _("Übersicht"), "overview"),
        ("portal:applications", _("Anträge"), "applications"),
        ("portal:documents", _("Dokumente"), "documents"),
        ("portal:mailbox", _("Postfach"), "mailbox"),
        ("portal:appointments", _("Termine"), "appointments"),
        ("portal:profile", _("Profil"), "profile"),
    ]


def _staff_navigation() -> list[tuple[str, Promise, str]]:
    return [
        ("casefiles:queue", _("Arbeitsvorrat"), "queue"),
        ("paper:start", _("Papierantrag erfassen"), "paper"),
        ("backoffice:search", _("Suche"), "search"),
        ("backoffice:administration", _("Verwaltung"), "administration"),
    ]


def shell(request: HttpRequest) -> dict[str, Any]:
    """Branding and navigation for the page shell (header, navigation, footer)."""
    user = getattr(request, "user", None)
    jobcenter = None
    navigation: list[tuple[str, Promise, str]] = []
    if user is not None and user.is_authenticated:
        jobcenter = user.jobcenter
        if user.is_citizen:
            navigation = _citizen_navigation()
        elif user.is_staff_member:
            navigation = _staff_navigation()
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match else ""
    return {
        "platform_name": settings.JOBCENTER_PLATFORM_NAME,
        "branding_jobcenter": jobcenter,
        "main_navigation": [
            {"url": reverse(name), "label": label, "current": current == name, "key": key}
            for name, label, key in navigation
        ],
        "session_timeout_seconds": settings.SESSION_COOKIE_AGE,
        "session_warning_seconds": settings.SESSION_TIMEOUT_WARNING_SECONDS,
        "session_timeout_minutes": settings.SESSION_COOKIE_AGE // 60,
        "session_warning_minutes": settings.SESSION_TIMEOUT_WARNING_SECONDS // 60,
    }
