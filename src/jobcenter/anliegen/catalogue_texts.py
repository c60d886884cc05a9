"""The German texts of the catalogue rows ``migrations/0001_catalogue.py`` seeds, marked for
translation (shown through the template filter ``translated``, like
``casefiles/catalogue_texts.py``)."""

from __future__ import annotations

from django.utils.translation import gettext_noop

CASE_TYPES = [
    gettext_noop("Ortsabwesenheit"),
    gettext_noop("Überprüfungsantrag"),
    gettext_noop("Akteneinsicht"),
    gettext_noop("Bewerbungs- und Fahrtkosten"),
    gettext_noop("Arbeitsunfähigkeit"),
    gettext_noop("Abmeldung aus dem Leistungsbezug"),
    gettext_noop("Fahrkosten zu Meldeterminen"),  # migrations/0002
]

DECISION_TYPES = [
    gettext_noop("Bescheid zu einem Anliegen"),
    gettext_noop("Ablehnung eines Anliegens"),
    gettext_noop("Schreiben zu einem Anliegen"),
]
