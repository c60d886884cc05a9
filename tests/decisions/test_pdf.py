"""The Typst PDF: data are content, never markup; PDF/A and tagged; logo optional."""

from __future__ import annotations

import io
import threading

import pypdf
import pytest
from django.core.files.base import ContentFile
from django.utils import translation

from jobcenter.decisions import services
from jobcenter.decisions.documents import bescheid_data, bescheid_pdf, euro


def test_markup_in_data_stays_literal_text(calc_case, caseworker):
    decision = services.decision_create(
        case=calc_case, decision_type_key="ablehnung", actor=caseworker,
        reasons='#set text(fill: red) *fett* $x$ #import "/etc/passwd"')
    reader = pypdf.PdfReader(io.BytesIO(bescheid_pdf(decision)))
    text = " ".join(p.extract_text() for p in reader.pages)
    assert '#set text(fill: red) *fett* $x$ #import "/etc/passwd"' in text


def test_pdf_is_tagged_pdfa_with_language(calc_case, caseworker):
    decision = services.decision_create(case=calc_case, decision_type_key="bewilligung",
                                        actor=caseworker)
    reader = pypdf.PdfReader(io.BytesIO(bescheid_pdf(decision)))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert str(root["/Lang"]).startswith("de")
    xmp = reader.xmp_metadata.stream.get_data().decode()
    assert "pdfaid:part" in xmp and "pdfaid:conformance" in xmp


def test_svg_logo_is_rendered(calc_case, caseworker):
    jc = calc_case.jobcenter
    jc.logo.save("logo.svg", ContentFile(
        b'<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10">'
        b'<rect width="20" height="10"/></svg>'))
    decision = services.decision_create(case=calc_case, decision_type_key="bewilligung",
                                        actor=caseworker)
    pdf = bescheid_pdf(decision)
    assert pdf.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert "Jobcenter Alpha" in reader.pages[0].extract_text()


def test_letter_data_contain_letterhead_deadline_note_and_grouped_months(calc_case,
                                                                         caseworker):
    decision = services.decision_create(case=calc_case, decision_type_key="bewilligung",
                                        actor=caseworker)
    data = bescheid_data(decision)
    assert data["jobcenter"]["opening_hours"] == ["Mo–Fr 8–12 Uhr"]
    assert any("vierten Tag" in p for p in data["rechtsbehelf"])
    assert "§ 33 Abs. 5 SGB X" in data["signature_note"]
    assert len(data["amount_rows"]) < 12  # equal months are grouped
    assert euro(1234.5) == "1.234,50 €"



def test_a_berechnungsbogen_lists_the_notes_of_every_month_it_covers():
    """Months with equal amounts share one Bogen; a note that first appears in a later
    month of the run is listed too, and every note only once."""
    from jobcenter.core import sgb2_adapter as engine
    from jobcenter.decisions.documents import berechnungsboegen

    def month(m: int) -> dict:
        return engine.calculate({
            "monat": f"2027-{m:02d}", "leistungsbeginn": "2026-03",
            "personen": [{"id": "P1", "rolle": "antragsteller", "geburtsdatum": "1980-01-01"}],
            "unterkunft": {"bruttokaltmiete": 400.0, "heizkosten": 60.0,
                           "warmwasser": "zentral", "personen_im_haushalt": 1},
        })

    results = {f"2027-{m:02d}": month(m) for m in (1, 2, 3)}
    results["2027-03"]["hinweise"] = [
        *results["2027-03"]["hinweise"],
        "Bewilligungszeitraum auf sechs Monate verkürzt, weil die Aufwendungen für Unterkunft "
        "und Heizung unangemessen sind (§ 41 Abs. 3 S. 2 SGB II)."]
    (bogen,) = berechnungsboegen(results, {"P1": "Alice"})
    assert bogen["notes"][-1].startswith("Die Leistung wird zunächst für sechs Monate bewilligt")
    assert len(bogen["notes"]) == len(set(bogen["notes"]))
    # the citizen's texts of the notes for citizens; nothing for staff only
    assert bogen["notes"][0].startswith("Bis einschließlich")
    assert not any("Rechtsstand" in n or "geprüft" in n for n in bogen["notes"])
    assert [s["title"] for s in bogen["sections"]] == ["Wohnung", "Alice"]


