"""Checking and sanitising uploaded files (type from content, metadata stripped).

Accepted: PDF, JPEG, PNG and HEIC/HEIF (converted to JPEG). The type is decided from the
bytes (magic numbers, then Pillow/pypdf must open the file), never from the name or the
browser's content type. Images are decoded and re-encoded, which drops EXIF (including
GPS), XMP, ICC-embedded text and anything appended. PDFs are refused when encrypted or
when they contain active content (JavaScript, OpenAction/additional actions, Launch,
embedded files, XFA forms).

Cost: one upload must cost well under a second of CPU (bench/upload_bench.py records the
worst case per type, docs/performance.md). Image dimensions are read from the header and
checked per type before any pixel is decoded (:data:`MAX_PIXELS`); large JPEG photos are
decoded at 1/2, 1/4 or 1/8 scale by libjpeg (:data:`JPEG_DECODE_PIXELS`), HEIC also has a
byte limit (its decoding cost grows with the data); PDFs are walked up to
:data:`MAX_PDF_OBJECTS` objects.
"""

from __future__ import annotations

import io
import logging
import re
import time
import warnings
from dataclasses import dataclass
from itertools import islice

import pillow_heif
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps
from pypdf import PdfReader, apply_configuration
from pypdf.errors import LimitReachedError, PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

logger = logging.getLogger(__name__)
pillow_heif.register_heif_opener()

#: Largest image per type, in pixels as the header declares them (checked before decoding).
MAX_PIXELS = {
    "png": 8_000_000,  # decoded in full, re-encoded losslessly: Pillow's PNG filter is dear
    "jpeg": 120_000_000,  # decoded at reduced scale above JPEG_DECODE_PIXELS
    "heic": 12_600_000,  # 12-megapixel phone photos (4032 × 3024)
}
#: JPEGs above this are decoded (and stored) at the largest of 1/2, 1/4, 1/8 scale that fits.
JPEG_DECODE_PIXELS = 16_000_000
#: Progressive JPEGs gain little from reduced-scale decoding (libjpeg keeps every
#: coefficient of the full image, 6 bytes per pixel): their own, lower limit.
MAX_PROGRESSIVE_JPEG_PIXELS = 24_000_000
#: HEIC files above this many bytes are refused (decoding cost grows with the data).
HEIC_MAX_BYTES = 5 * 1024 * 1024
#: PNG re-encoding: zlib level 1 costs a fifth of level 6 for files about 20 % larger.
PNG_COMPRESS_LEVEL = 1
#: PDF objects walked at most (25–100 µs each); a larger PDF is refused as too complex …
MAX_PDF_OBJECTS = 10_000
#: … as is one that needs more CPU time than this for the walk, or has more objects or
#: cross-reference entries in the file than this.
PDF_WALK_CPU_SECONDS = 0.5
MAX_PDF_XREF_ENTRIES = 50_000
#: pypdf's parser limits while checking (its defaults allow 100,000 entries per array or
#: dictionary and 75 MB per decompressed stream).
PDF_PARSING_LIMITS = {
    "array_maximum_element_count": 20_000,
    "dictionary_maximum_element_count": 20_000,
    "zlib_maximum_output_length": 20_000_000,
}

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


#: Content type and file extension of each kind, as stored (HEIC is stored as JPEG).
TYPES = {"pdf": ("application/pdf", "pdf"), "jpeg": ("image/jpeg", "jpg"),
         "png": ("image/png", "png"), "heic": ("image/heic", "heic")}


def sanitize(data: bytes) -> CleanFile:
    """Check ``data`` and return it cleaned: images re-encoded, PDFs checked and unchanged."""
    kind = sniff(data)
    if kind is None:
        raise ValidationError(UNSUPPORTED, code="type")
    if kind == "pdf":
        check_pdf(data)
        return CleanFile(data, "application/pdf", "pdf")
    return reencode_image(data, kind)


