"""scripts/audit.py: known vulnerabilities fail, unreachable advisory data is reported as an
incomplete audit, never as a pass."""

from __future__ import annotations

import importlib.util
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("audit", ROOT / "scripts" / "audit.py")
audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit)

CLEAN = {"dependencies": [{"name": "django", "version": "5.2.19", "vulns": []}]}
VULNERABLE = {"dependencies": [
    {"name": "django", "version": "4.2.0", "vulns": [
        {"id": "PYSEC-2023-100", "fix_versions": ["4.2.2"], "aliases": ["CVE-2023-36053"]}]},
    {"name": "pillow", "version": "13.0.0", "vulns": []}]}
SKIPPED = {"dependencies": [
    {"name": "django", "version": "5.2.19", "vulns": []},
    {"name": "celery", "skip_reason": "Dependency not found on PyPI and could not be audited: "
                                      "celery (5.7.0)"}]}


def test_no_known_vulnerability_passes():
    code, lines = audit.classify({"requirements.txt": CLEAN}, {})
    assert code == audit.CLEAN == 0
    assert lines == ["1 pinned packages audited: no known vulnerabilities."]


def test_a_known_vulnerability_fails_with_id_and_fix():
    code, lines = audit.classify({"requirements.txt": VULNERABLE}, {})
    assert code == audit.VULNERABLE == 1
    assert "  django 4.2.0: PYSEC-2023-100 (CVE-2023-36053) — fixed in 4.2.2" in lines


def test_skipped_packages_make_the_audit_incomplete_not_clean():
    code, lines = audit.classify({"requirements.txt": SKIPPED}, {})
    assert code == audit.INCOMPLETE == 2
    assert any("AUDIT INCOMPLETE" in line for line in lines)
    assert any("celery" in line for line in lines)


def test_no_report_at_all_is_incomplete_with_the_reason():
    code, lines = audit.classify(
        {"requirements.txt": None},
        {"requirements.txt": "Traceback …\nrequests.exceptions.ConnectionError: api.osv.dev"})
    assert code == audit.INCOMPLETE
    assert any("ConnectionError: api.osv.dev" in line for line in lines)


def test_vulnerabilities_win_over_missing_data():
    code, lines = audit.classify({"requirements.txt": VULNERABLE, "requirements-dev.txt": None},
                                 {"requirements-dev.txt": "timeout"})
    assert code == audit.VULNERABLE
    assert any("KNOWN VULNERABILITIES" in line for line in lines)
    assert any("AUDIT INCOMPLETE" in line for line in lines)


@pytest.mark.parametrize(("report", "exit_code"), [(CLEAN, 0), (VULNERABLE, 1), (SKIPPED, 2),
                                                    (None, 2)])
def test_the_script_runs_pip_audit_on_every_pinned_file(tmp_path, report, exit_code):
    """End to end with a stand-in for pip-audit that records its arguments."""
    calls = tmp_path / "calls.jsonl"
    fake = tmp_path / "pip-audit"
    fake.write_text(
        "#!" + sys.executable + "\n"
        "import json, sys\n"
        f"open({str(calls)!r}, 'a').write(json.dumps(sys.argv[1:]) + '\\n')\n"
        f"report = {json.dumps(report)}\n"
        "if report is None:\n"
        "    sys.exit('requests.exceptions.ConnectionError: no route to advisory data')\n"
        "out = sys.argv[sys.argv.index('--output') + 1]\n"
        "open(out, 'w').write(json.dumps(report))\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "audit.py"),
                             "--pip-audit", str(fake)], capture_output=True, text=True,
                            env={**os.environ}, timeout=60)
    assert result.returncode == exit_code, result.stdout + result.stderr
    runs = [json.loads(line) for line in calls.read_text().splitlines()]
    audited = {Path(args[args.index("-r") + 1]).name for args in runs}
    assert {"requirements.txt", "requirements-dev.txt", "requirements-audit.txt"} <= audited
    for args in runs:
        assert {"--no-deps", "--disable-pip"} <= set(args)
        assert args[args.index("--vulnerability-service") + 1] == "pypi"
