"""Helpers for the access log's lanes in tests (``transparency.chain``, "Lanes")."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from jobcenter.transparency import chain


def only_lane(jobcenter) -> chain.ChainReport:  # noqa: ANN001
    """The report of the Jobcenter's one lane (one connection wrote: one lane)."""
    reports = chain.chains_verify(jobcenter_id=jobcenter.pk)
    assert len(reports) == 1, reports
    return reports[0]


@contextmanager
def into_lane(number: int) -> Iterator[None]:
    """Appends go to lane ``number`` (as from a connection on that lane)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(chain, "current_lane", lambda: number)
        yield