def inspect(data: bytes) -> CleanFile:
    """The same checks as :func:`sanitize` — type from the content, the limits per type,
    complete decoding of images, no active content in PDFs — but ``data`` stays unchanged
    (for documents that must be kept exactly as received, such as staff scans of paper
    forms). The extension is the detected type's, never the original name's."""
    kind = sniff(data)
    if kind is None:
        raise ValidationError(UNSUPPORTED, code="type")
    if kind == "pdf":
        check_pdf(data)
    else:
        decode_image(data, kind)
    content_type, extension = TYPES[kind]
    return CleanFile(data, content_type, extension)


def decode_image(data: bytes, kind: str) -> Image.Image:
    """Open and fully decode an image of ``kind``, within the limits of its type."""
    try:
        with warnings.catch_warnings():
            # Our limits per type are below Pillow's bomb threshold except for JPEGs, which
            # are decoded at reduced scale; Pillow's hard limit (2 × 89 MP) still applies.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=[_DECODER[kind]])
        if image.format not in _FORMATS[kind]:
            raise ValidationError(UNSUPPORTED, code="type")
        check_image_header(image, kind, len(data))
        if kind == "jpeg":
            _jpeg_draft(image)
        image.load()
    except ValidationError:
        raise
    except Image.DecompressionBombError as exc:
        raise _too_large(kind) from exc
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise ValidationError(DAMAGED, code="damaged") from exc
    return image


#: Pillow's decoder per sniffed kind (Image.open tries only it) and the formats it may
#: report (phones store many photos as MPO: a JPEG with a second, smaller picture).
_DECODER = {"jpeg": "JPEG", "png": "PNG", "heic": "HEIF"}
_FORMATS = {"jpeg": ("JPEG", "MPO"), "png": ("PNG",), "heic": ("HEIF",)}


def _too_large(kind: str, pixels: int | None = None) -> ValidationError:
    limit = {"mp": f"{(pixels or MAX_PIXELS[kind]) / 1_000_000:.0f}"}
    if kind == "png":
        message = _(
            "Dieses PNG-Bild ist zu groß: erlaubt sind höchstens %(mp)s Megapixel. Bitte laden "
            "Sie es als JPEG-Foto oder PDF hoch oder verkleinern Sie es."
        ) % limit
    elif kind == "heic":
        message = _(
            "Dieses HEIC-Foto ist zu groß: erlaubt sind höchstens %(mp)s Megapixel. Bitte laden "
            "Sie es als JPEG hoch – zum Beispiel mit der Kamera-Einstellung „Maximale "
            "Kompatibilität“ – oder verkleinern Sie es."
        ) % limit
    else:
        message = _(
            "Dieses Foto ist zu groß: erlaubt sind höchstens %(mp)s Megapixel. Bitte "
            "verkleinern Sie es und laden Sie es noch einmal hoch."
        ) % limit
    return ValidationError(message, code="pixels")


def check_image_header(image: Image.Image, kind: str, size: int) -> None:
    """Refuse an image whose declared dimensions (or, for HEIC, bytes) cost too much to
    decode. Raises ValidationError; nothing has been decoded yet."""
    pixels = image.width * image.height
    if pixels > MAX_PIXELS[kind]:
        raise _too_large(kind)
    if kind == "jpeg" and image.info.get("progressive") and pixels > MAX_PROGRESSIVE_JPEG_PIXELS:
        raise _too_large(kind, MAX_PROGRESSIVE_JPEG_PIXELS)
    if kind == "heic" and size > HEIC_MAX_BYTES:
        raise ValidationError(
            _(
                "Dieses HEIC-Foto ist zu groß (höchstens %(mb)s MB). Bitte laden Sie es als "
                "JPEG hoch – zum Beispiel mit der Kamera-Einstellung „Maximale "
                "Kompatibilität“."
            )
            % {"mb": f"{HEIC_MAX_BYTES / 2**20:g}"},
            code="pixels",
        )


