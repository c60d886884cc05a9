"""make lighthouse: Lighthouse (mobile) on the pages issue 18 names, against a private demo
instance served as in production (hashed, compressed static files through WhiteNoise).

Needs Node >= 18.16 and Debian's /usr/bin/chromium (CHROME_PATH); installs the pinned
Lighthouse from tools/lighthouse/package-lock.json (npm ci) when node_modules is missing.
Writes a Markdown table to stdout and the full results to var/lighthouse/results.json.
Not run in CI (it needs Node and takes minutes); the checks it relies on that are cheap to
test (console errors, meta description, robots.txt, static headers) are pytest tests.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import demo_site

HERE = Path(__file__).resolve().parent
OUT = demo_site.ROOT / "var" / "lighthouse"


def pages(site: demo_site.DemoSite) -> list[dict]:
    citizen, staff = site.cookies["citizen"], site.cookies["staff"]
    ids = site.ids
    return [
        {"name": "Startseite", "path": "/"},
        {"name": "Rechner", "path": "/buergergeld-rechner/"},
        {"name": "Rechner: Ergebnis", "path": "/buergergeld-rechner/", "rechner": True},
        {"name": "Anmelden", "path": "/konto/login/"},
        {"name": "Registrieren", "path": "/konto/signup/"},
        {"name": "Übersicht", "path": "/portal/", "cookie": citizen},
        {"name": "Meine Anliegen", "path": "/portal/anliegen/", "cookie": citizen},
        {"name": "Dokumente", "path": "/portal/dokumente/", "cookie": citizen},
        {"name": "Formularseite (Hauptantrag)", "path": ids["form_page"], "cookie": citizen},
        {"name": "Postfach", "path": "/portal/postfach/", "cookie": citizen},
        {
            "name": "Postfach: Unterhaltung",
            "path": f"/portal/postfach/{ids['thread']}/",
            "cookie": citizen,
        },
        {"name": "Termine", "path": "/portal/termine/", "cookie": citizen},
        {"name": "Zahlungen", "path": "/portal/zahlungen/", "cookie": citizen},
        {
            "name": "Arbeitsvorrat (Sachbearbeitung)",
            "path": "/arbeitsbereich/akte/",
            "cookie": staff,
        },
        {
            "name": "Fallakte (Sachbearbeitung)",
            "path": f"/arbeitsbereich/akte/{ids['staff_case']}/",
            "cookie": staff,
        },
        {
            "name": "Bescheid (Sachbearbeitung)",
            "path": f"/arbeitsbereich/bescheide/{ids['decision']}/",
            "cookie": staff,
        },
    ]


def table(results: list[dict]) -> str:
    lines = [
        "| Seite | Pfad | Performance | Barrierefreiheit | Best Practices | SEO "
        "| Auslieferung | offen |",
        "|---|---|---:|---:|---:|---:|---|---|",
    ]
    for r in results:
        s = r["scores"]
        open_points = "; ".join(f for f in r["failing"] if not f.startswith("performance/"))
        # compression, cache lifetime, render-blocking resources, font-display
        delivery = r.get("delivery", {})
        flagged = [name for name, score in delivery.items() if score < 1]
        shown = (
            "–"
            if not delivery
            else ("flagged: " + ", ".join(flagged) if flagged else f"ok ({len(delivery)} audits)")
        )
        lines.append(
            f"| {r['name']} | `{r['path']}` | {s['performance']} | {s['accessibility']} "
            f"| {s['best-practices']} | {s['seo']} | {shown} | {open_points or '–'} |"
        )
    return "\n".join(lines)


def main() -> int:
    if not (HERE / "node_modules" / "lighthouse").exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True)
    OUT.mkdir(parents=True, exist_ok=True)
    site = demo_site.start()
    try:
        spec = OUT / "pages.json"
        spec.write_text(json.dumps({"base": site.base_url, "pages": pages(site)}))
        results_file = OUT / "results.json"
        subprocess.run(
            ["node", str(HERE / "run.mjs"), str(spec), str(results_file)], cwd=HERE, check=True
        )
        results = json.loads(results_file.read_text())
    finally:
        site.stop()
    version = json.loads((HERE / "node_modules" / "lighthouse" / "package.json").read_text())
    chromium = subprocess.run(
        ["/usr/bin/chromium", "--version"], capture_output=True, text=True
    ).stdout.strip()
    print(
        f"\nLighthouse {version['version']}, {chromium}, mobile, "
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC\n"
    )
    print(table(results))
    below = [
        r["name"]
        for r in results
        if min(v for k, v in r["scores"].items() if k != "performance") < 100
    ]
    if below:
        print(f"\nbelow 100 (accessibility, best practices or SEO): {', '.join(below)}")
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
