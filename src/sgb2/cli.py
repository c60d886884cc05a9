"""Command line: ``python -m sgb2 berechnen [FILE]``.

Reads one request (JSON object) or a list of requests from FILE or standard input and
writes the result (or list of results) as JSON to standard output.  Invalid input: exit
code 2 and a German message on standard error naming the field and the reason. A household
the engine does not compute exactly (``NichtModelliert``): no number — exit code 4 and the
reasons on standard error; in a list its entry is ``{"nicht_modelliert": [...]}``.

The output is exactly what ``json.dumps(ergebnis, ensure_ascii=False, indent=2)`` gives,
plus a final newline, in UTF-8. It is produced fast (issue 16; docs/performance.md): every
request of a list is validated first, so that nothing is written if any is invalid; then
each result is computed, encoded with orjson and handed to the output in blocks of about
1 MiB, so neither the results nor the whole output are ever held in memory at once. (The
standard library's indenting encoder is pure Python and wrote in millions of small pieces:
two thirds to nine tenths of the former process time, depending on output buffering.)
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from collections.abc import Callable
from typing import Any

import orjson

from .engine import berechnen
from .model import Request
from .parse import Eingabefehler, NichtModelliert, parse_request

__all__ = ["ausgabe", "main"]

EXIT_EINGABEFEHLER = 2
EXIT_INTERN = 3
EXIT_NICHT_MODELLIERT = 4

_EINRUECKEN = orjson.OPT_INDENT_2
_BLOCK = 1 << 20  # bytes handed to the output at once

_KEIN_UNICODE = ("enthält Text, der kein gültiges Unicode ist (einzelnes Ersatzzeichen "
                 "wie \\ud800)")


class InternerFehler(Exception):
    """The engine failed on a valid request (a bug); output may be incomplete."""


def _fehler(text: str, code: int = EXIT_EINGABEFEHLER) -> int:
    print(f"sgb2: {text}", file=sys.stderr)
    return code


def _unicode_ok(eintrag: Any) -> bool:
    """False if the request holds a lone surrogate (``"\\ud800"`` is valid JSON but not
    Unicode): its ids would reach the output, which cannot be written as UTF-8."""
    try:
        orjson.dumps(eintrag)
    except orjson.JSONEncodeError:
        return False
    return True


def _ergebnis(anfrage: Request, pfad: str) -> bytes:
    try:
        return orjson.dumps(berechnen(anfrage).to_dict(), option=_EINRUECKEN)
    except NichtModelliert:
        raise
    except Exception as exc:  # noqa: BLE001 - reported with the entry, exit code 3
        raise InternerFehler(f"{pfad or 'Anfrage'}: {type(exc).__name__}: {exc}") from exc


def _nicht_modelliert(exc: NichtModelliert) -> bytes:
    """The entry of a list whose household the engine does not compute exactly: no number,
    what is not modelled instead."""
    eintrag = {"nicht_modelliert": [{"pfad": p, "grund": g} for p, g in exc.fehler]}
    return orjson.dumps(eintrag, option=_EINRUECKEN)


def ausgabe(daten: Any, schreiben: Callable[[bytes], Any]) -> list[tuple[str, str]]:
    """Write the CLI's standard output for the parsed input ``daten`` through
    ``schreiben`` (UTF-8 bytes, in blocks): byte for byte
    ``json.dumps(ergebnis, ensure_ascii=False, indent=2) + "\\n"`` of the result or the
    list of results.

    Raises :class:`Eingabefehler` with every problem of every entry (paths prefixed ``[i]``
    in a list) before anything is written; :class:`InternerFehler` if the engine fails on
    a valid request (then the output written so far is incomplete). A single request the
    engine does not compute exactly raises :class:`NichtModelliert` before anything is
    written; in a list, such an entry is ``{"nicht_modelliert": [{"pfad", "grund"}]}`` and
    its reasons (paths prefixed ``[i]``) are returned.
    """
    if not isinstance(daten, list):
        anfrage = parse_request(daten)
        if not _unicode_ok(daten):
            raise Eingabefehler([("Anfrage", _KEIN_UNICODE)])
        schreiben(_ergebnis(anfrage, "") + b"\n")
        return []
    anfragen: list[Request] = []
    fehler: list[tuple[str, str]] = []
    for i, eintrag in enumerate(daten):
        try:
            anfragen.append(parse_request(eintrag))
        except Eingabefehler as exc:
            fehler.extend(exc.mit_praefix(f"[{i}]").fehler)
            continue
        if not _unicode_ok(eintrag):
            fehler.append((f"[{i}]", _KEIN_UNICODE))
    if fehler:
        raise Eingabefehler(fehler)
    if not anfragen:
        schreiben(b"[]\n")
        return []
    nicht_exakt: list[tuple[str, str]] = []
    block: list[bytes] = [b"[\n  "]
    groesse = 0
    for i, anfrage in enumerate(anfragen):
        if i:
            block.append(b",\n  ")
        # One level deeper inside the list. A raw newline occurs in orjson's output only
        # between tokens (strings escape it as \n).
        try:
            teil = _ergebnis(anfrage, f"[{i}]")
        except NichtModelliert as exc:
            teil = _nicht_modelliert(exc)
            nicht_exakt.extend(exc.mit_praefix(f"[{i}]").fehler)
        teil = teil.replace(b"\n", b"\n  ")
        block.append(teil)
        groesse += len(teil)
        if groesse >= _BLOCK:
            schreiben(b"".join(block))
            block, groesse = [], 0
    block.append(b"\n]\n")
    schreiben(b"".join(block))
    return nicht_exakt


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
    del text
    # The parsed input stays alive until the end; keep the cyclic garbage collector from
    # scanning it again and again (the results are freed by reference counting).
    gc.freeze()
    sys.stdout.flush()
    puffer = getattr(sys.stdout, "buffer", None)
    schreiben: Callable[[bytes], Any] = (
        puffer.write if puffer is not None  # UTF-8 bytes, whatever the locale
        else lambda daten: sys.stdout.write(daten.decode("utf-8"))  # a text stream (tests)
    )
    try:
        nicht_exakt = ausgabe(daten, schreiben)
    except NichtModelliert as exc:
        return _fehler(
            "nicht exakt berechenbar (von Hand zu berechnen):\n"
            + "\n".join(f"  {p}: {g}" for p, g in exc.fehler),
            EXIT_NICHT_MODELLIERT,
        )
    except Eingabefehler as exc:
        return _fehler("ungültige Eingabe:\n" + "\n".join(f"  {p}: {g}" for p, g in exc.fehler))
    except InternerFehler as exc:
        sys.stdout.flush()
        return _fehler(f"interner Fehler, die Ausgabe ist unvollständig: {exc}", EXIT_INTERN)
    except BrokenPipeError:
        # the reader stopped early (e.g. ``| head``): end quietly, without a traceback
        _stdout_verwerfen()
        return 1
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _stdout_verwerfen()
        return 1
    if nicht_exakt:
        return _fehler(
            "nicht exakt berechenbar, ohne Ergebnis (von Hand zu berechnen):\n"
            + "\n".join(f"  {p}: {g}" for p, g in nicht_exakt),
            EXIT_NICHT_MODELLIERT,
        )
    return 0


def _stdout_verwerfen() -> None:
    """Point standard output at /dev/null, so that the interpreter's final flush of the
    remaining buffer does not fail again."""
    try:
        ziel = os.open(os.devnull, os.O_WRONLY)
        os.dup2(ziel, sys.stdout.fileno())
    except (OSError, ValueError):  # pragma: no cover - stdout without a file descriptor
        pass


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
