"""Stored German texts in the reader's language (core/templatetags/jc_text.py)."""

from __future__ import annotations

from django.utils import translation

from jobcenter.core.templatetags.jc_text import translated


def test_a_catalogue_text_is_shown_in_english():
    with translation.override("en"):
        assert translated("Wir bearbeiten Ihren Antrag.") == "We are working on your application."
    with translation.override("de"):
        assert translated("Wir bearbeiten Ihren Antrag.") == "Wir bearbeiten Ihren Antrag."


def test_a_stored_text_with_values_is_translated_with_its_date_in_the_readers_format():
    stored = "Wir brauchen noch Unterlagen von Ihnen (Frist: 25.12.2026)."
    with translation.override("en"):
        text = translated(stored)
    assert "25/12/2026" in text and "Frist" not in text and "Ihnen" not in text


def test_a_text_nobody_translated_stays_as_written():
    with translation.override("en"):
        assert translated("Bitte rufen Sie Frau Meier an.") == "Bitte rufen Sie Frau Meier an."
        assert translated("") == "" and translated(None) == ""
