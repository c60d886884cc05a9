"""The German titles of the case types ``migrations/0002_case_types.py`` and
``0003_case_types_kv_azubi.py`` seed, marked for translation (shown through the template filter
``translated``)."""

from __future__ import annotations

from django.utils.translation import gettext_noop

CASE_TYPES = [
    gettext_noop("Bildung und Teilhabe"),
    gettext_noop("Umzug: Zusicherung und Umzugskosten"),
    gettext_noop("Mietkaution"),
    gettext_noop("Mehrbedarf"),
    gettext_noop("Darlehen für einen unabweisbaren Bedarf"),
    gettext_noop("Heizkosten für Brennstoff"),
    gettext_noop("Nachzahlung aus der Nebenkostenabrechnung"),
    gettext_noop("Zuschuss zur Kranken- und Pflegeversicherung"),
    gettext_noop("Leistungen für Auszubildende"),
    gettext_noop("Direktzahlung der Miete an den Vermieter"),
]
