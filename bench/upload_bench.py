"""Worst-case CPU time of checking one upload, per type (issue 10 item 7).

    python bench/upload_bench.py [--repeat 3] [--quick]

For every accepted type the bench builds the dearest files the limits still admit — at the
pixel limit of the type (``formengine.uploads.MAX_PIXELS``), just under the byte limit of an
upload (``FORMENGINE_UPLOAD_MAX_BYTES``, 10 MB; HEIC: ``HEIC_MAX_BYTES``), with contents from
flat to noisy, baseline and progressive JPEGs, PDFs at the object limit — and times
``uploads.sanitize`` (type check, decoding, re-encoding, PDF walk) in **CPU time** of the
process (all threads; libheif decodes in several), best of ``--repeat`` runs per file.

Anchor, measured in the same run: zlib level 6 over 16 MiB of fixed pseudo-random-ish data
(the kind of work image codecs do), best of five. Results are printed as seconds and as a
ratio to the anchor, so runs on other machines compare. Target: every type's worst case
below 1 s of CPU on the machine of the run; the script exits non-zero otherwise.
Figures: docs/performance.md, "Uploads".
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import io
import os
import platform
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobcenter.config.settings")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
import pillow_heif  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.exceptions import ValidationError  # noqa: E402
from PIL import Image  # noqa: E402
from tests.formengine.helpers import pdf_from_objects  # noqa: E402  (the same PDFs as the tests)

from jobcenter.formengine import uploads  # noqa: E402

TARGET_CPU_SECONDS = 1.0
UPLOAD_MAX = int(settings.FORMENGINE_UPLOAD_MAX_BYTES)


def cpu(fn: Callable[[], object]) -> float:
    started = time.process_time()
    fn()
    return time.process_time() - started


def anchor() -> float:
    rng = np.random.default_rng(7)
    data = (rng.normal(128, 20, 16 * 2**20).clip(0, 255).astype(np.uint8)).tobytes()
    return min(cpu(lambda: zlib.compress(data, 6)) for _ in range(5))


def dimensions(pixels: int, ratio: float = 4 / 3) -> tuple[int, int]:
    height = int((pixels / ratio) ** 0.5)
    return int(pixels // height), height


def photo(size: tuple[int, int], sigma: float, mode: str = "RGB") -> Image.Image:
    """A smooth gradient with Gaussian noise of ``sigma``: from scan-like to grainy
    (cached: several encodings use the same picture)."""
    return _photo(size, sigma, mode)


@functools.lru_cache(maxsize=2)
def _photo(size: tuple[int, int], sigma: float, mode: str) -> Image.Image:
    width, height = size
    rng = np.random.default_rng(11)
    x = np.linspace(0, 255, width, dtype=np.float32)
    y = np.linspace(0, 255, height, dtype=np.float32)[:, None]
    bands = [x + 0 * y, y + 0 * x, (x + y) / 2]
    if mode == "RGBA":
        bands.append(np.full((height, width), 200, np.float32))
    channels = len(mode) if mode != "L" else 1
    stack = np.stack(bands[:channels], -1)
    noise = rng.normal(0, sigma, (height, width, 1)).astype(np.float32) if sigma else 0
    array = np.clip(stack + noise, 0, 255).astype(np.uint8)
    return Image.fromarray(array[..., 0] if mode == "L" else array, mode)


def encode(image: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt, **options)
    return out.getvalue()


def fitting(candidates: list[tuple[str, Callable[[], bytes]]], limit: int):
    """Each candidate file that is within ``limit`` bytes (a bigger one cannot be uploaded)."""
    for label, build in candidates:
        data = build()
        if len(data) <= limit:
            yield label, data
        else:
            print(f"   (skipped {label}: {len(data) / 2**20:.1f} MiB > limit)")


def png_candidates(quick: bool):
    size = dimensions(uploads.MAX_PIXELS["png"])
    # Slight noise on a gradient is the dearest to re-encode that still fits in 10 MB.
    cases = [("RGB", 0.7), ("RGBA", 0.4), ("L", 12)] if quick else [
        ("RGB", 0), ("RGB", 0.4), ("RGB", 0.7), ("RGB", 1), ("RGBA", 0.4), ("LA", 6),
        ("L", 8), ("L", 12)]
    items = [(f"PNG {size[0]}×{size[1]} {mode} σ={sigma}",
              lambda mode=mode, sigma=sigma: encode(
                  photo(size, sigma, "L").convert("LA") if mode == "LA"
                  else photo(size, sigma, mode), "PNG"))
             for mode, sigma in cases]
    return fitting(items, UPLOAD_MAX)


def jpeg_candidates(quick: bool):
    full = dimensions(uploads.JPEG_DECODE_PIXELS)  # the largest decoded at full scale
    half = dimensions(uploads.JPEG_DECODE_PIXELS * 4 - 1)  # the largest decoded at 1/2
    top = dimensions(uploads.MAX_PIXELS["jpeg"])  # the header limit (decoded at 1/4)
    progressive = dimensions(uploads.MAX_PROGRESSIVE_JPEG_PIXELS)  # their own limit
    cases = [(full, 12, 95, False), (half, 3, 80, False), (top, 1, 70, False),
             (progressive, 8, 88, True)] if quick else [
        (full, 12, 95, False), (full, 20, 92, False), (half, 3, 80, False),
        (half, 4, 75, False), (top, 1, 70, False), (top, 2, 60, False),
        (full, 12, 95, True), (progressive, 6, 85, True), (progressive, 8, 88, True),
        (top, 1, 70, True)]  # the last one is refused from its header
    items = []
    for size, sigma, quality, is_progressive in cases:
        label = (f"JPEG {size[0]}×{size[1]} σ={sigma} q{quality}"
                 f"{' progressive' if is_progressive else ''} 4:4:4")
        items.append((label, lambda size=size, sigma=sigma, quality=quality,
                      is_progressive=is_progressive: encode(
                          photo(size, sigma), "JPEG", quality=quality, subsampling=0,
                          progressive=is_progressive)))
    return fitting(items, UPLOAD_MAX)


def heic_candidates(quick: bool):
    pillow_heif.register_heif_opener()
    size = dimensions(uploads.MAX_PIXELS["heic"])
    cases = [(4, 60), (12, 50)] if quick else [(4, 60), (4, 65), (12, 50), (12, 55), (40, 40)]
    items = [(f"HEIC {size[0]}×{size[1]} σ={sigma} q{quality}",
              lambda sigma=sigma, quality=quality: encode(photo(size, sigma), "HEIF",
                                                          quality=quality))
             for sigma, quality in cases]
    return fitting(items, min(UPLOAD_MAX, uploads.HEIC_MAX_BYTES))


def pdf_many_objects(count: int) -> bytes:
    """One page whose resources reference ``count`` small dictionaries."""
    refs = b" ".join(f"{n} 0 R".encode() for n in range(5, 5 + count))
    return pdf_from_objects([b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources 4 0 R >>",
                b"<< /XObject [" + refs + b"] >>",
                *[b"<< /Type /Foo /N [1 2 3] /D << /A 1 /B (x) >> >>"] * count])


def pdf_many_pages(pages: int, shared: int) -> bytes:
    """``pages`` pages that all share one resource dictionary of ``shared`` objects (the
    old walk visited it once per page)."""
    first_page = 4 + shared
    kids = b" ".join(f"{first_page + n} 0 R".encode() for n in range(pages))
    refs = b" ".join(f"{n} 0 R".encode() for n in range(4, 4 + shared))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [" + kids + b"] /Count " + str(pages).encode() + b" >>",
               b"<< /Font [" + refs + b"] >>",
               *[b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"] * shared,
               *[b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources 3 0 R >>"]
               * pages]
    return pdf_from_objects(objects)


def pdf_candidates(quick: bool):
    limit = uploads.MAX_PDF_OBJECTS
    items = [(f"PDF {limit - 10:,} objects on one page", lambda: pdf_many_objects(limit - 10)),
             (f"PDF {limit // 4:,} pages sharing {limit // 2:,} font objects",
              lambda: pdf_many_pages(limit // 4, limit // 2))]
    return fitting(items, UPLOAD_MAX)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="fewer contents per type")
    args = parser.parse_args()

    print(f"upload bench {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {platform.node()}, "
          f"{platform.processor() or platform.machine()}, Python {platform.python_version()}, "
          f"Pillow {Image.__version__}, pillow-heif {pillow_heif.__version__}, "
          f"load average {os.getloadavg()[0]:.1f}")
    base = anchor()
    print(f"anchor (zlib -6, 16 MiB): {base:.3f} s CPU\n")
    failed = []
    rows = []
    for kind, candidates in [("png", png_candidates), ("jpeg", jpeg_candidates),
                             ("heic", heic_candidates), ("pdf", pdf_candidates)]:
        worst = (0.0, "", 0)
        for label, data in candidates(args.quick):
            def run(data=data, label=label):
                try:
                    uploads.sanitize(data)
                except ValidationError as exc:  # refused files cost CPU too: still timed
                    print(f"   {label}: refused ({exc.code})")
            seconds = min(cpu(run) for _ in range(args.repeat))
            print(f"   {label}: {len(data) / 2**20:.1f} MiB, {seconds:.3f} s CPU")
            worst = max(worst, (seconds, label, len(data)))
        seconds, label, size = worst
        ok = seconds < TARGET_CPU_SECONDS
        rows.append((kind, label, size, seconds, seconds / base, ok))
        if not ok:
            failed.append(kind)
    print("\n| Type | Worst case | Size | CPU | × anchor | < 1 s |")
    print("|---|---|---|---|---|---|")
    for kind, label, size, seconds, ratio, ok in rows:
        print(f"| {kind} | {label} | {size / 2**20:.1f} MiB | {seconds:.2f} s | {ratio:.1f} | "
              f"{'yes' if ok else 'NO'} |")
    if failed:
        print(f"\nabove {TARGET_CPU_SECONDS} s of CPU: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
