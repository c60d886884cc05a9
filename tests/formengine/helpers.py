"""Helpers for driving the engine's views in tests."""

from __future__ import annotations

import io

from django.urls import reverse
from PIL import Image

from jobcenter.formengine.models import Draft

PAGE_DATA = {
    "person": {
        "vorname": "Alice",
        "geburtsdatum": "1990-05-01",
        "familienstand-present": "1",
        "familienstand": "ledig",
    },
    "kontakt": {
        "email": "",
        "telefon": "030 1234567",
        "anschrift-street": "Weg 1",
        "anschrift-postcode": "11111",
        "anschrift-city": "Alphastadt",
        "einzug": "2020-01-01",
    },
    "kinder": {"hat_kinder-present": "1", "hat_kinder": "nein"},
    "geld": {
        "einkommen": "1.234,56",
        "stunden": "",
        "iban": "DE02 1203 0000 0000 2020 51",
        "einkommensarten-present": "1",
    },
}


def start(client, form_key: str = "engine_test", new: bool = False) -> Draft:
    response = client.post(
        reverse("formengine:start", args=[form_key]), {"new": "1"} if new else {}
    )
    assert response.status_code == 302, response.content[:500]
    return Draft.objects.filter(form_key=form_key).order_by("-created_at").first()


def page_url(draft: Draft, page_key: str) -> str:
    return reverse("formengine:page", args=[draft.public_id, page_key])


def post_page(
    client,
    draft: Draft,
    page_key: str,
    data: dict,
    action: str = "next",
    version: int | None = None,
    files: dict | None = None,
    query: str = "",
):
    draft.refresh_from_db()
    payload = {"_action": action, "_version": draft.version if version is None else version, **data}
    if files:
        payload.update(files)
    return client.post(page_url(draft, page_key) + query, payload)


def png_bytes(size=(20, 10), exif: bool = False) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (16, 16), (10, 200, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (52.0, 31.0, 12.0), 3: "E", 4: (13.0, 24.0, 36.0)}  # GPS IFD
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def simple_pdf(extra: bytes = b"") -> bytes:
    """A minimal valid one-page PDF built by hand (optionally with extra catalog entries)."""
    return pdf_from_objects([
        b"<< /Type /Catalog /Pages 2 0 R " + extra + b">>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ])


def pdf_from_objects(objects: list[bytes]) -> bytes:
    """A PDF of ``objects`` (numbered from 1; the first is the catalogue) with a classic
    cross-reference table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def fill_until_summary(client, draft: Draft) -> None:
    for key in ("person", "kontakt", "kinder", "geld"):
        response = post_page(client, draft, key, PAGE_DATA[key])
        assert response.status_code == 302, (key, response.content.decode()[:3000])