def _jpeg_draft(image: Image.Image) -> None:
    """Let libjpeg decode a large photo at 1/2, 1/4 or 1/8 scale (cheap: fewer IDCTs)."""
    pixels = image.width * image.height
    scale = next((s for s in (1, 2, 4, 8) if pixels / (s * s) <= JPEG_DECODE_PIXELS), 8)
    if scale > 1:
        # libjpeg picks the smallest scale that still covers the requested size.
        image.draft(image.mode if image.mode in ("RGB", "L") else None,
                    (image.width // scale, image.height // scale))


def reencode_image(data: bytes, kind: str) -> CleanFile:
    image = decode_image(data, kind)
    image = ImageOps.exif_transpose(image)  # keep the visible orientation, drop the tag
    out = io.BytesIO()
    if kind == "png":
        if image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            image = image.convert("RGBA")
        clean = Image.new(image.mode, image.size)
        if image.mode == "P":
            clean.putpalette(image.getpalette() or [])
        clean.paste(image)
        clean.save(out, format="PNG", compress_level=PNG_COMPRESS_LEVEL)
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


TOO_COMPLEX = _(
    "Diese PDF-Datei ist zu umfangreich, um sie sicher zu prüfen. Bitte teilen Sie sie in "
    "mehrere kleinere Dateien auf oder drucken Sie sie als einfaches PDF."
)


class _TooComplex(Exception):
    pass


#: Objects ("12 0 obj") and classic cross-reference entries in the file, and the declared
#: size of the cross-reference table: pypdf parses each in Python (a few µs apiece) before
#: anything can be checked, so they are counted in the raw bytes first (at C speed, and
#: only up to the limit).
_XREF_ENTRY = re.compile(rb"\d{10} \d{5} [fn]")
_XREF_SIZE = re.compile(rb"/Size\s+(\d{1,12})")


def _pdf_structure_check(data: bytes) -> None:
    limit = MAX_PDF_XREF_ENTRIES
    if (
        data.count(b" obj") > limit
        or next(islice(_XREF_ENTRY.finditer(data), limit, None), None) is not None
        or any(int(size) > limit for size in _XREF_SIZE.findall(data))
    ):
        raise _TooComplex("cross-reference")


def check_pdf(data: bytes) -> None:
    """Refuse an encrypted, unreadable or too complex PDF, or one with active content.

    The work is bounded: the structure is counted in the raw bytes first, pypdf parses with
    tighter limits (entries per array or dictionary, decompressed size of an object
    stream), and the walk stops after :data:`MAX_PDF_OBJECTS` objects or
    :data:`PDF_WALK_CPU_SECONDS` of CPU time.
    """
    try:
        _pdf_structure_check(data)
        with apply_configuration(**PDF_PARSING_LIMITS):
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
            # One walk over everything reachable from the catalogue (pages included, each
            # object once), however often pages share their resources.
            walk = _Walk(deadline=time.thread_time() + PDF_WALK_CPU_SECONDS)
            walk.visit(root)
            for page in reader.pages:
                walk.visit(page)
    except ValidationError:
        raise
    except (_TooComplex, LimitReachedError) as exc:
        logger.info("PDF refused as too complex: %s", exc.__class__.__name__)
        raise ValidationError(TOO_COMPLEX, code="complex") from exc
    except (
        PyPdfError,
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


class _Walk:
    """Raise on any active-content key or action anywhere in the object graph."""

    def __init__(self, deadline: float):
        self.deadline = deadline
        self.seen: set[int] = set()

    def visit(self, obj: object, depth: int = 0) -> None:
        if depth > 200:
            raise ValidationError(DAMAGED, code="damaged")
        if isinstance(obj, IndirectObject):
            key = obj.idnum * 1_000_003 + obj.generation
            if key in self.seen:
                return
            self.seen.add(key)
            if len(self.seen) > MAX_PDF_OBJECTS:
                raise _TooComplex("objects")
            if time.thread_time() > self.deadline:
                raise _TooComplex("time")
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            for key, value in obj.items():
                if key in _ACTIVE_KEYS:
                    raise ValidationError(ACTIVE, code="active")
                if key == "/S" and isinstance(value, NameObject) and value in _ACTIVE_ACTIONS:
                    raise ValidationError(ACTIVE, code="active")
                if key in ("/Parent", "/P"):
                    continue  # back-references; the tree is walked from the root
                self.visit(value, depth + 1)
        elif isinstance(obj, ArrayObject):
            for item in obj:
                self.visit(item, depth + 1)
