"""Bescheid PDF/A rendering with Typst.

Each thread has its own long-lived :class:`typst.Compiler` and its own private compiler
root: a ``0700`` temporary directory (in ``/dev/shm`` where that exists, so the data never
reach a disk) holding a copy of the template, the logos — each under a name derived from
the SHA-256 of its content (``/logo-<sha256>.png|svg``) — and, for the duration of one
compile only, the document's data as ``/data.json``. No user-provided path ever reaches the
compiler, and a changed logo gets a new name (never a stale cached file).

The data are read by the template with ``json("/data.json")`` and are only ever inserted as
content, never evaluated as markup, so no text a citizen or caseworker typed can change the
document's structure. They deliberately do not travel in ``sys.inputs``: a change there
replaces Typst's whole standard library and with it every entry of Typst's layout cache,
whereas a changed file invalidates only what depends on it. So the letterhead, the
Rechtsbehelfsbelehrung and every table cell that another Bescheid already had (labels,
legal bases, frequent amounts) are laid out once per process and then reused; the typst
package evicts entries that went unused, so the cache does not keep growing (see
``docs/bescheide.md`` and ``docs/performance.md``). The output conforms to PDF/A-2a
(archival, tagged for accessibility); Typst writes the XMP metadata.
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
from pathlib import Path
from typing import Any

import typst

TEMPLATE = Path(__file__).with_name("bescheid.typ")
DATA_FILE = "data.json"
PDF_STANDARDS = ["a-2a"]
LOGO_TYPES = frozenset({"png", "svg"})
# Only a parent for mkdtemp (random name, mode 0700), never a fixed file path in it.
SHARED_MEMORY = Path("/dev/shm")  # noqa: S108

_local = threading.local()


class PdfRenderError(RuntimeError):
    pass


def _new_root() -> Path:
    """A private compiler root with a copy of the template (removed at exit)."""
    base = SHARED_MEMORY if SHARED_MEMORY.is_dir() and os.access(SHARED_MEMORY, os.W_OK) else None
    root = Path(tempfile.mkdtemp(prefix="bescheid-", dir=base))
    atexit.register(shutil.rmtree, root, True)
    shutil.copyfile(TEMPLATE, root / TEMPLATE.name)
    return root


def _renderer() -> tuple[Path, typst.Compiler]:
    """This thread's compiler root and compiler: created on first use, and again in a
    forked child process (a prefork worker must never share its parent's data file) or if
    the root was removed (e.g. by a tmp cleaner)."""
    root = getattr(_local, "root", None)
    if (root is None or _local.pid != os.getpid()
            or not (root / TEMPLATE.name).is_file()):
        root = _new_root()
        _local.root, _local.pid = root, os.getpid()
        _local.compiler = typst.Compiler(str(root / TEMPLATE.name), root=str(root),
                                         ignore_system_fonts=True)
    return root, _local.compiler


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


def render_pdf(data: dict[str, Any], *, logo: tuple[bytes, str] | None = None) -> bytes:
    """Render the Bescheid described by ``data`` (see ``decisions.documents``) as PDF/A.

    ``logo`` is ``(content, "png"|"svg")``.
    """
    root, compiler = _renderer()
    payload = dict(data)
    payload["logo"] = _logo_path(root, *logo) if logo is not None else None
    data_file = root / DATA_FILE
    fd = os.open(data_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(payload, handle, ensure_ascii=False)
    try:
        out = compiler.compile(format="pdf", pdf_standards=PDF_STANDARDS)
    except typst.TypstError as exc:
        raise PdfRenderError(exc.message) from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            data_file.unlink()  # personal data stay on the compiler's side only briefly
    assert isinstance(out, bytes)
    return out