def _single(month: str, rent: float = 400.0, netto: float | None = None) -> dict:
    from jobcenter.core import sgb2_adapter as engine

    person: dict = {"id": "P1", "rolle": "antragsteller", "geburtsdatum": "1980-01-01"}
    if netto is not None:
        person["einkommen"] = [{"art": "erwerbseinkommen", "brutto": netto * 1.25,
                                "netto": netto}]
    return engine.calculate({
        "monat": month, "leistungsbeginn": "2026-03", "personen": [person],
        "unterkunft": {"bruttokaltmiete": rent, "heizkosten": 60.0, "warmwasser": "zentral",
                       "personen_im_haushalt": 1},
    })


def test_runs_of_months_stand_side_by_side_and_a_position_appears_once():
    """Issue 18 item 4: one Bogen with a column per run of equal months; a position that
    only exists in a later run is placed where that run has it, "–" in the runs without
    it; a note of only some runs names them."""
    from jobcenter.decisions.documents import NO_AMOUNT, berechnungsboegen

    results = {"2027-01": _single("2027-01"), "2027-02": _single("2027-02", netto=600.0),
               "2027-03": _single("2027-03", netto=600.0)}
    results["2027-02"]["hinweise"] = [
        *results["2027-02"]["hinweise"],
        "Bewilligungszeitraum auf sechs Monate verkürzt, weil die Aufwendungen für Unterkunft "
        "und Heizung unangemessen sind (§ 41 Abs. 3 S. 2 SGB II)."]
    with translation.override("de"):
        (bogen,) = berechnungsboegen(results, {"P1": "Alice"}, {"Alice": "Alice A., geb. 1.1."})
    assert bogen["title"] == "Berechnungsbogen Januar 2027 bis März 2027"
    assert bogen["columns"] == ["Januar 2027", "Februar 2027 bis März 2027"]
    assert [s["title"] for s in bogen["sections"]] == ["Wohnung", "Alice A., geb. 1.1."]
    rows = bogen["sections"][1]["rows"]
    labels = [row[0] for row in rows]
    # a label recurs only with an amount of its own (the steps of a Freibetrag)
    assert {label for label in labels if labels.count(label) > 1} <= {
        "Einkommen: Freibetrag für Erwerbstätige (bleibt Ihnen)"}
    regel = rows[labels.index("Regelbedarf (für Essen, Kleidung, Strom und mehr)")]
    assert regel[1] == "§ 20 SGB II" and regel[2] == regel[3] != NO_AMOUNT
    income = rows[labels.index("Einkommen: Lohn oder Gehalt, netto")]
    assert income[2] == NO_AMOUNT and income[3] == "600,00\u00a0€"
    # the income comes after the need and before the entitlement, as in the run that has it
    assert (labels.index("Bedarf insgesamt") < labels.index("Einkommen: Lohn oder Gehalt, netto")
            < labels.index("Zahlbetrag im Monat"))
    payable = rows[labels.index("Zahlbetrag im Monat")]
    assert payable[2] != payable[3]
    assert all(len(row) == 4 for row in rows)
    # a note of February (its run: February and March) names the run; the Karenzzeit of
    # every month stands alone
    assert ("Für Februar 2027 bis März 2027: Die Leistung wird zunächst für sechs Monate "
            "bewilligt") in " ".join(bogen["notes"])
    assert any(n.startswith("Bis einschließlich") for n in bogen["notes"])


