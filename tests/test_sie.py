"""The citizen is addressed as "Sie" everywhere — also by third-party packages.

German is the source language: the project's templates, Python strings and form
definitions are German. Other packages' German comes from their own catalogues (allauth
says "du"); the project overrides those texts in ``locale/de/LC_MESSAGES/django.po``,
which Django reads before any package's catalogue (``LOCALE_PATHS``). These tests read the
German texts a person can actually be shown and fail on any "du/dich/dir/dein" form.
"""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import trans_real

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "src" / "jobcenter"

DU = re.compile(r"\b(?:[Dd]u|[Dd]ich|[Dd]ir|[Dd]ein(?:e[mnrs]?)?|[Ee]uch|[Ee]uer|[Ee]ure[mnrs]?)\b")


def du_forms(text: str) -> list[str]:
    return DU.findall(text)


def test_the_detector_finds_du_and_leaves_sie_alone():
    assert du_forms("Du musst zweimal das selbe Passwort eingeben.") == ["Du"]
    assert du_forms("Du hast dich abgemeldet.") == ["Du", "dich"]
    assert du_forms("Bitte gib dein aktuelles Passwort ein.") == ["dein"]
    assert du_forms("Wir haben Dir eine E-Mail geschickt.") == ["Dir"]
    assert du_forms("Bitte geben Sie Ihr Passwort ein. Dauer, Duplikat, Eduard, Index") == []


def test_the_german_catalogue_says_sie():
    """Every German text of every catalogue Django would use (project, packages, Django)."""
    with translation.override("de"):
        catalogue = trans_real.translation("de")._catalog
        # keys of every catalogue; the text looked up is the one that wins (project first)
        offending = {
            str(key): catalogue[key] for key in {k for k, _v in catalogue.items()}
            if du_forms(str(catalogue[key]))
        }
    assert not offending, (
        f"{len(offending)} German texts say \"du\" — override them in "
        "src/jobcenter/locale/de/LC_MESSAGES/django.po:\n"
        + "\n".join(f"{k!r}: {v!r}" for k, v in list(offending.items())[:20])
    )


def test_the_override_beats_allauths_own_german():
    with translation.override("de"):
        assert translation.gettext("You must type the same password each time.") == (
            "Bitte geben Sie zweimal dasselbe Passwort ein.")
        assert translation.gettext("You have signed out.") == "Sie haben sich abgemeldet."


def _template_files():
    return sorted(p for p in (APP / "templates").rglob("*") if p.suffix in (".html", ".txt"))


@pytest.mark.parametrize("path", _template_files(), ids=lambda p: str(p.relative_to(APP)))
def test_templates_say_sie(path):
    text = re.sub(r"\{#.*?#\}", "", path.read_text(encoding="utf-8"), flags=re.S)
    assert not du_forms(text), f"{path}: {du_forms(text)}"


def _python_strings(path: Path) -> list[str]:
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
    return [t.string for t in tokens if t.type == tokenize.STRING]


def test_python_strings_and_form_definitions_say_sie():
    offending = []
    for path in sorted(APP.rglob("*.py")):
        if "migrations" in path.parts or "static" in path.parts:
            continue
        offending += [f"{path.relative_to(APP)}: {s[:80]}" for s in _python_strings(path)
                      if du_forms(s)]
    for path in sorted(APP.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        offending += [f"{path.relative_to(APP)}: {line.strip()[:80]}"
                      for line in text.splitlines() if du_forms(line)]
    assert not offending, "\n".join(offending)


@pytest.mark.parametrize("path", _template_files(), ids=lambda p: str(p.relative_to(APP)))
def test_templates_format_dates_in_the_readers_language(path):
    """A fixed pattern like ``date:"d.m.Y"`` shows German dates to English readers; the named
    formats (SHORT_DATE_FORMAT, DATE_FORMAT, …) follow the language (config/formats)."""
    fixed = re.findall(r'\|date:"(?![A-Z_]+")([^"]*)"', path.read_text(encoding="utf-8"))
    # "c" (ISO 8601) only for machine-readable attributes such as <time datetime>
    assert not [f for f in fixed if f != "c"], f"{path}: {fixed}"
