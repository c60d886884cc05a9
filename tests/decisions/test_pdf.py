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
