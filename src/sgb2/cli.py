"""Command line: ``python -m sgb2 berechnen [FILE]``.

Reads one request (JSON object) or a list of requests from FILE or standard input and
writes the result (or list of results) as JSON to standard output.  Invalid input: exit
code 2 and a German message on standard error naming the field and the reason.

The output is exactly what ``json.dumps(ergebnis, ensure_ascii=False, indent=2)`` gives,
plus a final newline, in UTF-8 — but encoded with orjson, one result at a time, and written
with a single write: the standard library's indenting encoder is pure Python and cost about
nine tenths of the process time on large lists (see docs/performance.md).
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
from typing import Any

import orjson

from . import berechnen_json
from .parse import Eingabefehler

__all__ = ["ausgabe", "main"]

EXIT_EINGABEFEHLER = 2

_EINRUECKEN = orjson.OPT_INDENT_2


def _fehler(text: str) -> int:
    print(f"sgb2: {text}", file=sys.stderr)
    return EXIT_EINGABEFEHLER


def _kodieren(ergebnis: dict[str, Any], pfad: str) -> bytes:
    try:
        return orjson.dumps(ergebnis, option=_EINRUECKEN)
    except orjson.JSONEncodeError as exc:
        # Only text taken over from the request (ids) can fail: a lone surrogate such as
        # "\ud800" is valid JSON but not Unicode and cannot be written as UTF-8.
        raise Eingabefehler(
            [(pfad or "Anfrage", "enthält Text, der kein gültiges Unicode ist "
              "(einzelnes Ersatzzeichen wie \\ud800)")]
        ) from exc


def ausgabe(daten: Any) -> bytes:
    """The CLI's standard output for the parsed input ``daten`` (UTF-8 bytes).

    Byte for byte ``json.dumps(ergebnis, ensure_ascii=False, indent=2) + "\\n"`` of the
    result or the list of results. Raises :class:`Eingabefehler` with every problem of
    every entry (paths prefixed ``[i]`` in a list) if any entry is invalid.
    """
    if not isinstance(daten, list):
        return _kodieren(berechnen_json(daten), "") + b"\n"
    teile: list[bytes] = []
    fehler: list[tuple[str, str]] = []
    for i, eintrag in enumerate(daten):
        try:
            ergebnis = berechnen_json(eintrag)
        except Eingabefehler as exc:
            fehler.extend(exc.mit_praefix(f"[{i}]").fehler)
            continue
        if fehler:
            continue  # nothing will be written; only the remaining entries' errors count
        try:
            # Each result is indented one level deeper inside the list. A raw newline
            # occurs in orjson's output only between tokens (strings escape it as \n).
            teile.append(_kodieren(ergebnis, f"[{i}]").replace(b"\n", b"\n  "))
        except Eingabefehler as exc:
            fehler.extend(exc.fehler)
    if fehler:
        raise Eingabefehler(fehler)
    if not teile:
        return b"[]\n"
    return b"[\n  " + b",\n  ".join(teile) + b"\n]\n"


def _schreiben(daten: bytes) -> None:
    sys.stdout.flush()
    puffer = getattr(sys.stdout, "buffer", None)
    if puffer is None:  # stdout replaced by a text stream (e.g. in tests)
        sys.stdout.write(daten.decode("utf-8"))
    else:
        puffer.write(daten)
        puffer.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sgb2",
        description="SGB-II-Berechnung (Bürgergeld/Grundsicherungsgeld) nach dem JSON-Vertrag.",
    )
    sub = parser.add_subparsers(dest="befehl", required=True)
    b = sub.add_parser("berechnen", help="Anfrage(n) als JSON berechnen")
    b.add_argument("datei", nargs="?", help="JSON-Datei (Standard: Standardeingabe)")
    args = parser.parse_args(argv)
    try:
        if args.datei and args.datei != "-":
            with open(args.datei, encoding="utf-8") as f:
                text = f.read()
        else:
            text = sys.stdin.read()
    except OSError as exc:
        return _fehler(f"Datei kann nicht gelesen werden: {exc.strerror or exc}")
    except UnicodeDecodeError:
        return _fehler("Eingabe ist kein gültiger UTF-8-Text")
    try:
        daten = json.loads(text)
    except json.JSONDecodeError as exc:
        return _fehler(
            f"ungültiges JSON in Zeile {exc.lineno}, Spalte {exc.colno}: {_json_grund(exc.msg)}"
        )
    # The parsed input stays alive until the end; keep the cyclic garbage collector from
    # scanning it again and again (the results are freed by reference counting).
    gc.freeze()
    try:
        inhalt = ausgabe(daten)
    except Eingabefehler as exc:
        return _fehler("ungültige Eingabe:\n" + "\n".join(f"  {p}: {g}" for p, g in exc.fehler))
    _schreiben(inhalt)
    return 0


def _json_grund(msg: str) -> str:
    uebersetzung = {
        "Expecting value": "Wert erwartet",
        "Expecting property name enclosed in double quotes": "Feldname in doppelten "
        "Anführungszeichen erwartet",
        "Expecting ',' delimiter": "Komma erwartet",
        "Expecting ':' delimiter": "Doppelpunkt erwartet",
        "Extra data": "zusätzliche Daten nach dem JSON-Wert",
        "Unterminated string starting at": "nicht abgeschlossene Zeichenkette",
    }
    return uebersetzung.get(msg, msg)
