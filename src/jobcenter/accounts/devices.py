"""Readable names for the devices and browsers of signed-in sessions.

The raw user-agent string ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) …")
means nothing to most people; the sessions page shows "Safari auf iPhone (iOS 17)" instead.
Parsing uses ``ua-parser`` (the maintained Python port of the uap-core rules, pinned in
requirements.in, with the precompiled rules of ``ua-parser-builtins``). Results are cached
per string: a person has a handful of sessions, and the same few browsers recur.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import ua_parser
from django.utils.translation import gettext as _

#: the parser's browser families → the names people know
_BROWSERS = {
    "Mobile Safari": "Safari",
    "Mobile Safari UI/WKWebView": "Safari",
    "Chrome Mobile": "Chrome",
    "Chrome Mobile iOS": "Chrome",
    "Chrome Mobile WebView": "Android WebView",
    "HeadlessChrome": "Chrome",
    "Firefox Mobile": "Firefox",
    "Firefox iOS": "Firefox",
    "Edge Mobile": "Edge",
    "Samsung Internet": "Samsung Internet",
}
_SYSTEMS = {"Mac OS X": "macOS", "Chrome OS": "ChromeOS"}
_OTHER = {"", "Other", "Generic Smartphone", "Generic Feature Phone", "Spider"}
_PHONES = ("iPhone", "Android", "Windows Phone")


@dataclass(frozen=True)
class DeviceName:
    browser: str  # "Firefox", "" when unknown
    system: str  # "Windows 10", "iOS 17", "" when unknown
    device: str  # "iPhone", "Samsung SM-S918B", "" for a computer or when unknown
    kind: str  # "phone", "tablet", "computer", "unknown"

    def __str__(self) -> str:
        return describe(self)


@functools.lru_cache(maxsize=512)
def parse(user_agent: str) -> DeviceName:
    text = (user_agent or "")[:1000]
    if not text.strip():
        return DeviceName("", "", "", "unknown")
    result = ua_parser.parse(text)
    browser = ""
    if result.user_agent and result.user_agent.family not in _OTHER:
        browser = _BROWSERS.get(result.user_agent.family, result.user_agent.family)
    system = ""
    if result.os and result.os.family not in _OTHER:
        system = _SYSTEMS.get(result.os.family, result.os.family)
        if result.os.major and result.os.family not in ("Mac OS X", "Linux", "Ubuntu", "Chrome OS"):
            system = f"{system} {result.os.major}"
    device = ""
    if result.device and result.device.family not in _OTHER and not result.device.family.startswith(
            ("Mac", "Generic")):
        device = result.device.family
    kind = "unknown"
    lowered = text.lower()
    android_tablet = "android" in lowered and "mobile" not in lowered
    if "ipad" in lowered or "tablet" in lowered or android_tablet:
        kind = "tablet"
    elif "mobile" in lowered or any(p.lower() in lowered for p in _PHONES):
        kind = "phone"
    elif system:
        kind = "computer"
    return DeviceName(browser=browser, system=system, device=device, kind=kind)


def describe(name: DeviceName) -> str:
    """One line in the active language: "Firefox auf Windows 10", "Safari auf iPhone (iOS
    17)", "Unbekannter Browser"."""
    browser = name.browser or _("Unbekannter Browser")
    if name.device and name.system:
        where = f"{name.device} ({name.system})"
    else:
        where = name.device or name.system
    if not where:
        return browser
    return _("%(browser)s auf %(device)s") % {"browser": browser, "device": where}


def kind_label(name: DeviceName) -> str:
    return {
        "phone": _("Smartphone"),
        "tablet": _("Tablet"),
        "computer": _("Computer"),
    }.get(name.kind, _("Gerät"))
