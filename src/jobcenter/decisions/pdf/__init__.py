"""The Bescheid's Typst template (``bescheid.typ``), rendered by the one renderer
``jobcenter.core.typst_pdf`` (PDF/A-2a, data as ``/data.json``; see there)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jobcenter.core.typst_pdf import PdfRenderError
from jobcenter.core.typst_pdf import render_pdf as _render

TEMPLATE = Path(__file__).with_name("bescheid.typ")

__all__ = ["TEMPLATE", "PdfRenderError", "render_pdf"]


def render_pdf(data: dict[str, Any], *, logo: tuple[bytes, str] | None = None,
               timestamp: int | None = None) -> bytes:
    """Render the Bescheid described by ``data`` (see ``decisions.documents``) as PDF/A-2a.

    ``logo`` is ``(content, "png"|"svg")``.
    """
    return _render(TEMPLATE, data, logo=logo, timestamp=timestamp)
