"""gunicorn settings of the load test: measures the CPU time of every request in the worker
(``time.thread_time`` around the request; sync workers, so one request per thread at a
time) and writes ``<kind> <wall ms> <cpu ms>`` lines to ``$LOADTEST_TIMINGS.<pid>``.
With ``LOADTEST_PROFILE=1`` every request also runs under cProfile; each worker writes its
statistics to ``$LOADTEST_TIMINGS.<pid>.prof`` when it exits.

Test tooling only: production runs gunicorn without this file.
"""

from __future__ import annotations

import cProfile
import os
import time
from typing import Any

from loadtest.journeys import kind_of

_out: Any = None
_profile: cProfile.Profile | None = None
_started: dict[int, tuple[float, float]] = {}


def post_fork(server: Any, worker: Any) -> None:
    global _out, _profile
    path = os.environ.get("LOADTEST_TIMINGS")
    if path:
        _out = open(f"{path}.{os.getpid()}", "a", buffering=1)  # noqa: SIM115
    if os.environ.get("LOADTEST_PROFILE") == "1":
        _profile = cProfile.Profile()


def pre_request(worker: Any, req: Any) -> None:
    _started[id(req)] = (time.perf_counter(), time.thread_time())
    if _profile is not None:
        _profile.enable()


def post_request(worker: Any, req: Any, environ: Any, resp: Any) -> None:
    if _profile is not None:
        _profile.disable()
    started = _started.pop(id(req), None)
    if started is None or _out is None:
        return
    wall = (time.perf_counter() - started[0]) * 1000
    cpu = (time.thread_time() - started[1]) * 1000
    kind = kind_of(req.path)
    if req.method == "POST" and kind == "form page" and "multipart" in (
            environ.get("CONTENT_TYPE") or ""):
        kind = "upload"
    elif req.method == "POST" and kind == "form declaration":
        kind = "submit"
    kind = kind.replace(" ", "_")
    _out.write(f"{req.method}:{kind} {resp.status_code} {wall:.2f} {cpu:.2f}\n")


def worker_exit(server: Any, worker: Any) -> None:
    path = os.environ.get("LOADTEST_TIMINGS")
    if _profile is not None and path:
        _profile.dump_stats(f"{path}.{os.getpid()}.prof")
    if _out is not None:
        _out.close()
