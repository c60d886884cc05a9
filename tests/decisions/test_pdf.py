"""The Typst PDF: data are content, never markup; PDF/A and tagged; logo optional."""

from __future__ import annotations

import io

import pypdf
from django.core.files.base import ContentFile

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
    from jobcenter.decisions import engine
    from jobcenter.decisions.documents import berechnungsboegen

    def month(m: int) -> dict:
        return engine.calculate({
            "monat": f"2027-{m:02d}", "leistungsbeginn": "2026-03",
            "personen": [{"id": "P1", "rolle": "antragsteller", "geburtsdatum": "1980-01-01"}],
            "unterkunft": {"bruttokaltmiete": 400.0, "heizkosten": 60.0,
                           "warmwasser": "zentral", "personen_im_haushalt": 1},
        })

    results = {f"2027-{m:02d}": month(m) for m in (1, 2, 3)}
    results["2027-03"]["hinweise"] = [*results["2027-03"]["hinweise"], "Nur ab März."]
    (bogen,) = berechnungsboegen(results)
    assert bogen["notes"][-1] == "Nur ab März."
    assert len(bogen["notes"]) == len(set(bogen["notes"]))
    assert set(results["2027-01"]["hinweise"]) <= set(bogen["notes"])
