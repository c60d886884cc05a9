"""The static-files storage of production and ``make run``: WhiteNoise's compressed manifest
storage (hashed names, brotli and gzip variants written by collectstatic), with hashed URLs
also when DEBUG is on (``make run``), so that WhiteNoise can serve them as immutable."""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class HashedStaticFilesStorage(CompressedManifestStaticFilesStorage):
    def url(self, name: str | None, force: bool = False) -> str:
        # Django's manifest storage links the unhashed name under DEBUG; make run serves the
        # collected files only, so it must link the hashed ones.
        return str(super().url(name, force=True))
