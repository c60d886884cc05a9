"""What one upload may cost (issue 10): pixel limits per type read from the header, JPEG
photos decoded at reduced scale, bounded PDF checking, the per-account rate limit and an
upload quota that holds under parallel uploads. The CPU figures are in bench/upload_bench.py
(docs/performance.md); these tests check the behaviour, not the time."""

from __future__ import annotations

import io

import pillow_heif
import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from PIL import Image, ImageFile

from jobcenter.formengine import services, uploads
from jobcenter.formengine.models import Upload
from tests.concurrency import run_at_once
from tests.formengine.helpers import (
    fill_until_summary,
    pdf_from_objects,
    png_bytes,
    post_page,
    simple_pdf,
    start,
)


def encoded(image: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt, **options)
    return out.getvalue()


def stored_files() -> list[str]:
    root = default_storage.path("")
    import os

    return sorted(os.path.join(d, f) for d, _s, files in os.walk(root) for f in files)


@pytest.fixture
def no_decoding(monkeypatch):
    """Fail the test if any pixel is decoded."""

    def load(self):
        raise AssertionError("the image was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)


# --- images --------------------------------------------------------------------------------


def test_the_59_megapixel_png_is_refused_from_its_header(monkeypatch):
    big = encoded(Image.new("1", (8860, 6660)), "PNG")  # 59 MP, a few kB of zlib
    assert len(big) < 1_000_000

    def load(self):
        raise AssertionError("the image was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)
    with pytest.raises(ValidationError) as exc:
        uploads.sanitize(big)
    assert exc.value.code == "pixels"
    assert "PNG-Bild ist zu groß: erlaubt sind höchstens 8 Megapixel" in exc.value.messages[0]


@pytest.mark.parametrize(("kind", "fmt", "text"), [
    ("png", "PNG", "als JPEG-Foto oder PDF"),
    ("jpeg", "JPEG", "Bitte verkleinern Sie es"),
    ("heic", "HEIF", "„Maximale Kompatibilität“"),
])
def test_each_type_has_its_own_pixel_limit(monkeypatch, kind, fmt, text):
    pillow_heif.register_heif_opener()
    data = encoded(Image.new("RGB", (40, 30), (10, 120, 200)), fmt)
    for other in set(uploads.MAX_PIXELS) - {kind}:
        monkeypatch.setitem(uploads.MAX_PIXELS, other, 1)  # the other types' limits
    monkeypatch.setitem(uploads.MAX_PIXELS, kind, 40 * 30)
    assert uploads.sanitize(data).content  # exactly at the limit: accepted
    monkeypatch.setitem(uploads.MAX_PIXELS, kind, 40 * 30 - 1)
    monkeypatch.setattr(ImageFile.ImageFile, "load",
                        lambda self: pytest.fail("the image was decoded"))
    with pytest.raises(ValidationError) as exc:
        uploads.sanitize(data)
    assert exc.value.code == "pixels" and text in exc.value.messages[0]


def test_progressive_jpegs_have_a_lower_limit(monkeypatch, no_decoding):
    """libjpeg buffers every coefficient of a progressive JPEG, however small the scale."""
    image = Image.new("RGB", (1200, 900), (10, 120, 200))
    monkeypatch.setattr(uploads, "MAX_PROGRESSIVE_JPEG_PIXELS", 1_000_000)
    with pytest.raises(ValidationError) as exc:
        uploads.sanitize(encoded(image, "JPEG", progressive=True))
    assert exc.value.code == "pixels"
    assert "Foto ist zu groß: erlaubt sind höchstens 1 Megapixel" in exc.value.messages[0]


def test_baseline_jpegs_are_not_held_to_the_progressive_limit(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_PROGRESSIVE_JPEG_PIXELS", 10)
    assert uploads.sanitize(encoded(Image.new("RGB", (40, 30)), "JPEG")).content


def test_heic_photos_have_a_byte_limit_too(monkeypatch, no_decoding):
    pillow_heif.register_heif_opener()
    data = encoded(Image.new("RGB", (64, 48), (90, 30, 30)), "HEIF")
    monkeypatch.setattr(uploads, "HEIC_MAX_BYTES", len(data) - 1)
    with pytest.raises(ValidationError) as exc:
        uploads.sanitize(data)
    assert exc.value.code == "pixels" and "MB" in exc.value.messages[0]


@pytest.mark.parametrize(("size", "stored"), [
    ((400, 300), (100, 75)),   # 120,000 px: 1/4 scale is the first within 10,000 px
    ((200, 100), (100, 50)),   # 20,000 px: 1/2 scale
    ((100, 100), (100, 100)),  # at the limit: decoded in full
])
def test_large_jpeg_photos_are_decoded_and_stored_at_reduced_scale(monkeypatch, size, stored):
    monkeypatch.setattr(uploads, "JPEG_DECODE_PIXELS", 10_000)
    clean = uploads.sanitize(encoded(Image.new("RGB", size, (200, 180, 20)), "JPEG"))
    assert Image.open(io.BytesIO(clean.content)).size == stored


def test_phone_photos_in_mpo_format_are_accepted_as_jpeg():
    """Many phones store photos as MPO (a JPEG with a second, smaller picture)."""
    first = Image.new("RGB", (64, 48), (10, 200, 30))
    data = encoded(first, "MPO", save_all=True, append_images=[Image.new("RGB", (32, 24))])
    assert uploads.sniff(data) == "jpeg"
    assert Image.open(io.BytesIO(data)).format == "MPO"
    clean = uploads.sanitize(data)
    assert clean.content_type == "image/jpeg"
    assert Image.open(io.BytesIO(clean.content)).size == (64, 48)


def test_a_png_disguised_as_jpeg_is_refused():
    data = b"\xff\xd8\xff" + png_bytes()[3:]
    with pytest.raises(ValidationError):
        uploads.sanitize(data)


# --- PDFs ----------------------------------------------------------------------------------


def pages_sharing(pages: int, fonts: int) -> bytes:
    first_page = 4 + fonts
    kids = " ".join(f"{first_page + n} 0 R" for n in range(pages)).encode()
    refs = " ".join(f"{n} 0 R" for n in range(4, 4 + fonts)).encode()
    return pdf_from_objects([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count " + str(pages).encode() + b" >>",
        b"<< /Font [" + refs + b"] >>",
        *[b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"] * fonts,
        *[b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources 3 0 R >>"] * pages,
    ])


def assert_too_complex(data: bytes) -> None:
    with pytest.raises(ValidationError) as exc:
        uploads.sanitize(data)
    assert exc.value.code == "complex"
    assert "zu umfangreich" in exc.value.messages[0]


def test_pages_sharing_their_resources_are_walked_once(monkeypatch):
    from pypdf.generic import IndirectObject

    calls = []
    original = IndirectObject.get_object
    monkeypatch.setattr(IndirectObject, "get_object",
                        lambda self: calls.append(self.idnum) or original(self))
    uploads.sanitize(pages_sharing(pages=40, fonts=50))
    fonts = [n for n in calls if 4 <= n < 54]  # objects 4–53 (40 × 50 before)
    assert sorted(fonts) == list(range(4, 54))


def test_a_pdf_with_more_objects_than_the_limit_is_too_complex(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_PDF_OBJECTS", 30)
    uploads.sanitize(pages_sharing(pages=10, fonts=10))  # 23 objects: fine
    assert_too_complex(pages_sharing(pages=20, fonts=20))


def test_a_pdf_with_a_huge_cross_reference_table_is_refused_before_parsing(monkeypatch):
    from jobcenter.formengine import uploads as module

    monkeypatch.setattr(module, "MAX_PDF_XREF_ENTRIES", 10)
    monkeypatch.setattr(module, "PdfReader",
                        lambda *a, **k: pytest.fail("pypdf should not parse it"))
    assert_too_complex(pages_sharing(pages=10, fonts=10))


def test_pypdfs_own_limits_are_too_complex_not_a_server_error():
    """A dictionary beyond pypdf's entry limit raised LimitReachedError (a 500) before."""
    entries = b" ".join(f"/K{n} 1".encode() for n in range(25_000))
    data = pdf_from_objects([b"<< /Type /Catalog /Pages 2 0 R >>",
                     b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                     b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 9 9] /X 4 0 R >>",
                     b"<< " + entries + b" >>"])
    assert_too_complex(data)


def test_the_pdf_walk_has_a_cpu_budget(monkeypatch):
    monkeypatch.setattr(uploads, "PDF_WALK_CPU_SECONDS", -1.0)
    assert_too_complex(simple_pdf())


def test_active_content_is_still_found_with_the_budget():
    with pytest.raises(ValidationError) as exc:
        uploads.sanitize(simple_pdf(b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >> "))
    assert exc.value.code == "active"


def test_inspect_checks_like_sanitize_but_keeps_the_bytes():
    png = png_bytes((30, 20))
    checked = uploads.inspect(png)
    assert (checked.content, checked.content_type, checked.extension) == (png, "image/png", "png")
    with pytest.raises(ValidationError) as exc:
        uploads.inspect(simple_pdf(b"/OpenAction << /S /JavaScript /JS (x) >> "))
    assert exc.value.code == "active"
    with pytest.raises(ValidationError) as exc:
        uploads.inspect(png[:60])
    assert exc.value.code == "damaged"


@pytest.mark.parametrize(("name", "extension", "expected"), [
    ("scan.exe", "pdf", "scan.pdf"),
    ("Lohn März.PDF", "pdf", "Lohn März.PDF"),
    ("foto.heic", "jpg", "foto.jpg"),
    ("foto.JPEG", "jpg", "foto.JPEG"),
    ("scan.pdf", "png", "scan.png"),
    ("scan", "png", "scan.png"),
    ("../../etc/passwd", "pdf", "passwd.pdf"),
    ("", "pdf", "datei.pdf"),
    ("a\x00b.pdf", "pdf", "ab.pdf"),
])
def test_files_are_named_by_their_detected_type(name, extension, expected):
    assert services.upload_file_name(name, extension) == expected


# --- rate limit and quota ------------------------------------------------------------------


@pytest.fixture
def draft(client, citizen):
    client.force_login(citizen)
    return start(client)


def png_file(n: int) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"nachweis-{n}.png", png_bytes((20 + n, 10)),
                              content_type="image/png")


@pytest.mark.django_db
def test_the_upload_rate_limit_answers_429_and_keeps_the_page(client, draft, settings):
    settings.FORMENGINE_UPLOAD_RATE_LIMIT = 2
    settings.FORMENGINE_UPLOAD_RATE_WINDOW_SECONDS = 600
    fill_until_summary(client, draft)
    for n in range(2):
        response = post_page(client, draft, "nachweis", {}, action="upload:lohnnachweis",
                             files={"lohnnachweis": png_file(n)})
        assert response.status_code == 302
    response = post_page(client, draft, "nachweis", {}, action="upload:lohnnachweis",
                         files={"lohnnachweis": png_file(2)})
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 601
    html = response.content.decode()
    assert "sehr viele Dateien hochgeladen" in html and "Minuten" in html
    assert Upload.objects.count() == 2
    draft.refresh_from_db()
    assert len(draft.answers["lohnnachweis"]) == 2  # what was there stays


@pytest.mark.django_db
def test_the_rate_limit_is_per_account(client, draft, other_citizen, settings):
    settings.FORMENGINE_UPLOAD_RATE_LIMIT = 1
    services.upload_create(draft=draft, question_id="q", file=png_file(0))
    with pytest.raises(services.UploadRateLimited):
        services.upload_create(draft=draft, question_id="q", file=png_file(1))
    client.force_login(other_citizen)
    other = start(client)
    assert services.upload_create(draft=other, question_id="q", file=png_file(2))


@pytest.mark.django_db
def test_a_file_beyond_the_quota_leaves_no_file_behind(draft, settings):
    first = services.upload_create(draft=draft, question_id="q", file=png_file(0))
    settings.FORMENGINE_UPLOAD_QUOTA_BYTES = first.size + 10
    before = stored_files()
    with pytest.raises(ValidationError) as exc:
        services.upload_create(draft=draft, question_id="q", file=png_file(1))
    assert exc.value.code == "quota"
    assert stored_files() == before
    assert Upload.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_parallel_uploads_never_exceed_the_quota(citizen, settings):
    if connection.vendor != "postgresql":
        pytest.skip("real row locks need PostgreSQL (SQLite serialises whole transactions)")
    from jobcenter.formengine import registry
    from jobcenter.formengine.services import draft_start

    files = [encoded(Image.new("RGB", (200, 100), (40 * n, 90, 20)), "PNG") for n in range(4)]
    sizes = [len(uploads.sanitize(data).content) for data in files]
    settings.FORMENGINE_UPLOAD_QUOTA_BYTES = max(sizes) * 2 + min(sizes) // 2  # room for two
    draft = draft_start(user=citizen, form=registry.get_form("engine_test"))
    queue = iter(enumerate(files))

    def upload():
        n, data = next(queue)
        return services.upload_create(draft=draft, question_id="q",
                                      file=SimpleUploadedFile(f"{n}.png", data))

    results, errors = run_at_once(upload, threads=4)
    assert len(results) == 2, (results, errors)
    assert [e.code for e in errors] == ["quota", "quota"]
    assert Upload.objects.count() == 2
    total = sum(Upload.objects.values_list("size", flat=True))
    assert total <= settings.FORMENGINE_UPLOAD_QUOTA_BYTES
    assert len(stored_files()) == 2  # the refused ones left no file
