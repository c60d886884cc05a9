"""Upload security: type from content, re-encoding without metadata, PDF checks, scanning."""

from __future__ import annotations

import io
import socket
import struct
import threading

import pillow_heif
import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from jobcenter.formengine import scanning, services, uploads
from jobcenter.formengine.models import Upload
from tests.conftest import login
from tests.formengine.helpers import jpeg_with_gps, png_bytes, simple_pdf, start


def test_sniff_uses_content_not_name():
    assert uploads.sniff(png_bytes()) == "png"
    assert uploads.sniff(jpeg_with_gps()) == "jpeg"
    assert uploads.sniff(simple_pdf()) == "pdf"
    assert uploads.sniff(b"MZ\x90\x00") is None
    assert uploads.sniff(b"<html><script>") is None


def test_jpeg_is_reencoded_without_exif_and_gps():
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get(0x8825)
    clean = uploads.sanitize(original)
    assert clean.content_type == "image/jpeg"
    image = Image.open(io.BytesIO(clean.content))
    assert dict(image.getexif()) == {}
    assert b"PhoneMaker" not in clean.content and b"Exif" not in clean.content


def test_png_text_chunks_are_dropped():
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", "Geheimer Name")
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, format="PNG", pnginfo=info)
    clean = uploads.sanitize(out.getvalue() + b"appended-payload")
    assert clean.content_type == "image/png"
    assert b"Geheimer Name" not in clean.content and b"appended-payload" not in clean.content


def test_heic_is_converted_to_jpeg():
    pillow_heif.register_heif_opener()
    out = io.BytesIO()
    Image.new("RGB", (32, 32), (50, 60, 70)).save(out, format="HEIF")
    assert uploads.sniff(out.getvalue()) == "heic"
    clean = uploads.sanitize(out.getvalue())
    assert clean.content_type == "image/jpeg" and clean.extension == "jpg"
    assert Image.open(io.BytesIO(clean.content)).format == "JPEG"


def test_truncated_image_is_refused():
    data = jpeg_with_gps()[:40]
    with pytest.raises(ValidationError) as exc:
        uploads.sanitize(data)
    assert exc.value.code == "damaged"


def test_plain_pdf_is_accepted():
    assert uploads.sanitize(simple_pdf()).content_type == "application/pdf"


@pytest.mark.parametrize(
    "extra",
    [
        b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >> ",
        b"/Names << /JavaScript << /Names [] >> >> ",
        b"/Names << /EmbeddedFiles << /Names [] >> >> ",
        b"/AcroForm << /Fields [] /XFA [] >> ",
        b"/OpenAction << /S /Launch /F (cmd.exe) >> ",
        b"/AA << /WC << /S /JavaScript /JS (x) >> >> ",
        b"/Outlines << /First << /A << /S /Launch /F (x) >> >> >> ",
    ],
)
def test_pdf_with_active_content_is_refused(extra):
    with pytest.raises(ValidationError) as exc:
        uploads.sanitize(simple_pdf(extra))
    assert exc.value.code == "active"
    assert "aktive Inhalte" in exc.value.messages[0]


def test_hex_escaped_names_are_still_found():
    # "/J#61vaScript" is "/JavaScript" in PDF name syntax.
    with pytest.raises(ValidationError):
        uploads.sanitize(simple_pdf(b"/OpenAction << /S /J#61vaScript /JS (x) >> "))


def test_encrypted_pdf_is_refused():
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(simple_pdf())))
    writer.encrypt("geheim")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(ValidationError) as exc:
        uploads.sanitize(out.getvalue())
    assert exc.value.code == "encrypted"


def test_garbage_after_pdf_magic_is_refused():
    with pytest.raises(ValidationError) as exc:
        uploads.sanitize(b"%PDF-1.7\nnot really a pdf")
    assert exc.value.code == "damaged"


# --- services: limits, quota, idempotency, storage ----------------------------------------


@pytest.fixture
def draft(client, citizen):
    login(client, citizen)
    return start(client)


@pytest.mark.django_db
def test_size_limit(draft, settings):
    settings.FORMENGINE_UPLOAD_MAX_BYTES = 100
    with pytest.raises(ValidationError) as exc:
        services.upload_create(
            draft=draft,
            question_id="lohnnachweis",
            file=SimpleUploadedFile("a.png", png_bytes((200, 200))),
        )
    assert exc.value.code == "too_large" and "höchstens" in exc.value.messages[0]


@pytest.mark.django_db
def test_quota_per_user(draft, settings):
    services.upload_create(
        draft=draft,
        question_id="lohnnachweis",
        file=SimpleUploadedFile("a.png", png_bytes((50, 50))),
    )
    settings.FORMENGINE_UPLOAD_QUOTA_BYTES = Upload.objects.get().size + 10
    with pytest.raises(ValidationError) as exc:
        services.upload_create(
            draft=draft,
            question_id="lohnnachweis",
            file=SimpleUploadedFile("b.png", png_bytes((60, 60))),
        )
    assert exc.value.code == "quota"


