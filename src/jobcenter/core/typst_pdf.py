"""The one Typst renderer: receipts (Eingangsbestätigung) and Bescheide become PDF/A here.

One way for every document (issue 11): the data travel as a JSON file, the output is
PDF/A-2a (archival and tagged for accessibility — screen readers read the structure and
the language of a tagged PDF; PDF/A-2b would only keep the look). Callers render in a
background task, never inside a transaction that holds locks (``antraege.tasks.
receipt_render``, ``decisions.tasks.bescheid_render``, handed over through the outbox).

Each thread has, per template, its own long-lived :class:`typst.Compiler` and its own
private compiler root: a ``0700`` temporary directory (in ``/dev/shm`` where that exists,
so the data never reach a disk) holding a copy of the template, the logos — each under a
name derived from the SHA-256 of its content (``/logo-<sha256>.png|svg``) — and, for the
duration of one compile only, the document's data as ``/data.json``. No user-provided path
ever reaches the compiler, and a changed logo gets a new name (never a stale cached file).

The templates read the data with ``json("/data.json")`` and only ever insert them as
content, never evaluate them as markup, so no text a citizen or caseworker typed can change
the document's structure. The data deliberately do not travel in ``sys.inputs``: a change
there replaces Typst's whole standard library and with it every entry of Typst's layout
cache, whereas a changed file invalidates only what depends on it. So the letterhead, the
legal texts and every table cell another document already had are laid out once per process
and then reused; the typst package evicts entries that went unused (``docs/bescheide.md``,
``docs/performance.md``).

``timestamp`` (seconds since the epoch) fixes the document's creation date in its metadata:
with it, rendering the same data twice gives the same bytes.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import json
import os
import shutil
import tempfile
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import typst

DATA_FILE = "data.json"
PDF_STANDARD: Literal["a-2a"] = "a-2a"  # archival and tagged
LOGO_TYPES = frozenset({"png", "svg"})
# Only a parent for mkdtemp (random name, mode 0700), never a fixed file path in it.
SHARED_MEMORY = Path("/dev/shm")  # noqa: S108

_local = threading.local()


class PdfRenderError(RuntimeError):
    """Typst could not compile the document (the message is Typst's, for the log)."""


class _Renderer:
    """One template's compiler root and compiler in one thread of one process."""

    def __init__(self, template: Path) -> None:
        base = (SHARED_MEMORY if SHARED_MEMORY.is_dir() and os.access(SHARED_MEMORY, os.W_OK)
                else None)
        self.template = template
        self.root = Path(tempfile.mkdtemp(prefix=f"{template.stem}-", dir=base))
        atexit.register(shutil.rmtree, self.root, True)
        shutil.copyfile(template, self.root / template.name)
        self.pid = os.getpid()
        self.compiler = typst.Compiler(str(self.root / template.name), root=str(self.root),
                                       ignore_system_fonts=True)

    def usable(self) -> bool:
        """False in a forked child (a prefork worker must never share its parent's data
        file) or when the root was removed (e.g. by a tmp cleaner)."""
        return self.pid == os.getpid() and (self.root / self.template.name).is_file()


def _renderer(template: Path) -> _Renderer:
    renderers: dict[Path, _Renderer] | None = getattr(_local, "renderers", None)
    if renderers is None:
        renderers = _local.renderers = {}
    renderer = renderers.get(template)
    if renderer is None or not renderer.usable():
        renderer = renderers[template] = _Renderer(template)
    return renderer


def _logo_path(root: Path, content: bytes, ext: str) -> str:
    """Store the logo under its content hash in the thread's root; the path for Typst."""
    if ext not in LOGO_TYPES:
        raise PdfRenderError(f"unsupported logo type {ext!r}")
    name = f"logo-{hashlib.sha256(content).hexdigest()}.{ext}"
    target = root / name
    if not target.exists():
        fd, tmp = tempfile.mkstemp(dir=root, prefix=".logo-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.replace(tmp, target)  # never a half-written logo, even after a crash
    return f"/{name}"


def render_pdf(
    template: Path,
    data: Mapping[str, Any],
    *,
    logo: tuple[bytes, str] | None = None,
    timestamp: int | None = None,
) -> bytes:
    """Render ``template`` with ``data`` (read as ``json("/data.json")``) to PDF/A-2a.

    ``logo`` is ``(content, "png"|"svg")``; the template finds its path as ``data.logo``.
    Raises :class:`PdfRenderError`.
    """
    renderer = _renderer(template)
    payload = dict(data)
    payload["logo"] = _logo_path(renderer.root, *logo) if logo is not None else None
    data_file = renderer.root / DATA_FILE
    fd = os.open(data_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(payload, handle, ensure_ascii=False)
    try:
        out = renderer.compiler.compile(format="pdf", pdf_standards=PDF_STANDARD,
                                        timestamp=timestamp)
    except typst.TypstError as exc:
        raise PdfRenderError(exc.message) from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            data_file.unlink()  # personal data stay on the compiler's side only briefly
    if not isinstance(out, bytes):  # one output file for format="pdf"
        raise PdfRenderError("typst returned no single PDF")
    return out
