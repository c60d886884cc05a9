"""The German texts of the eAkte's seeded catalogue (migrations/0002_seed_catalogue.py), marked
for translation: the catalogue stores them in German, pages show them through the template
filter ``translated`` (core/templatetags/jc_text.py) in the reader's language. A text an
administrator changes in the admin has no translation and is shown as written."""

from __future__ import annotations

from django.utils.translation import gettext_noop

CASE_TYPES = [
    gettext_noop("Neuantrag"),
    gettext_noop("Weiterbewilligung"),
    gettext_noop("Veränderungsmitteilung"),
    gettext_noop("Erstausstattung"),
    gettext_noop("Widerspruch"),
    gettext_noop("Sonstiges Anliegen"),
]

STATUS_TYPES = [
    gettext_noop("Eingegangen"),
    gettext_noop("Ihr Antrag ist bei uns angekommen."),
    gettext_noop("In Bearbeitung"),
    gettext_noop("Wir bearbeiten Ihren Antrag."),
    gettext_noop("Mitwirkung angefordert"),
    gettext_noop("Wir brauchen noch Unterlagen von Ihnen. Bitte sehen Sie in Ihre Aufgaben."),
    gettext_noop("Unterlagen eingegangen"),
    gettext_noop("Ihre Unterlagen sind angekommen. Wir bearbeiten Ihren Antrag weiter."),
    gettext_noop("Entscheidung vorbereitet"),
    gettext_noop("Wir bereiten die Entscheidung vor."),
    gettext_noop("Zur Freigabe"),
    gettext_noop("Entschieden"),
    gettext_noop("Wir haben entschieden. Den Bescheid finden Sie unter „Dokumente“."),
    gettext_noop("Abgeschlossen"),
    gettext_noop("Ihr Anliegen ist abgeschlossen."),
]

DOCUMENT_TYPES = [
    gettext_noop("Eingangsbestätigung"),
    gettext_noop("Antrag (Daten)"),
    gettext_noop("Antrag (Scan)"),
    gettext_noop("Nachweis"),
    gettext_noop("Nachgereichte Unterlage"),
    gettext_noop("Mitwirkungsaufforderung"),
    gettext_noop("Bescheid"),
    gettext_noop("Schreiben"),
    gettext_noop("Vermerk"),
    gettext_noop("Berechnungsbogen"),
]

DECISION_TYPES = [
    gettext_noop("Bewilligung"),
    gettext_noop("Teilbewilligung"),
    gettext_noop("Ablehnung"),
    gettext_noop("Änderungsbescheid"),
    gettext_noop("Aufhebung"),
    # decisions/migrations/0006 (§ 41a, changes for the past), rechtsbehelfe and minderungen
    gettext_noop("Aufhebungs- und Erstattungsbescheid"),
    gettext_noop("Abschließende Entscheidung"),
    gettext_noop("Abhilfebescheid"),
    gettext_noop("Widerspruchsbescheid"),
    gettext_noop("Leistungsminderung"),
    gettext_noop("Ende einer Leistungsminderung"),
]

#: migrations/0007_postfach_catalogue.py (issue 13, the Postfach)
POSTFACH = [
    gettext_noop("Schriftverkehr (Postfach)"),
    gettext_noop("Schriftverkehr"),
    gettext_noop("Ihre Nachrichten im Postfach."),
    gettext_noop("Nachricht (Postfach, eingegangen)"),
    gettext_noop("Nachricht (Postfach, versandt)"),
    gettext_noop("Anhang einer Nachricht (Postfach)"),
    gettext_noop("Anhang einer Antwort (Postfach)"),
]
