"""Bescheid PDF/A rendering throughput on one core (issue 5 item 11; target ≥ 50 PDFs/s).

    python bench/bescheid_bench.py [--n 300]

Pins the process to one CPU (``os.sched_setaffinity``), builds realistic Bescheid data — a
Bewilligung for a couple with two children over 12 months, amounts per person and month and
the Berechnungsbögen exactly as the application emits them (``documents.berechnungsboegen``:
one per run of months with equal results — two here, the younger child changes Regelbedarfsstufe
in August) — and renders it with the same per-thread
Typst compiler the application uses (``jobcenter.decisions.pdf.render_pdf``, PDF/A-2a,
tagged). Each document gets its own reference number so nothing is cached between
documents except the compiler (fonts, parsed template). Reports PDFs/s (wall and CPU).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def household(monat: str) -> dict:
    return {
        "monat": monat, "leistungsbeginn": "2026-03",
        "personen": [
            {"id": "P1", "rolle": "antragsteller", "geburtsdatum": "1988-04-12",
             "einkommen": [{"art": "erwerbseinkommen", "brutto": 1250.0, "netto": 980.0}]},
            {"id": "P2", "rolle": "partner", "geburtsdatum": "1990-09-03"},
            {"id": "P3", "rolle": "kind", "geburtsdatum": "2016-02-20", "eltern": ["P1", "P2"],
             "einkommen": [{"art": "kindergeld", "betrag": 259.0, "empfaenger": "P1"}]},
            {"id": "P4", "rolle": "kind", "geburtsdatum": "2021-07-11", "eltern": ["P1", "P2"],
             "einkommen": [{"art": "kindergeld", "betrag": 259.0, "empfaenger": "P1"}]},
        ],
        "unterkunft": {"bruttokaltmiete": 780.0, "heizkosten": 120.0, "warmwasser": "zentral",
                       "personen_im_haushalt": 4},
    }


def data_for(reference: str) -> dict:
    from django.utils import translation

    from jobcenter.decisions import engine
    from jobcenter.decisions.documents import berechnungsboegen, euro, period_label

    results = {f"2027-{m:02d}": engine.calculate(household(f"2027-{m:02d}"))
               for m in range(1, 13)}
    # consecutive months with equal amounts form one group, as in decisions.documents
    groups: list[list] = []
    for key, r in results.items():
        month = engine.month_of(key)
        sig = [(p["id"], p["zahlbetrag"]) for p in r["personen"]]
        if groups and groups[-1][2] == sig:
            groups[-1][1] = month
        else:
            groups.append([month, month, sig])
    with translation.override("de"):
        amount_rows = [{"month": period_label(first, last), "person": pid,
                        "amount": euro(amount)}
                       for first, last, sig in groups for pid, amount in sig]
        # exactly the Berechnungsbögen the application emits (one per run of equal months)
        boegen = berechnungsboegen(results)
    return {
        "title": "Bewilligungsbescheid", "footer_reference": f"Aktenzeichen {reference}",
        "labels": {k: k.title() for k in ["page", "phone", "email", "website",
                                           "opening_hours", "amounts", "month", "person",
                                           "amount", "reasons", "position", "legal_basis",
                                           "rechtsbehelf"]},
        "jobcenter": {"name": "Jobcenter Musterstadt", "street": "Am Marktplatz 1",
                      "postcode": "12001", "city": "Musterstadt", "phone": "0301 12345-0",
                      "email": "jobcenter@musterstadt.example", "website": "",
                      "opening_hours": ["Mo, Di, Fr 8–12 Uhr", "Do 8–18 Uhr"]},
        "addressee": ["Alice Adler", "Lindenweg 3", "12001 Musterstadt"],
        "reference_rows": [["Aktenzeichen", reference], ["Datum", "24.11.2026"]],
        "paragraphs": ["Sehr geehrte Damen und Herren,",
                       "auf Ihren Antrag bewilligen wir Ihnen Leistungen in folgender Höhe."],
        "amount_rows": amount_rows, "reasons": [],
        "berechnungsboegen": boegen,
        "rechtsbehelf": ["Sie können gegen diesen Bescheid Widerspruch einlegen. Die Frist "
                         "beträgt einen Monat nach Bekanntgabe (§ 84 SGG)."] * 3,
        "signature_note": "Dieser Bescheid ist ohne Unterschrift gültig (§ 33 Abs. 5 SGB X).",
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=300)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    from jobcenter.decisions.pdf import render_pdf

    base = data_for("JC-2026-000000")
    render_pdf(base)  # warm-up: compiler, fonts, template
    docs = []
    for i in range(args.n):
        data = dict(base)
        data["footer_reference"] = f"Aktenzeichen JC-2026-{i:06d}"
        data["reference_rows"] = [["Aktenzeichen", f"JC-2026-{i:06d}"], ["Datum", "24.11.2026"]]
        docs.append(data)
    wall, cpu = time.perf_counter(), time.process_time()
    size = 0
    for data in docs:
        size += len(render_pdf(data))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; machine: {platform.node()} "
          f"{platform.processor() or platform.machine()}, Python {platform.python_version()}")
    print(f"Bescheid PDFs (PDF/A-2a, tagged, 12 months × 4 persons, Berechnungsbogen, "
          f"{size // args.n // 1024} KiB each): {args.n} in {wall:.2f} s wall → "
          f"{args.n / wall:.1f} PDFs/s per core "
          f"(CPU time: {args.n / cpu:.1f} PDFs/s)")
    if args.n / cpu < 50:
        sys.exit("below the target of 50 PDFs/s per core")


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobcenter.config.settings")
    import django

    django.setup()
    main()
