"""Bescheid PDF/A rendering with Typst.

The template ``bescheid.typ`` is compiled by one long-lived :class:`typst.Compiler` per
process (fonts and the parsed template are reused between documents). The data are passed
as one JSON string in ``sys.inputs`` — never interpolated into Typst markup — so no text a
citizen or caseworker typed can change the document's structure. The output conforms to
PDF/A-2a (archival, tagged for accessibility); Typst writes the XMP metadata.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any

import typst

TEMPLATE = Path(__file__).with_name("bescheid.typ")
PDF_STANDARDS = ["a-2a"]

_local = threading.local()


class PdfRenderError(RuntimeError):
    pass


def _compiler() -> typst.Compiler:
    """The per-thread compiler for documents without a logo (root: this directory)."""
    compiler = getattr(_local, "compiler", None)
    if compiler is None:
        compiler = typst.Compiler(str(TEMPLATE), root=str(TEMPLATE.parent),
                                  ignore_system_fonts=True)
        _local.compiler = compiler
    return compiler


def render_pdf(data: dict[str, Any], *, logo: tuple[bytes, str] | None = None) -> bytes:
    """Render the Bescheid described by ``data`` (see ``decisions.documents``) as PDF/A.

    ``logo`` is ``(content, "png"|"svg")``; it is written under a fixed file name into a
    private temporary root, so no user-provided path reaches the compiler.
    """
    payload = dict(data)
    try:
        if logo is None:
            payload["logo"] = None
            return _compile(_compiler(), payload)
        content, ext = logo
        if ext not in {"png", "svg"}:
            raise PdfRenderError(f"unsupported logo type {ext!r}")
        root = tempfile.mkdtemp(prefix="bescheid-logo-")
        try:
            Path(root, f"logo.{ext}").write_bytes(content)
            shutil.copyfile(TEMPLATE, Path(root, TEMPLATE.name))
            payload["logo"] = f"/logo.{ext}"
            compiler = typst.Compiler(str(Path(root, TEMPLATE.name)), root=root,
                                      ignore_system_fonts=True)
            return _compile(compiler, payload)
        finally:
            shutil.rmtree(root, ignore_errors=True)
    except typst.TypstError as exc:
        raise PdfRenderError(exc.message) from exc


def _compile(compiler: typst.Compiler, payload: dict[str, Any]) -> bytes:
    out = compiler.compile(
        format="pdf",
        sys_inputs={"data": json.dumps(payload, ensure_ascii=False)},
        pdf_standards=PDF_STANDARDS,
    )
    assert isinstance(out, bytes)
    return out
