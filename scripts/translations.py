"""Work with the English translation file (German is the source language).

    python scripts/translations.py export untranslated.json   # msgids still missing
    python scripts/translations.py import translated.json     # {msgid: msgstr or [sg, pl]}
    python scripts/translations.py compile                    # write django.mo from django.po
                                                              # (en, and de: overrides of
                                                              # third-party German texts)

`make messages` runs makemessages (needs GNU gettext) and compile.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polib

PO = Path(__file__).resolve().parent.parent / "src/jobcenter/locale/en/LC_MESSAGES/django.po"


def export(target: str) -> None:
    po = polib.pofile(str(PO))
    missing = {}
    for entry in po:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            if "fuzzy" in entry.flags or not all(entry.msgstr_plural.values()):
                missing[entry.msgid] = [entry.msgid, entry.msgid_plural]
        elif "fuzzy" in entry.flags or not entry.msgstr:
            missing[entry.msgid] = ""
    Path(target).write_text(json.dumps(missing, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{len(missing)} untranslated of {len(po)}")


def import_(source: str) -> None:
    translations = json.loads(Path(source).read_text(encoding="utf-8"))
    po = polib.pofile(str(PO))
    done = 0
    for entry in po:
        value = translations.get(entry.msgid)
        if not value:
            continue
        if entry.msgid_plural:
            singular, plural = value if isinstance(value, list) else (value, value)
            entry.msgstr_plural = {0: singular, 1: plural}
        else:
            entry.msgstr = value if isinstance(value, str) else value[0]
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        done += 1
    po.save()
    print(f"{done} entries translated")


def compile_() -> None:
    # en: the translation; de: hand-kept overrides of other packages' German ("Sie", not "du")
    for path in sorted(PO.parent.parent.parent.glob("*/LC_MESSAGES/django.po")):
        po = polib.pofile(str(path))
        po.save_as_mofile(str(path.with_suffix(".mo")))
        print(f"compiled {path.with_suffix('.mo')}")


if __name__ == "__main__":
    command, *args = sys.argv[1:] or ["help"]
    {"export": export, "import": import_, "compile": compile_}.get(
        command, lambda *a: print(__doc__)
    )(*args)
