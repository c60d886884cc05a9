"""Pluggable virus scanning of uploads.

:func:`get_scanner` returns the configured scanner: the ClamAV adapter when the setting
``CLAMAV_URL`` is set (``tcp://host:3310`` or ``unix:///run/clamav/clamd.ctl``), else
:class:`NoScanner`, which records honestly that the file was **not** scanned.
Other scanners: ``register_scanner(name, factory)`` and ``FORMENGINE_SCANNER = name``.
"""

from __future__ import annotations

import socket
import struct
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlparse

from django.conf import settings

NOT_SCANNED = "not_scanned"
CLEAN = "clean"
INFECTED = "infected"
ERROR = "error"


@dataclass(frozen=True)
class ScanResult:
    status: str  # one of NOT_SCANNED, CLEAN, INFECTED, ERROR
    detail: str = ""


class Scanner(Protocol):
    def scan(self, data: bytes) -> ScanResult: ...


class NoScanner:
    """No virus scanner configured: the upload is stored as "not scanned"."""

    def scan(self, data: bytes) -> ScanResult:
        return ScanResult(NOT_SCANNED, "no scanner configured")


class ClamAVScanner:
    """clamd's INSTREAM command over TCP or a Unix socket."""

    CHUNK = 64 * 1024

    def __init__(self, url: str, timeout: float = 30.0):
        self.url = urlparse(url)
        self.timeout = timeout
        if self.url.scheme not in ("tcp", "unix"):
            raise ValueError("CLAMAV_URL must be tcp://host:port or unix:///path")

    def _connect(self) -> socket.socket:
        if self.url.scheme == "unix":
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(self.timeout)
            sock.connect(self.url.path)
            return sock
        return socket.create_connection(
            (self.url.hostname or "127.0.0.1", self.url.port or 3310), timeout=self.timeout
        )

    def scan(self, data: bytes) -> ScanResult:
        try:
            with self._connect() as sock:
                sock.sendall(b"zINSTREAM\0")
                for start in range(0, len(data), self.CHUNK):
                    chunk = data[start : start + self.CHUNK]
                    sock.sendall(struct.pack("!L", len(chunk)) + chunk)
                sock.sendall(struct.pack("!L", 0))
                reply = b""
                while not reply.endswith(b"\0") and len(reply) < 4096:
                    part = sock.recv(4096)
                    if not part:
                        break
                    reply += part
        except OSError as exc:
            return ScanResult(ERROR, f"clamd unreachable: {exc.__class__.__name__}")
        text = reply.rstrip(b"\0").decode("utf-8", "replace").strip()
        if text.endswith("OK"):
            return ScanResult(CLEAN, "")
        if text.endswith("FOUND"):
            signature = text.removeprefix("stream:").removesuffix("FOUND").strip()
            return ScanResult(INFECTED, signature[:200])
        return ScanResult(ERROR, text[:200] or "empty reply")


_factories: dict[str, Callable[[], Scanner]] = {"none": NoScanner}


def register_scanner(name: str, factory: Callable[[], Scanner]) -> None:
    _factories[name] = factory


def get_scanner() -> Scanner:
    name = getattr(settings, "FORMENGINE_SCANNER", "")
    if name:
        return _factories[name]()
    url = getattr(settings, "CLAMAV_URL", "")
    if url:
        return ClamAVScanner(url)
    return NoScanner()
