"""sgb2 is a pure law engine: importing it and every submodule must not import Django."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"

SCRIPT = """
import importlib, pkgutil, sys
import sgb2
names = [m.name for m in pkgutil.walk_packages(sgb2.__path__, "sgb2.")]
for name in names:
    if name != "sgb2.__main__":
        importlib.import_module(name)
bad = sorted(m for m in sys.modules if m == "django" or m.startswith("django."))
assert not bad, bad
print(len(names))
"""


def test_sgb2_and_all_submodules_import_without_django() -> None:
    env = dict(os.environ, PYTHONPATH=str(SRC))
    cp = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert cp.returncode == 0, cp.stderr
    assert int(cp.stdout.strip()) >= 6
