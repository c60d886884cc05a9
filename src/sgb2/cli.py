"""Command line: ``python -m sgb2 berechnen [FILE]``.

Reads one request (JSON object) or a list of requests from FILE or standard input and
writes the result (or list of results) as JSON to standard output.  Invalid input: exit
code 2 and a German message on standard error naming the field and the reason.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from . import berechnen_json
from .parse import Eingabefehler

__all__ = ["main"]

EXIT_EINGABEFEHLER = 2


def _fehler(text: str) -> int:
    print(f"sgb2: {text}", file=sys.stderr)
    return EXIT_EINGABEFEHLER


def _berechnen(daten: Any) -> Any:
    if isinstance(daten, list):
        ergebnisse = []
        fehler: list[tuple[str, str]] = []
        for i, eintrag in enumerate(daten):
            try:
                ergebnisse.append(berechnen_json(eintrag))
            except Eingabefehler as exc:
                fehler.extend(exc.mit_praefix(f"[{i}]").fehler)
        if fehler:
            raise Eingabefehler(fehler)
        return ergebnisse
    return berechnen_json(daten)


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
    try:
        ergebnis = _berechnen(daten)
    except Eingabefehler as exc:
        return _fehler("ungültige Eingabe:\n" + "\n".join(f"  {p}: {g}" for p, g in exc.fehler))
    json.dump(ergebnis, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
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
