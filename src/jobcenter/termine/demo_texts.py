"""The German texts of the demo topics and locations (``seed_demo``), marked for
translation: pages show topic titles and location names through ``|translated`` / gettext,
so the demo reads in English too (also the demo Meldetermin's message). A title a
Jobcenter enters itself has no translation and is shown as written."""

from __future__ import annotations

from django.utils.translation import gettext_noop

DEMO_TEXTS = [
    gettext_noop("Beratung zur Arbeitsuche"),
    gettext_noop("Fragen zu Ihrem Antrag oder Bescheid"),
    gettext_noop("Unterlagen abgeben und besprechen"),
    gettext_noop("Hauptstelle"),
    gettext_noop("Erdgeschoss, Empfang"),
    gettext_noop("Bitte bringen Sie Ihren Lebenslauf und Ihre letzten Bewerbungen mit."),
]
