"""The Rechner's answers byte for byte against another checkout (docs/performance.md, "The
Rechner POST, fifth round"): many random POSTs, German and English, through each tree's WSGI
handler with production settings, the normalised responses compared.

    python bench/rechner_same_page.py --against ../other-tree [--posts 600] [--seed 5]

Each checkout runs in its own process (``bench/rechner_post_cost.py``'s worker: production
settings on ``--database-url``/``--redis-url``; ``bench/request_cost.py --setup`` once). The
POSTs are drawn from a seeded generator: the five households of ``bench/web_bench.py``,
each answer kept, changed or left out at random — amounts typed in many ways (whole euros,
"1.234,56", "1,234.56", cents, words, markup, minus signs, too many decimals, too high),
dates in the boxes or wrong, the partner's fields, savings, pregnancy weeks, other income,
maintenance — plus "add a child", "remove child N", a missing or strange month, a missing
``aktion``; each in German or English (``Accept-Language``), first visits (no cookie).
Compared: the status, the headers but ``Set-Cookie``, ``Date``, ``Expires`` and the CSP's nonce (the
CSP's directives as a set: their order differs between processes), and the body with the
CSRF token and the nonce blanked. Exit status 1 on any difference (the first few shown).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(HERE)]

_TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_NONCE = re.compile(rb'(nonce=")[^"]*(")')
_CSP_NONCE = re.compile(r"'nonce-[^']*'")

AMOUNTS = ["250", "800", "1200", "2000", "35", "0", "1", "100", "480", "1500", "2.900",
           "1.234,56", "1,234.56", "12,5", "99,99", "0,01", "1 000 €", "300 EUR", "-5", "−20",
           "12,345", "abc", "<b>1</b>", "1e3",
           "1000001", "2.500,5", "7.5", "", "  250  ", "3,50 €", "١٢٣", "+40"]
DAYS = ["1", "15", "28", "31", "30", "0", "x", ""]
MONTHS = ["1", "2", "6", "12", "13", ""]
YEARS = ["1950", "1985", "1999", "2010", "2016", "2021", "2030", "1899", "85", ""]


def _date(rng: random.Random, prefix: str, form: dict[str, str]) -> None:
    for part, choices in (("tag", DAYS), ("monat", MONTHS), ("jahr", YEARS)):
        form[f"{prefix}-{part}"] = rng.choice(choices)


def post(rng: random.Random, households: list[dict[str, str]], month: str) -> dict[str, str]:
    """One random POST of the calculator (a dict of fields, in a browser's order)."""
    form: dict[str, str] = {"aktion": "berechnen", "monat": month, "warmwasser": "zentral",
                            **rng.choice(households)}
    roll = rng.random()
    if roll < 0.7:  # a plausible household with its own earnings
        brutto = rng.randrange(0, 3200, 50)
        form["as_brutto"], form["as_netto"] = str(brutto), str(brutto * 3 // 4)
    for name in ("as_sonstiges", "as_vermoegen", "kaltmiete", "nebenkosten", "heizkosten",
                 "pa_brutto", "pa_netto", "pa_vermoegen", "kind1_unterhalt", "as_brutto"):
        if rng.random() < (0.4 if roll >= 0.7 else 0.06):
            form[name] = rng.choice(AMOUNTS)
    if rng.random() < 0.1:
        form["as_ssw"] = rng.choice(["", "12", "13", "20", "46", "zwei"])
    if rng.random() < 0.1:
        form["weitere_personen"] = rng.choice(["0", "1", "3", "21", "-1", "x"])
    if rng.random() < 0.1:
        form["partner"] = rng.choice(["ja", "nein", "vielleicht", ""])
    if rng.random() < 0.08:
        _date(rng, rng.choice(["as_geburtsdatum", "pa_geburtsdatum", "kind1_geburtsdatum"]),
              form)
    if rng.random() < 0.05:
        form["monat"] = rng.choice(["", "2020-01", "nicht", month])
    if rng.random() < 0.05:
        form["warmwasser"] = rng.choice(["dezentral", "kalt", ""])
    if rng.random() < 0.06:
        form["aktion"] = "kind_hinzufuegen"
    elif rng.random() < 0.06:
        form["aktion"] = f"kind_entfernen_{rng.randint(0, 4)}"
    elif rng.random() < 0.02:
        del form["aktion"]
    if rng.random() < 0.03:
        form["kinder"] = rng.choice(["", "11", "-2", "zwei"])
    for name in [key for key in form if key != "aktion"]:
        if rng.random() < 0.005:
            del form[name]
    return form


def requests(count: int, seed: int) -> list[dict[str, str]]:
    from bench.web_bench import RECHNER_HOUSEHOLDS, rechner_month

    rng = random.Random(seed)
    month = rechner_month()
    return [{"body": urlencode(post(rng, RECHNER_HOUSEHOLDS, month)),
             "language": rng.choice(["de", "en", "en-GB,en;q=0.8", "de-DE,de;q=0.9"])}
            for _ in range(count)]


def normalised(status: int, headers: list[tuple[str, str]], body: bytes) -> dict[str, Any]:
    kept = []
    for name, value in headers:
        if name.lower() in ("set-cookie", "date", "expires"):
            continue
        if name.lower() == "content-security-policy":
            value = "; ".join(sorted(part.strip() for part in
                                     _CSP_NONCE.sub("'nonce'", value).split(";")))
        kept.append([name, value])
    body = _NONCE.sub(rb"\1-\2", _TOKEN.sub(rb"\1-\2", body))
    return {"status": status, "headers": sorted(kept), "body": body.decode()}


def serve(args: argparse.Namespace) -> int:
    sys.path.insert(0, str(HERE / "bench"))
    import io

    from rechner_post_cost import PATH, Worker, _environ

    worker = Worker(Path(args.tree).resolve(), args.database_url, args.redis_url)
    print("ready", flush=True)
    for line in sys.stdin:
        item = json.loads(line)
        environ = _environ("POST", PATH, item["body"].encode())
        environ["wsgi.input"] = io.BytesIO(item["body"].encode())
        environ["HTTP_ACCEPT_LANGUAGE"] = item["language"]
        started: list[Any] = []

        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None,
                  started: list[Any] = started) -> Callable[[bytes], object]:
            started.append((status, headers))
            return len  # (write(): not used by Django)

        response = worker.product(environ, start)
        try:
            body = b"".join(response)
        finally:
            response.close()
        status, headers = started[0]
        print(json.dumps(normalised(int(status.split()[0]), headers, body)), flush=True)
    return 0


def compare(args: argparse.Namespace) -> int:
    sys.path.insert(0, str(HERE / "bench"))
    from rechner_post_cost import ask, start_workers

    trees = {"against": Path(args.against).resolve(), "this": HERE}
    workers = start_workers(__file__, trees, args)
    different, results = 0, 0
    kinds: dict[str, int] = {}
    for item in requests(args.posts, args.seed):
        answers = [json.loads(ask(process, json.dumps(item))) for process in workers.values()]
        body = answers[1]["body"]
        kind = ("result" if 'id="ergebnis"' in body else
                "error" if '<div id="antwort">' in body else "form")
        kinds[kind] = kinds.get(kind, 0) + 1
        results += 1
        if answers[0] != answers[1]:
            different += 1
            if different <= 3:
                print(f"DIFFERENT for {item}:")
                for key in ("status", "headers"):
                    if answers[0][key] != answers[1][key]:
                        print(f"  {key}: {answers[0][key]!r}\n  vs {answers[1][key]!r}")
                a, b = answers[0]["body"], answers[1]["body"]
                if a != b:
                    at = next(i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y)
                    print(f"  body at {at}: {a[at - 80:at + 80]!r}\n  vs {b[at - 80:at + 80]!r}")
    for process in workers.values():
        process.stdin.close()  # type: ignore[union-attr]
        process.wait()
    print(f"{results} POSTs ({', '.join(f'{n} {k}' for k, n in sorted(kinds.items()))}): "
          f"{different} different")
    return 1 if different else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url",
                        default="postgres://postgres@127.0.0.1:5432/jc_fixedcost")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/8")
    parser.add_argument("--against", help="the other checkout")
    parser.add_argument("--posts", type=int, default=600)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--tree", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        return serve(args)
    if not args.against:
        parser.error("--against is needed")
    return compare(args)


if __name__ == "__main__":
    sys.exit(main())
