"""Bescheid PDF/A rendering with Typst.

The template ``bescheid.typ`` is compiled by one long-lived :class:`typst.Compiler` per
thread (fonts, the parsed template and Typst's layout caches are reused between
documents — also for documents with a logo). The data are passed as one JSON string in
``sys.inputs`` — never interpolated into Typst markup — so no text a citizen or
caseworker typed can change the document's structure. The output conforms to PDF/A-2a
(archival, tagged for accessibility); Typst writes the XMP metadata.

The compiler's root is a private temporary directory of this process that holds a copy of
the template and the logos, each under a name derived from the SHA-256 of its content
(``/logo-<sha256>.png|svg``). So no user-provided path ever reaches the compiler, and a
changed logo gets a new name (never a stale cached file).
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any

import typst

TEMPLATE = Path(__file__).with_name("bescheid.typ")
PDF_STANDARDS = ["a-2a"]
LOGO_TYPES = frozenset({"png", "svg"})

_local = threading.local()
_root_lock = threading.Lock()
_root: Path | None = None


class PdfRenderError(RuntimeError):
    pass


def _logo_root() -> Path:
    """This process's private compiler root (created on first use, removed at exit)."""
    global _root
    with _root_lock:
        if _root is None or not _root.is_dir():
            _root = Path(tempfile.mkdtemp(prefix="bescheid-"))
            atexit.register(shutil.rmtree, _root, True)
            shutil.copyfile(TEMPLATE, _root / TEMPLATE.name)
        return _root


def _compiler() -> typst.Compiler:
    """The per-thread compiler (root: the private directory with the template and logos)."""
    root = _logo_root()
    compiler = getattr(_local, "compiler", None)
    if compiler is None or _local.root != root:
        compiler = typst.Compiler(str(root / TEMPLATE.name), root=str(root),
                                  ignore_system_fonts=True)
        _local.compiler, _local.root = compiler, root
    return compiler


def _logo_path(content: bytes, ext: str) -> str:
    """Store the logo under its content hash in the private root; the path for Typst."""
    if ext not in LOGO_TYPES:
        raise PdfRenderError(f"unsupported logo type {ext!r}")
    name = f"logo-{hashlib.sha256(content).hexdigest()}.{ext}"
    target = _logo_root() / name
    if not target.exists():
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".logo-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.replace(tmp, target)  # atomic: other threads never see half a file
    return f"/{name}"


def render_pdf(data: dict[str, Any], *, logo: tuple[bytes, str] | None = None) -> bytes:
    """Render the Bescheid described by ``data`` (see ``decisions.documents``) as PDF/A.

    ``logo`` is ``(content, "png"|"svg")``.
    """
    payload = dict(data)
    payload["logo"] = _logo_path(*logo) if logo is not None else None
    try:
        out = _compiler().compile(
            format="pdf",
            sys_inputs={"data": json.dumps(payload, ensure_ascii=False)},
            pdf_standards=PDF_STANDARDS,
        )
    except typst.TypstError as exc:
        raise PdfRenderError(exc.message) from exc
    assert isinstance(out, bytes)
    return out