def test_more_runs_than_fit_side_by_side_continue_in_a_further_bogen():
    from jobcenter.decisions.documents import PERIODS_PER_SHEET, berechnungsboegen

    results = {f"2027-{m:02d}": _single(f"2027-{m:02d}", rent=400.0 + 10 * m)
               for m in range(1, 8)}
    with translation.override("de"):
        boegen = berechnungsboegen(results, {"P1": "Alice"})
    assert PERIODS_PER_SHEET == 3
    assert [len(b["columns"]) for b in boegen] == [3, 3, 1]
    assert [b["title"] for b in boegen] == [
        "Berechnungsbogen Januar 2027 bis März 2027", "Berechnungsbogen April 2027 bis Juni 2027",
        "Berechnungsbogen Juli 2027"]
    assert boegen[0]["columns"] == ["Januar 2027", "Februar 2027", "März 2027"]
    assert boegen[2]["columns"] == ["Betrag"]  # one run: its months are in the title
    rent = [[row for row in b["sections"][0]["rows"] if row[0].startswith("Wohnung: Miete")][0]
            for b in boegen]
    assert [cell for row in rent for cell in row[2:]] == [
        f"{400 + 10 * m},00\u00a0€" for m in range(1, 8)]


def test_notes_for_staff_only_stay_out_of_the_bescheid(calc_case, caseworker):
    """Modelling assumptions, provisional legal states and tasks for the caseworker
    ("Vorrangprüfung … prüfen") are for staff: marked in the calculation view, never
    printed in the citizen's Bescheid; notes about the citizen's case are."""
    from jobcenter.core import sgb2_adapter as engine
    from tests.decisions.conftest import sgb2_request

    request = sgb2_request()
    request["unterkunft"]["angemessenheitsgrenze_bruttokalt"] = 400.0
    request["leistungsbeginn"] = "2026-01"
    result = engine.calculate(request)
    intern = result["hinweise_intern"]
    assert any(h.startswith("Vorläufiger Rechtsstand") for h in intern)
    assert any(h.startswith("Vorrangprüfung") for h in intern)
    public = engine.citizen_notes(result)
    assert public and not set(public) & set(intern)
    assert set(public) | set(intern) == set(result["hinweise"])
    html = engine.explanation_html(result)
    assert html.count("(nur für die Fachkraft)") == len(intern)

    decision = services.decision_create(case=calc_case, decision_type_key="bewilligung",
                                        actor=caseworker)
    text = " ".join(_text(bescheid_pdf(decision)).split())
    assert "Vorläufiger Rechtsstand" not in text and "Vorrangprüfung" not in text
    assert "Gesetzestext" not in text


def _text(pdf: bytes) -> str:
    return " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_every_render_shows_its_own_data_and_leaves_no_data_file(calc_case, caseworker):
    """The data travel in a file of the thread's private compiler root: documents rendered
    straight after each other (same second, same compiler) never show a predecessor's
    data, and the file with personal data is gone once the PDF is there."""
    from jobcenter.core import typst_pdf
    from jobcenter.decisions import pdf as renderer

    decision = services.decision_create(case=calc_case, decision_type_key="bewilligung",
                                        actor=caseworker)
    base = bescheid_data(decision)
    for number in range(6):
        data = dict(base, footer_reference=f"Aktenzeichen AZ-{number}-ENDE",
                    addressee=[f"Person Nummer{number}", "Lindenweg 3", "12001 Musterstadt"])
        text = _text(renderer.render_pdf(data))
        assert f"AZ-{number}-ENDE" in text and f"Nummer{number}" in text
        assert f"AZ-{number - 1}-ENDE" not in text and f"Nummer{number - 1}" not in text
        root = typst_pdf._renderer(renderer.TEMPLATE).root
        assert not (root / typst_pdf.DATA_FILE).exists()
        assert oct(root.stat().st_mode & 0o777) == "0o700"


