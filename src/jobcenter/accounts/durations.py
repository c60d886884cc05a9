"""Durations as people read them: "30 Sekunden", "2 Minuten", "12 Stunden"."""

from __future__ import annotations

from django.utils.translation import ngettext


def duration_text(seconds: float) -> str:
    """Rounded up to whole seconds below a minute, whole minutes below two hours, and to
    whole hours from two hours on if it is a whole number of hours (else minutes)."""
    seconds = max(1, int(seconds + 0.999))
    if seconds < 60:
        return ngettext("%(count)d Sekunde", "%(count)d Sekunden", seconds) % {"count": seconds}
    if seconds >= 2 * 3600 and seconds % 3600 == 0:
        hours = seconds // 3600
        return ngettext("%(count)d Stunde", "%(count)d Stunden", hours) % {"count": hours}
    minutes = (seconds + 59) // 60
    return ngettext("%(count)d Minute", "%(count)d Minuten", minutes) % {"count": minutes}
