"""Where the CPU time of a large household's Bescheid goes, phase by phase (issue 18 item 4).

    python bench/bescheid_phases.py [--n 60]

Takes the first ``--n`` households of four or more persons of ``bescheid_bench.py`` (same
seeds, same data) and measures, pinned to one CPU, in CPU time per document:

* ``python``: building the Berechnungsbögen from the twelve months' results
  (``documents.berechnungsboegen``, as ``bescheid_data`` does for a real Bescheid; the
  bench proper builds its data outside the timing);
* ``json``: writing the data as ``/data.json`` into the compiler's root;
* ``layout``: Typst evaluating and laying out the document (``Compiler.query``);
* ``export``: the PDF/A export right after (``compile(format="pdf")``, whose layout then
  hits the cache: ≈ the export with font subsetting, tagging and deflate);
* ``full``: the application's ``render_pdf`` as a worker calls it;

and the same-run anchor of ``bescheid_bench.py`` (the one-page letter). Run it from two
checkouts alternately to compare them (docs/performance.md, issue 18).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=60)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    import bescheid_bench as bench
    from django.utils import translation

    from jobcenter.core import sgb2_adapter as engine
    from jobcenter.core import typst_pdf
    from jobcenter.decisions import documents
    from jobcenter.decisions.pdf import TEMPLATE, render_pdf
    from sgb2.batch_beispiele import erzeuge

    docs: list[tuple[int, dict]] = []
    number = 0
    while len(docs) < args.n:
        data = bench.data_for(number)
        if data is not None and len({r["person"] for r in data["amount_rows"]}) >= 4:
            docs.append((number, data))
        number += 1
    python = []
    for number, _data in docs:
        request = erzeuge(1, seed=number, nur_gemeinsame_regeln=False,
                          monat=f"{bench.FIRST_MONTH:%Y-%m}")[0]
        results = {f"{bench._month(k):%Y-%m}": engine.calculate(
            engine.with_month(request, bench._month(k))) for k in range(12)}
        started = time.process_time()
        with translation.override("de"):
            documents.berechnungsboegen(results)
        python.append(time.process_time() - started)
    render_pdf(docs[0][1])  # the thread's compiler and its root
    renderer = typst_pdf._renderer(TEMPLATE)
    phases: dict[str, list[float]] = {"json": [], "layout": [], "export": [], "full": []}
    for _round in range(2):
        for _number, data in docs:
            t0 = time.process_time()
            with open(renderer.root / typst_pdf.DATA_FILE, "w", encoding="utf-8") as handle:
                json.dump({**data, "logo": None}, handle, ensure_ascii=False)
            t1 = time.process_time()
            renderer.compiler.query("<footer-reference>")
            t2 = time.process_time()
            renderer.compiler.compile(format="pdf", pdf_standards=typst_pdf.PDF_STANDARD)
            t3 = time.process_time()
            phases["json"].append(t1 - t0)
            phases["layout"].append(t2 - t1)
            phases["export"].append(t3 - t2)
        for _number, data in docs:
            started = time.process_time()
            render_pdf(data)
            phases["full"].append(time.process_time() - started)
    (renderer.root / typst_pdf.DATA_FILE).unlink(missing_ok=True)
    first = docs[0][1]
    anchor_doc = {**first, "amount_rows": first["amount_rows"][:1], "berechnungsboegen": []}
    count, started = 0, time.process_time()
    while time.process_time() - started < 2.0:
        render_pdf(anchor_doc)
        count += 1
    anchor = count / (time.process_time() - started)
    rate = 1 / statistics.mean(phases["full"])

    def ms(values: list[float]) -> str:
        return f"{statistics.mean(values) * 1000:.2f} ms"

    print(f"{ROOT}: {len(docs)} households of four or more; python (Bögen) {ms(python)}; "
          + "; ".join(f"{name} {ms(values)}" for name, values in phases.items())
          + f"; {rate:.1f}/s; anchor {anchor:.0f}/s; ratio {rate / anchor:.3f}")


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobcenter.config.settings")
    import django

    django.setup()
    main()
