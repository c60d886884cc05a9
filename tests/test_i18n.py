"""German is the source language; English must be complete and up to date."""

from __future__ import annotations

import gettext
import os
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "src" / "jobcenter"
PO = APP / "locale" / "en" / "LC_MESSAGES" / "django.po"


def entries():
    return [e for e in polib.pofile(str(PO)) if not e.obsolete]


def test_every_string_has_an_english_translation():
    missing = []
    for entry in entries():
        if "fuzzy" in entry.flags:
            missing.append(f"fuzzy: {entry.msgid}")
        elif entry.msgid_plural:
            if not all(entry.msgstr_plural.values()):
                missing.append(entry.msgid)
        elif not entry.msgstr:
            missing.append(entry.msgid)
    assert not missing, f"{len(missing)} untranslated strings, e.g.:\n" + "\n".join(missing[:20])


def test_placeholders_survive_translation():
    import re

    pattern = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")
    for entry in entries():
        if entry.msgid_plural or not entry.msgstr:
            continue
        assert set(pattern.findall(entry.msgid)) == set(pattern.findall(entry.msgstr)), entry.msgid


def test_compiled_catalogue_matches_the_po_file():
    with (PO.with_suffix(".mo")).open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    for entry in entries():
        if entry.msgid_plural or not entry.msgstr:
            continue
        assert catalogue.gettext(entry.msgid) == entry.msgstr, (
            f"django.mo is stale for {entry.msgid!r}: run `make messages`"
        )


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext not installed")
def test_the_catalogue_contains_every_string_of_the_source(tmp_path):
    """makemessages on a copy of the source finds no msgid that the committed file lacks."""
    copy = tmp_path / "jobcenter"
    shutil.copytree(APP, copy, ignore=shutil.ignore_patterns("static", "__pycache__"))
    subprocess.run(
        [str(ROOT / ".venv/bin/django-admin"), "makemessages", "-l", "en", "--no-obsolete",
         "--no-location"],
        cwd=copy, check=True, capture_output=True,
        env={k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
    )
    fresh = {e.msgid for e in polib.pofile(str(copy / "locale/en/LC_MESSAGES/django.po"))}
    committed = {e.msgid for e in entries()}
    assert not fresh - committed, "run `make messages`; new strings: " + repr(
        sorted(fresh - committed)[:20])


#: The translation functions of the source (their first argument is the msgid).
TRANSLATING = {"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy", "ngettext",
               "ngettext_lazy", "npgettext"}


def _calls_in_f_strings(tree):
    """(line, msgid) of every translation call with a literal msgid inside an f-string."""
    import ast

    for node in ast.walk(tree):
        if not isinstance(node, ast.JoinedStr):
            continue
        for inner in ast.walk(node):
            if not (isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name)
                    and inner.func.id in TRANSLATING):
                continue
            index = 1 if inner.func.id in {"pgettext", "pgettext_lazy", "npgettext"} else 0
            if len(inner.args) > index and isinstance(inner.args[index], ast.Constant):
                literal = inner.args[index].value
                if isinstance(literal, str):
                    yield inner.lineno, literal


def test_a_msgid_used_only_inside_an_f_string_is_not_lost():
    """makemessages does not look inside f-strings: a msgid that appears only there is
    dropped by the next extraction and the English page shows German (it happened to the
    calculation sheet's column heading). Every such msgid must be in the catalogue; better,
    call the function outside the f-string."""
    import ast

    committed = {e.msgid for e in entries()}
    lost = [f"{path.relative_to(ROOT)}:{line}: {msgid!r}"
            for path in sorted(APP.rglob("*.py")) if "migrations" not in path.parts
            for line, msgid in _calls_in_f_strings(ast.parse(path.read_text()))
            if msgid not in committed]
    assert not lost, "translation calls inside f-strings, not in django.po:\n" + "\n".join(lost)
