from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jobcenter.accounts.durations import duration_text
from jobcenter.accounts.sessions import session_timeout_info
from jobcenter.core.access import CHANGE, READ, Data, may
from jobcenter.jobcenters.selectors import branding_jobcenter
from jobcenter.notifications.selectors import unread_count


def _citizen_navigation() -> list[tuple[str, Promise, str]]:
    """The four places a citizen goes most, always in view (also at 320 px)."""
    return [
        ("portal:overview", _("Übersicht"), "overview"),
        ("portal:concerns", _("Meine Anliegen"), "concerns"),
        ("portal:mailbox", _("Postfach"), "mailbox"),
        ("portal:documents", _("Dokumente"), "documents"),
    ]


def _citizen_more_navigation() -> list[tuple[str, Promise, str]]:
    """Everything else, behind "Mehr" (a <details> disclosure: works without JavaScript)."""
    return [
        ("notifications_citizen:list", _("Benachrichtigungen"), "notifications"),
        ("portal:appointments", _("Termine"), "appointments"),
        ("zahlungen_citizen:list", _("Zahlungen"), "payments"),
        ("portal:profile", _("Profil"), "profile"),
        ("portal:contact", _("Kontakt"), "contact"),
        ("portal:access_log", _("Zugriffe auf Ihre Daten"), "access_log"),
    ]


#: The call to action beside the citizen's navigation: where a new concern starts — the
#: catalogue "Was möchten Sie erledigen?" (every concern, with search).
CITIZEN_NEW_CONCERN_URL = ("portal:catalogue", "")


#: Pages that belong to a section of the navigation (marked as current there).
_SECTIONS = {"portal:concern": "portal:concerns",
             "rechtsbehelfe_citizen:list": "portal:documents",
             "rechtsbehelfe_citizen:create": "portal:documents",
             "rechtsbehelfe_citizen:detail": "portal:documents",
             "minderungen_citizen:list": "portal:documents",
             "minderungen_citizen:detail": "portal:documents",
             "postfach_citizen:new": "portal:mailbox", "postfach_citizen:thread": "portal:mailbox",
             "postfach:thread": "postfach:inbox",
             "portal:appointment": "portal:appointments"}


def _staff_navigation(user: Any) -> list[tuple[str, Any, str]]:
    """The staff pages the user's role may open (need-to-know matrix)."""
    items = [
        ("casefiles:queue", _("Arbeitsvorrat"), "queue", Data.LEISTUNGSAKTE, READ),
        ("paper:start", _("Papierantrag erfassen"), "paper", Data.LEISTUNGSAKTE, CHANGE),
        ("rechtsbehelfe:list", _("Widersprüche"), "widersprueche", Data.LEISTUNGSAKTE, READ),
        ("minderungen:list", _("Minderungen"), "minderungen", Data.LEISTUNGSAKTE, READ),
        ("postfach:inbox", _("Postfach"), "postfach", Data.NACHRICHTEN, READ),
        ("zahlungen:runs", _("Zahlungen"), "payments", Data.LEISTUNGSAKTE, READ),
        ("backoffice:search", _("Suche"), "search", Data.STAMMDATEN, READ),
        ("termine_staff:calendar", _("Termine"), "appointments", Data.TERMINE, READ),
        ("backoffice:administration", _("Verwaltung"), "administration", Data.KONTEN, READ),
    ]
    return [(name, label, key) for name, label, key, data, action in items
            if may(user, data, action)]


def shell(request: HttpRequest) -> dict[str, Any]:
    """Branding and navigation for the page shell (header, navigation, footer)."""
    user = getattr(request, "user", None)
    jobcenter = None
    navigation: list[tuple[str, Promise, str]] = []
    more: list[tuple[str, Promise, str]] = []
    new_concern_url = ""
    counts: dict[str, int] = {}
    if user is not None and user.is_authenticated:
        # the shell's Jobcenter from the cache (kept fresh by jobcenters.selectors)
        jobcenter = branding_jobcenter(user.jobcenter_id)
        if user.is_citizen:
            navigation = _citizen_navigation()
            more = _citizen_more_navigation()
            name, fragment = CITIZEN_NEW_CONCERN_URL
            new_concern_url = reverse(name) + fragment
            counts["notifications"] = unread_count(user)  # the badge "3 ungelesen"
        elif user.is_staff_member:
            navigation = _staff_navigation(user)
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match else ""
    timeout = session_timeout_info(request) if user is not None else {
        "seconds_left": settings.SESSION_COOKIE_AGE, "final": False}

    def entries(items: list[tuple[str, Promise, str]]) -> list[dict[str, Any]]:
        return [
            {"url": reverse(name), "label": label, "key": key,
             "current": current == name or _SECTIONS.get(current) == name,
             "count": counts.get(key, 0)}
            for name, label, key in items
        ]

    more_navigation = entries(more)
    return {
        "platform_name": settings.JOBCENTER_PLATFORM_NAME,
        "branding_jobcenter": jobcenter,
        "main_navigation": entries(navigation),
        "more_navigation": more_navigation,
        "more_navigation_current": any(item["current"] for item in more_navigation),
        "more_navigation_count": sum(item["count"] for item in more_navigation),
        "new_concern_url": new_concern_url,
        # the catalogue is where "+ Neues Anliegen" leads: that entry is the current one there
        "new_concern_current": bool(new_concern_url) and current == CITIZEN_NEW_CONCERN_URL[0],
        "session_timeout_seconds": timeout["seconds_left"],
        "session_ends_for_good": timeout["final"],
        "session_absolute_duration": duration_text(settings.SESSION_ABSOLUTE_TIMEOUT_SECONDS),
        "session_warning_seconds": settings.SESSION_TIMEOUT_WARNING_SECONDS,
        "session_timeout_minutes": settings.SESSION_COOKIE_AGE // 60,
        "session_warning_minutes": settings.SESSION_TIMEOUT_WARNING_SECONDS // 60,
    }