def test_a_failed_render_removes_the_data_and_the_next_one_works(calc_case, caseworker):
    from jobcenter.core import typst_pdf
    from jobcenter.decisions import pdf as renderer

    decision = services.decision_create(case=calc_case, decision_type_key="bewilligung",
                                        actor=caseworker)
    data = bescheid_data(decision)
    broken = {k: v for k, v in data.items() if k != "labels"}
    with pytest.raises(renderer.PdfRenderError):
        renderer.render_pdf(broken)
    root = typst_pdf._renderer(renderer.TEMPLATE).root
    assert not (root / typst_pdf.DATA_FILE).exists()
    assert calc_case.reference in _text(renderer.render_pdf(data))


def test_threads_render_concurrently_each_with_its_own_data(calc_case, caseworker):
    """Every thread has its own compiler root, so parallel renders cannot swap data."""
    from jobcenter.decisions import pdf as renderer
    from tests.concurrency import run_at_once

    decision = services.decision_create(case=calc_case, decision_type_key="bewilligung",
                                        actor=caseworker)
    base = bescheid_data(decision)

    numbers = iter(range(3))
    lock = threading.Lock()

    def render() -> tuple[int, str]:
        with lock:
            number = next(numbers)
        pdf = renderer.render_pdf(dict(base, footer_reference=f"Aktenzeichen PAR-{number}-ENDE"))
        return number, _text(pdf)

    results, errors = run_at_once(render, threads=3)
    assert not errors and len(results) == 3
    for number, text in results:
        assert f"PAR-{number}-ENDE" in text
        assert all(f"PAR-{other}-ENDE" not in text for other in range(3) if other != number)


def test_a_forked_worker_process_gets_its_own_compiler_root(calc_case, caseworker):
    """A prefork worker inherits its parent's thread-local state; it must not write its
    data file into the parent's root."""
    from jobcenter.core import typst_pdf
    from jobcenter.decisions import pdf as renderer

    parent = typst_pdf._renderer(renderer.TEMPLATE)
    root = parent.root
    parent.pid = -1  # as seen from a child process after fork()
    child_root = typst_pdf._renderer(renderer.TEMPLATE).root
    assert child_root != root and (child_root / renderer.TEMPLATE.name).is_file()
    decision = services.decision_create(case=calc_case, decision_type_key="bewilligung",
                                        actor=caseworker)
    assert calc_case.reference in _text(bescheid_pdf(decision))
    assert typst_pdf._renderer(renderer.TEMPLATE).root == child_root


def test_a_persons_heading_never_ends_a_page_without_its_table(calc_case, caseworker):
    """The heading of a person's table in the Berechnungsbogen (and its subtitle, the
    benefit and months) stays on the page of the table: with every amount of text before
    the Bogen, no page ends with a person's heading or subtitle (seen in six-person
    letters before the subtitle became sticky)."""
    from jobcenter.decisions.pdf import render_pdf

    decision = services.decision_create(case=calc_case, decision_type_key="bewilligung",
                                        actor=caseworker)
    base = bescheid_data(decision)
    (bogen, *_) = base["berechnungsboegen"]
    person = bogen["sections"][-1]
    sections = [dict(person, title=f"Person Nummer {n}", subtitle=f"Untertitel Nummer {n}")
                for n in range(1, 4)]
    marks = {s["title"] for s in sections} | {s["subtitle"] for s in sections}
    checked_pages = 0
    for filler in range(0, 60, 3):  # moves the Bogen down the page line by line
        data = dict(base, paragraphs=[*base["paragraphs"],
                                      *(f"Fülltext {i}." for i in range(filler))],
                    berechnungsboegen=[dict(bogen, sections=[bogen["sections"][0], *sections])])
        reader = pypdf.PdfReader(io.BytesIO(render_pdf(data)))
        for page in reader.pages[:-1]:
            lines = [line.strip() for line in page.extract_text().splitlines() if line.strip()]
            body = [line for line in lines if not line.startswith("Aktenzeichen ")]
            assert body[-1] not in marks, (filler, body[-3:])
            checked_pages += 1
    assert checked_pages > 20