@pytest.mark.django_db
def test_same_file_twice_is_one_upload(draft):
    first = services.upload_create(
        draft=draft, question_id="q", file=SimpleUploadedFile("a.png", png_bytes())
    )
    second = services.upload_create(
        draft=draft, question_id="q", file=SimpleUploadedFile("a-copy.png", png_bytes())
    )
    assert first.pk == second.pk and Upload.objects.count() == 1


@pytest.mark.django_db
def test_stored_privately_with_hash(draft, settings, client):
    upload = services.upload_create(
        draft=draft, question_id="q", file=SimpleUploadedFile("../../etc/passwd.png", png_bytes())
    )
    assert upload.original_name == "passwd.png"
    assert default_storage.exists(upload.storage_name)
    assert upload.storage_name.startswith("formengine/")
    import hashlib

    with default_storage.open(upload.storage_name, "rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == upload.sha256
    path = default_storage.path(upload.storage_name)
    assert str(settings.STATIC_ROOT) not in path
    assert all(str(d) not in path for d in settings.STATICFILES_DIRS)
    assert client.get("/" + upload.storage_name).status_code == 404
    assert client.get("/media/" + upload.storage_name).status_code == 404


@pytest.mark.django_db
def test_infected_file_is_refused_and_not_stored(draft, monkeypatch):
    class Infected:
        def scan(self, data):
            return scanning.ScanResult(scanning.INFECTED, "Eicar-Test-Signature")

    monkeypatch.setattr(scanning, "get_scanner", lambda: Infected())
    with pytest.raises(ValidationError) as exc:
        services.upload_create(
            draft=draft, question_id="q", file=SimpleUploadedFile("a.png", png_bytes())
        )
    assert exc.value.code == "infected"
    assert not Upload.objects.exists()


def test_no_scanner_by_default_records_not_scanned(settings):
    settings.CLAMAV_URL = ""
    result = scanning.get_scanner().scan(b"x")
    assert result.status == scanning.NOT_SCANNED


# --- ClamAV adapter against a fake clamd speaking INSTREAM ------------------------------------


class FakeClamd:
    """A tiny clamd: reads zINSTREAM chunks and answers OK or FOUND (EICAR substring)."""

    def __init__(self):
        self.server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(4)
        self.port = self.server.getsockname()[1]
        self.received: list[bytes] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _recv_exact(self, conn, n):
        data = b""
        while len(data) < n:
            part = conn.recv(n - len(data))
            if not part:
                raise ConnectionError
            data += part
        return data

    def _serve(self):
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn:
                command = self._recv_exact(conn, len(b"zINSTREAM\0"))
                assert command == b"zINSTREAM\0"
                payload = b""
                while True:
                    (size,) = struct.unpack("!L", self._recv_exact(conn, 4))
                    if size == 0:
                        break
                    payload += self._recv_exact(conn, size)
                self.received.append(payload)
                if b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE" in payload:
                    conn.sendall(b"stream: Eicar-Test-Signature FOUND\0")
                else:
                    conn.sendall(b"stream: OK\0")

    def close(self):
        self.server.close()


@pytest.fixture
def clamd():
    server = FakeClamd()
    yield server
    server.close()


def test_clamav_adapter_clean_and_infected(clamd, settings):
    settings.CLAMAV_URL = f"tcp://127.0.0.1:{clamd.port}"
    scanner = scanning.get_scanner()
    assert isinstance(scanner, scanning.ClamAVScanner)
    big = b"a" * (scanning.ClamAVScanner.CHUNK * 2 + 17)  # several chunks
    assert scanner.scan(big) == scanning.ScanResult(scanning.CLEAN, "")
    assert clamd.received[-1] == big
    eicar = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
    result = scanner.scan(eicar)
    assert result.status == scanning.INFECTED and result.detail == "Eicar-Test-Signature"


def test_clamav_unreachable_is_an_error_not_clean(settings):
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    result = scanning.ClamAVScanner(f"tcp://127.0.0.1:{port}", timeout=2).scan(b"x")
    assert result.status == scanning.ERROR


@pytest.mark.django_db
def test_upload_scanned_clean_via_clamav(draft, clamd, settings):
    settings.CLAMAV_URL = f"tcp://127.0.0.1:{clamd.port}"
    upload = services.upload_create(
        draft=draft, question_id="q", file=SimpleUploadedFile("a.png", png_bytes())
    )
    assert upload.scan_status == Upload.ScanStatus.CLEAN


@pytest.mark.django_db
def test_scan_error_refuses_upload_with_retry_message(draft, settings):
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    settings.CLAMAV_URL = f"tcp://127.0.0.1:{port}"
    with pytest.raises(ValidationError) as exc:
        services.upload_create(
            draft=draft, question_id="q", file=SimpleUploadedFile("a.png", png_bytes())
        )
    assert exc.value.code == "scan_error"
