"""Checking and sanitising uploaded files (type from content, metadata stripped).

Accepted: PDF, JPEG, PNG and HEIC/HEIF (converted to JPEG). The type is decided from the
bytes (magic numbers, then Pillow/pypdf must open the file), never from the name or the
browser's content type. Images are decoded and re-encoded, which drops EXIF (including
GPS), XMP, ICC-embedded text and anything appended. PDFs are refused when encrypted or
when they contain active content (JavaScript, OpenAction/additional actions, Launch,
embedded files, XFA forms).
"""

from __future__ import annotations

import io
import logging
import warnings
from dataclasses import dataclass

import pillow_heif
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps
from pypdf import PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

logger = logging.getLogger(__name__)
pillow_heif.register_heif_opener()

MAX_PIXELS = 60_000_000  # refuse decompression bombs beyond ~60 megapixels
MAX_PDF_OBJECTS = 200_000

UNSUPPORTED = _(
    "Diese Datei können wir nicht annehmen. Bitte laden Sie ein PDF, ein Foto (JPEG, HEIC) "
    "oder ein PNG-Bild hoch."
)
DAMAGED = _("Diese Datei ist beschädigt oder unvollständig. Bitte laden Sie sie noch einmal hoch.")


@dataclass(frozen=True)
class CleanFile:
    content: bytes
    content_type: str
    extension: str


def sniff(data: bytes) -> str | None:
    """The real type from the first bytes: "pdf", "jpeg", "png", "heic" or None."""
    head = data[:64]
    if head.startswith(b"%PDF-") or (b"%PDF-" in data[:1024]):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[4:8] == b"ftyp" and head[8:12] in (
        b"heic",
        b"heix",
        b"hevc",
        b"hevx",
        b"heim",
        b"heis",
        b"mif1",
        b"msf1",
    ):
        return "heic"
    return None


def sanitize(data: bytes) -> CleanFile:
    kind = sniff(data)
    if kind is None:
        raise ValidationError(UNSUPPORTED, code="type")
    if kind == "pdf":
        check_pdf(data)
        return CleanFile(data, "application/pdf", "pdf")
    return reencode_image(data, kind)


def reencode_image(data: bytes, kind: str) -> CleanFile:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(
                    _("Dieses Bild ist zu groß. Bitte laden Sie ein kleineres Foto hoch."),
                    code="pixels",
                )
            image.load()
    except ValidationError:
        raise
    except (
        OSError,
        ValueError,
        SyntaxError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        EOFError,
    ) as exc:
        raise ValidationError(DAMAGED, code="damaged") from exc
    expected = {"jpeg": "JPEG", "png": "PNG", "heic": ("HEIF", "HEIC")}[kind]
    if image.format not in (expected if isinstance(expected, tuple) else (expected,)):
        raise ValidationError(UNSUPPORTED, code="type")
    image = ImageOps.exif_transpose(image)  # keep the visible orientation, drop the tag
    out = io.BytesIO()
    if kind == "png":
        if image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            image = image.convert("RGBA")
        clean = Image.new(image.mode, image.size)
        if image.mode == "P":
            clean.putpalette(image.getpalette() or [])
        clean.paste(image)
        clean.save(out, format="PNG", optimize=True)
        return CleanFile(out.getvalue(), "image/png", "png")
    if image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    clean.save(out, format="JPEG", quality=90, optimize=True)
    return CleanFile(out.getvalue(), "image/jpeg", "jpg")


_ACTIVE_KEYS = {
    "/JavaScript",
    "/JS",
    "/OpenAction",
    "/AA",
    "/Launch",
    "/EmbeddedFiles",
    "/EmbeddedFile",
    "/XFA",
    "/RichMedia",
    "/GoToE",
    "/SubmitForm",
    "/ImportData",
}
_ACTIVE_ACTIONS = {
    "/JavaScript",
    "/Launch",
    "/GoToE",
    "/SubmitForm",
    "/ImportData",
    "/RichMediaExecute",
    "/Rendition",
}

ACTIVE = _(
    "Diese PDF-Datei enthält aktive Inhalte (zum Beispiel JavaScript, eingebettete Dateien "
    "oder ein Formular). Bitte speichern oder drucken Sie sie als einfaches PDF und laden "
    "Sie sie dann hoch."
)


def check_pdf(data: bytes) -> None:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ValidationError(
                _(
                    "Diese PDF-Datei ist verschlüsselt oder mit einem Passwort geschützt. "
                    "Bitte laden Sie eine Fassung ohne Passwort hoch."
                ),
                code="encrypted",
            )
        root = reader.trailer["/Root"].get_object()
        if len(reader.pages) == 0:
            raise ValidationError(DAMAGED, code="damaged")
        _walk(root, set())
        for page in reader.pages:
            _walk(page, set())
    except ValidationError:
        raise
    except (
        PdfReadError,
        OSError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        RecursionError,
        AssertionError,
    ) as exc:
        logger.info("PDF refused as unreadable: %s", exc.__class__.__name__)
        raise ValidationError(DAMAGED, code="damaged") from exc


def _walk(obj: object, seen: set[int], depth: int = 0) -> None:
    """Raise on any active-content key or action anywhere in the object graph."""
    if depth > 200 or len(seen) > MAX_PDF_OBJECTS:
        raise ValidationError(DAMAGED, code="damaged")
    if isinstance(obj, IndirectObject):
        key = obj.idnum * 1_000_003 + obj.generation
        if key in seen:
            return
        seen.add(key)
        obj = obj.get_object()
    if isinstance(obj, DictionaryObject):
        for key, value in obj.items():
            if key in _ACTIVE_KEYS:
                raise ValidationError(ACTIVE, code="active")
            if key == "/S" and isinstance(value, NameObject) and value in _ACTIVE_ACTIONS:
                raise ValidationError(ACTIVE, code="active")
            if key in ("/Parent", "/P"):
                continue  # back-references; the tree is walked from the root
            _walk(value, seen, depth + 1)
    elif isinstance(obj, ArrayObject):
        for item in obj:
            _walk(item, seen, depth + 1)
