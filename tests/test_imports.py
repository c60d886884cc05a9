"""Structural test: imports between the apps are where import-linter sees them (issue 11).

The layers contract in pyproject.toml decides which app may import which. An import of
another app of ours is made at the top of the module (or, for a name used only in an
annotation, under ``if TYPE_CHECKING:``) — never inside a function and never behind
``try: … except ImportError``, which would hide a dependency from the reader. Imports inside
the same app may be made in a function (e.g. a task module and its services module).
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"


def _app(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "jobcenter" and len(parts) > 1 else None


def _imports_of(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
        return [node.module]
    return []


def _hidden_imports(path: Path, root: Path = SRC) -> list[str]:
    own = path.relative_to(root).parts[1]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                found += [f"{path.relative_to(root)}:{inner.lineno} imports {m} in a function"
                          for m in _imports_of(inner) if _app(m) not in (None, own)]
        if isinstance(node, ast.Try) and any(
            isinstance(h.type, ast.Name) and h.type.id in {"ImportError", "ModuleNotFoundError"}
            for h in node.handlers
        ):
            for inner in node.body:
                found += [f"{path.relative_to(root)}:{inner.lineno} hides the import of {m}"
                          for m in _imports_of(inner) if _app(m) is not None]
    return found


def test_no_app_import_is_hidden_in_a_function_or_behind_import_error():
    hidden = []
    for path in sorted((SRC / "jobcenter").rglob("*.py")):
        if "migrations" not in path.parts and len(path.relative_to(SRC).parts) > 2:
            hidden += _hidden_imports(path)
    assert not hidden, "\n".join(hidden)


def test_the_check_finds_a_hidden_import(tmp_path):
    """Positive control: the walk above reports both kinds."""
    app = tmp_path / "jobcenter" / "casefiles"
    app.mkdir(parents=True)
    probe = app / "probe.py"
    probe.write_text("def f():\n    from jobcenter.decisions import selectors\n"
                     "    from jobcenter.casefiles import models\n"
                     "try:\n    from jobcenter.decisions import models\nexcept ImportError:\n"
                     "    pass\n", encoding="utf-8")
    assert len(_hidden_imports(probe, root=tmp_path)) == 2
