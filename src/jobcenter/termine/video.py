"""Video appointments: a provider interface, Jitsi Meet and a plain "one link per
appointment" fallback (docs/operations.md, "Video appointments").

The link is given only to the two participants (the citizen and the staff person of the
appointment) and only from ``TERMINE_VIDEO_OPENS_MINUTES`` before the start until the end:
``join_url`` returns None outside that window or for anybody else.

Jitsi: every appointment has its own unguessable room (``Appointment.video_room``, 192 bits).
With ``TERMINE_JITSI_APP_ID`` and ``TERMINE_JITSI_APP_SECRET`` (a Jitsi deployment with
token authentication) each participant gets a JWT (HS256) for exactly that room, valid only
in the window; the staff person is the moderator and may bypass the lobby
(``context.user.lobby_bypass``, the jitsi-contrib ``token_lobby_bypass`` plugin), the
citizen waits in the lobby (``lobby_autostart``) and knocks automatically. The URL fragment
turns on the pre-join screen (camera and microphone check) and the lobby's auto-knock.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol
from urllib.parse import quote

import jwt
from django.conf import settings
from django.utils import timezone

from jobcenter.termine.models import Appointment, Channel


class VideoProvider(Protocol):
    def room_url(self, appointment: Appointment, *, moderator: bool, display_name: str) -> str:
        ...


class JitsiProvider:
    def __init__(self, base_url: str, app_id: str = "", app_secret: str = "") -> None:
        self.base_url = base_url.rstrip("/")
        self.app_id = app_id
        self.app_secret = app_secret

    def token(self, appointment: Appointment, *, moderator: bool, display_name: str) -> str:
        opens = appointment.start - dt.timedelta(minutes=settings.TERMINE_VIDEO_OPENS_MINUTES)
        domain = self.base_url.split("://", 1)[-1].split("/", 1)[0]
        claims = {
            "aud": "jitsi", "iss": self.app_id, "sub": domain,
            "room": appointment.video_room,
            "nbf": int(opens.timestamp()), "iat": int(timezone.now().timestamp()),
            "exp": int(appointment.end.timestamp()),
            "context": {"user": {"name": display_name, "moderator": moderator,
                                 "affiliation": "owner" if moderator else "member",
                                 "lobby_bypass": moderator}},
        }
        return jwt.encode(claims, self.app_secret, algorithm="HS256")

    def room_url(self, appointment: Appointment, *, moderator: bool, display_name: str) -> str:
        url = f"{self.base_url}/{appointment.video_room}"
        if self.app_id and self.app_secret:
            url += "?jwt=" + self.token(appointment, moderator=moderator,
                                        display_name=display_name)
        fragment = ["config.prejoinConfig.enabled=true",
                    f"userInfo.displayName=%22{quote(display_name)}%22"]
        if not moderator:
            fragment.append("config.lobby.autoKnock=true")
        return url + "#" + "&".join(fragment)


class LinkProvider:
    """One link per appointment from a template with ``{room}`` (e.g. the Jobcenter's own
    video service); nothing else is put into the link."""

    def __init__(self, template: str) -> None:
        self.template = template

    def room_url(self, appointment: Appointment, *, moderator: bool, display_name: str) -> str:
        return self.template.format(room=appointment.video_room)


def provider() -> VideoProvider | None:
    name = settings.TERMINE_VIDEO_PROVIDER
    if name == "jitsi":
        return JitsiProvider(settings.TERMINE_JITSI_URL, settings.TERMINE_JITSI_APP_ID,
                             settings.TERMINE_JITSI_APP_SECRET)
    if name == "link" and "{room}" in settings.TERMINE_VIDEO_LINK_TEMPLATE:
        return LinkProvider(settings.TERMINE_VIDEO_LINK_TEMPLATE)
    return None


def video_available() -> bool:
    return provider() is not None


def window(appointment: Appointment) -> tuple[dt.datetime, dt.datetime]:
    opens = appointment.start - dt.timedelta(minutes=settings.TERMINE_VIDEO_OPENS_MINUTES)
    return opens, appointment.end


def join_url(appointment: Appointment, user: object, *,
             now: dt.datetime | None = None) -> str | None:
    """The link for ``user`` if they take part and the room is open now, else None."""
    if appointment.channel != Channel.VIDEO or not appointment.is_active:
        return None
    user_id = getattr(user, "pk", None)
    if user_id not in (appointment.citizen_id, appointment.staff_id):
        return None
    now = now or timezone.now()
    opens, closes = window(appointment)
    if not opens <= now < closes:
        return None
    chosen = provider()
    if chosen is None:
        return None
    moderator = user_id == appointment.staff_id
    name = (f"{getattr(user, 'first_name', '')} {getattr(user, 'last_name', '')}".strip()
            or "Jobcenter")
    return chosen.room_url(appointment, moderator=moderator, display_name=name)
