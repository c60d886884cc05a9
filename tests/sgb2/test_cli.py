"""``python -m sgb2 berechnen [FILE]`` as a subprocess (the JSON contract end to end)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

SRC = Path(__file__).resolve().parents[2] / "src"

ANFRAGE: dict[str, Any] = {
    "monat": "2024-03",
    "leistungsbeginn": "2024-01",
    "personen": [{"id": "P1", "rolle": "antragsteller", "geburtsdatum": "1990-05-10"}],
    "unterkunft": {
        "bruttokaltmiete": 400,
        "heizkosten": 80,
        "warmwasser": "zentral",
        "personen_im_haushalt": 1,
    },
}


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(SRC))
    return subprocess.run(
        [sys.executable, "-m", "sgb2", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_single_request_from_stdin() -> None:
    cp = run("berechnen", stdin=json.dumps(ANFRAGE))
    assert cp.returncode == 0, cp.stderr
    out = json.loads(cp.stdout)
    assert out["summe"]["zahlbetrag"] == 1043
    assert out["personen"][0]["id"] == "P1"


def test_list_of_requests_gives_list_of_results() -> None:
    zweite = json.loads(json.dumps(ANFRAGE))
    zweite["monat"] = "2023-05"
    zweite["leistungsbeginn"] = "2023-05"
    cp = run("berechnen", stdin=json.dumps([ANFRAGE, zweite]))
    assert cp.returncode == 0, cp.stderr
    out = json.loads(cp.stdout)
    assert [r["summe"]["zahlbetrag"] for r in out] == [1043, 982]


def test_file_argument(tmp_path: Path) -> None:
    f = tmp_path / "anfrage.json"
    f.write_text(json.dumps(ANFRAGE), encoding="utf-8")
    cp = run("berechnen", str(f))
    assert cp.returncode == 0, cp.stderr
    assert json.loads(cp.stdout)["monat"] == "2024-03"


def test_invalid_field_exit_2_with_german_message() -> None:
    bad = json.loads(json.dumps(ANFRAGE))
    bad["personen"][0]["geburtsdatum"] = "10.05.1990"
    cp = run("berechnen", stdin=json.dumps(bad))
    assert cp.returncode == 2
    assert "personen[0].geburtsdatum: kein gültiges Datum (erwartet JJJJ-MM-TT)" in cp.stderr
    assert cp.stdout == ""


def test_invalid_entry_in_list_names_its_index() -> None:
    bad = json.loads(json.dumps(ANFRAGE))
    bad["monat"] = "März"
    cp = run("berechnen", stdin=json.dumps([ANFRAGE, bad]))
    assert cp.returncode == 2
    assert "[1].monat: kein gültiger Monat (erwartet JJJJ-MM)" in cp.stderr


def _nicht_exakt() -> dict[str, Any]:
    """An excluded partner (age limit, Altersrente) with the Mehrbedarf bei Behinderung,
    which the engine does not model under the SGB XII (§ 30 Abs. 4)."""
    r = json.loads(json.dumps(ANFRAGE))
    r["personen"].append(
        {
            "id": "P2",
            "rolle": "partner",
            "geburtsdatum": "1955-03-01",
            "einkommen": [{"art": "altersrente", "betrag": 1100}],
            "mehrbedarfe": [{"art": "behinderung"}],
        }
    )
    r["unterkunft"]["personen_im_haushalt"] = 2
    return r


def test_household_not_computed_exactly_gives_no_number_exit_4() -> None:
    cp = run("berechnen", stdin=json.dumps(_nicht_exakt()))
    assert cp.returncode == 4
    assert cp.stdout == ""
    assert "personen[1].mehrbedarfe: Mehrbedarf „behinderung“" in cp.stderr
    assert "von Hand" in cp.stderr


def test_in_a_list_the_entry_names_what_is_not_modelled_and_the_others_are_computed() -> None:
    cp = run("berechnen", stdin=json.dumps([ANFRAGE, _nicht_exakt()]))
    assert cp.returncode == 4
    out = json.loads(cp.stdout)
    assert out[0]["summe"]["zahlbetrag"] == 1043
    assert list(out[1]) == ["nicht_modelliert"]
    assert out[1]["nicht_modelliert"][0]["pfad"] == "personen[1].mehrbedarfe"
    assert "[1].personen[1].mehrbedarfe" in cp.stderr


def test_invalid_json_exit_2() -> None:
    cp = run("berechnen", stdin='{"monat": ')
    assert cp.returncode == 2
    assert "ungültiges JSON" in cp.stderr


def test_missing_file_exit_2(tmp_path: Path) -> None:
    cp = run("berechnen", str(tmp_path / "fehlt.json"))
    assert cp.returncode == 2
    assert "Datei kann nicht gelesen werden" in cp.stderr


def _vorher(daten: Any) -> bytes:
    """The CLI's output before issue 16: ``json.dump(…, ensure_ascii=False, indent=2)`` of
    the result(s) plus a newline, UTF-8 (the reference for byte identity)."""
    from sgb2 import berechnen_json

    ergebnis = (
        [berechnen_json(e) for e in daten] if isinstance(daten, list) else berechnen_json(daten)
    )
    return (json.dumps(ergebnis, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def run_bytes(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, PYTHONPATH=str(SRC))
    return subprocess.run(
        [sys.executable, "-m", "sgb2", *args], input=stdin, capture_output=True, env=env,
        timeout=120, check=False,
    )


def test_output_is_byte_identical_to_the_standard_library_encoder(tmp_path: Path) -> None:
    """Issue 16: the fast output (orjson, one write) gives exactly the bytes of the former
    ``json.dump(…, indent=2)`` — on varied households of the full contract and of the
    common rules, with ids that need escaping or are not ASCII."""
    from sgb2.batch_beispiele import erzeuge

    anfragen = erzeuge(150, seed=161, nur_gemeinsame_regeln=False) + erzeuge(50, seed=162)
    sonder = json.loads(json.dumps(ANFRAGE))
    sonder["personen"][0]["id"] = 'Zoë "Ä" \\ / \t\n\x01\x1f\x7f € 𝄞 \u2028'
    anfragen.append(sonder)
    f = tmp_path / "anfragen.json"
    f.write_text(json.dumps(anfragen, ensure_ascii=False), encoding="utf-8")
    cp = run_bytes("berechnen", str(f))
    assert cp.returncode == 0, cp.stderr
    assert cp.stdout == _vorher(anfragen)
    # a single request, a list of one, an empty list
    for daten in (sonder, [sonder], []):
        cp = run_bytes("berechnen", stdin=json.dumps(daten).encode())
        assert cp.returncode == 0, cp.stderr
        assert cp.stdout == _vorher(daten)
    assert run_bytes("berechnen", stdin=b"[]").stdout == b"[]\n"


def test_output_is_utf8_whatever_the_locale() -> None:
    anfrage = json.loads(json.dumps(ANFRAGE))
    anfrage["personen"][0]["id"] = "Jürgen"
    env = dict(os.environ, PYTHONPATH=str(SRC), PYTHONIOENCODING="latin-1", LC_ALL="C")
    cp = subprocess.run([sys.executable, "-m", "sgb2", "berechnen"],
                        input=json.dumps(anfrage).encode(), capture_output=True, env=env,
                        timeout=60, check=False)
    assert cp.returncode == 0, cp.stderr
    assert '"id": "Jürgen"'.encode() in cp.stdout


def test_lone_surrogate_in_an_id_is_an_input_error_not_a_crash() -> None:
    gut = json.dumps(ANFRAGE)
    schlecht = gut.replace('"P1"', '"P\\ud800"')
    cp = run("berechnen", stdin=f"[{gut}, {schlecht}]")
    assert cp.returncode == 2
    assert "[1]: enthält Text, der kein gültiges Unicode ist" in cp.stderr
    assert cp.stdout == ""
    cp = run("berechnen", stdin=schlecht)
    assert cp.returncode == 2
    assert "Anfrage: enthält Text, der kein gültiges Unicode ist" in cp.stderr
    assert cp.stdout == ""


def test_engine_failure_is_reported_with_the_entry_and_exit_3(
    monkeypatch: Any, capsys: Any
) -> None:
    """A bug in the engine on a valid request: a German message naming the entry, exit
    code 3 (the output written so far is incomplete), no traceback."""
    from sgb2 import cli

    echt = cli.berechnen
    aufrufe = []

    def kaputt(anfrage: Any) -> Any:
        aufrufe.append(anfrage)
        if len(aufrufe) == 2:
            raise ZeroDivisionError("Testfehler")
        return echt(anfrage)

    monkeypatch.setattr(cli, "berechnen", kaputt)
    monkeypatch.setattr(sys, "stdin", __import__("io").StringIO(json.dumps([ANFRAGE] * 3)))
    assert cli.main(["berechnen"]) == 3
    err = capsys.readouterr().err
    assert "interner Fehler, die Ausgabe ist unvollständig: [1]: ZeroDivisionError" in err


def test_large_lists_are_written_in_blocks_with_every_entry_validated_first() -> None:
    """Nothing is written when the last of many entries is invalid; a valid list is written
    in blocks (several writes), each result whole."""
    from sgb2 import cli
    from sgb2.batch_beispiele import erzeuge

    anfragen = erzeuge(400, seed=163, nur_gemeinsame_regeln=False)
    bloecke: list[bytes] = []
    cli.ausgabe(anfragen, bloecke.append)
    assert len(bloecke) > 1
    assert b"".join(bloecke) == _vorher(anfragen)
    schlecht = json.loads(json.dumps(anfrage := anfragen[-1]))
    schlecht["monat"] = "2022-13"
    bloecke.clear()
    try:
        cli.ausgabe([*anfragen[:-1], schlecht], bloecke.append)
    except cli.Eingabefehler as exc:
        assert exc.fehler[0][0].startswith("[399].monat")
    else:  # pragma: no cover
        raise AssertionError("Eingabefehler erwartet")
    assert bloecke == []
    assert anfrage["monat"] != "2022-13"


def test_reader_closing_early_ends_quietly(tmp_path: Path) -> None:
    """``python -m sgb2 berechnen FILE | head -c 100``: no traceback on standard error."""
    from sgb2.batch_beispiele import erzeuge

    f = tmp_path / "anfragen.json"
    f.write_text(json.dumps(erzeuge(300, seed=164)), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(SRC))
    proc = subprocess.Popen([sys.executable, "-m", "sgb2", "berechnen", str(f)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert proc.stdout is not None and proc.stderr is not None
    anfang = proc.stdout.read(100)
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=60) == 1
    assert anfang.startswith(b"[\n  {\n")
    assert b"Traceback" not in err and b"BrokenPipe" not in err
