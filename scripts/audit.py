"""Dependency audit of the pinned requirements (``make audit``; CI runs it).

    python scripts/audit.py [--pip-audit .venv-audit/bin/pip-audit] [--service pypi|osv]

Runs pip-audit (pinned in requirements-audit.txt, installed in its own venv so that its
dependencies are not mixed with ours) over each pinned requirements file — requirements.txt,
requirements-dev.txt, requirements-test-oracle.txt, requirements-audit.txt — without
installing anything (``--no-deps --disable-pip``: every line is an exact pin), and says
plainly what it found:

    exit 0  every pinned package was checked against the advisory data; no known
            vulnerability
    exit 1  known vulnerabilities (listed with their ids and fixed versions)
    exit 2  the audit is INCOMPLETE: the advisory data could not be reached for some or
            all packages (listed, with the reason). Nothing is claimed about them.

pip-audit itself reports a package whose advisory data it cannot fetch as "skipped" and
exits 0; that must never pass for "no known vulnerabilities" — hence this wrapper. See
docs/security.md, "Dependency audit".
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ["requirements.txt", "requirements-dev.txt", "requirements-test-oracle.txt",
                "requirements-audit.txt"]
CLEAN, VULNERABLE, INCOMPLETE = 0, 1, 2


def classify(reports: dict[str, dict | None], stderrs: dict[str, str]) -> tuple[int, list[str]]:
    """The exit code and the lines to print, from pip-audit's JSON report per requirements
    file (None where pip-audit produced none, e.g. the advisory service did not answer)."""
    dependencies: dict[tuple[str, str], dict] = {}
    failed = []
    for name, report in reports.items():
        if report is None:
            lines = [line for line in stderrs.get(name, "").strip().splitlines() if line.strip()]
            failed.append(f"  {name}: pip-audit produced no report: "
                          f"{(lines[-1] if lines else 'no output')[:300]}")
            continue
        for dependency in report.get("dependencies", []):
            dependencies[(dependency.get("name", "?"), dependency.get("version", ""))] = dependency
    vulnerable, skipped = [], []
    for (name, version), dependency in sorted(dependencies.items()):
        if dependency.get("skip_reason"):
            skipped.append(f"  {name}: {dependency['skip_reason']}")
        for vuln in dependency.get("vulns", []):
            fixed = ", ".join(vuln.get("fix_versions", [])) or "no fixed version yet"
            aliases = ", ".join(vuln.get("aliases", []))
            vulnerable.append(f"  {name} {version}: {vuln.get('id')}"
                              f"{f' ({aliases})' if aliases else ''} — fixed in {fixed}")
    lines = []
    if vulnerable:
        lines += [f"KNOWN VULNERABILITIES ({len(vulnerable)}):", *vulnerable]
    if skipped or failed:
        lines.append("AUDIT INCOMPLETE: no advisory data could be reached for these "
                     "(nothing is claimed about them):")
        lines += failed
        if skipped:
            lines.append(f"  {len(skipped)} of {len(dependencies)} pinned packages skipped:")
            lines += skipped
    if vulnerable:
        return VULNERABLE, lines
    if skipped or failed:
        return INCOMPLETE, lines
    return CLEAN, [f"{len(dependencies)} pinned packages audited: no known vulnerabilities."]


def run_pip_audit(pip_audit: str, service: str, requirements: Path) -> tuple[dict | None, str]:
    with tempfile.TemporaryDirectory() as tmp:
        output = Path(tmp) / "audit.json"
        command = [pip_audit, "--vulnerability-service", service, "--no-deps", "--disable-pip",
                   "--progress-spinner", "off", "--format", "json", "--output", str(output),
                   "--timeout", "20", "-r", str(requirements)]
        result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
        try:
            return json.loads(output.read_text(encoding="utf-8")), result.stderr
        except (OSError, json.JSONDecodeError):
            return None, result.stderr


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pip-audit", default=str(ROOT / ".venv-audit/bin/pip-audit"))
    parser.add_argument("--service", default="pypi", choices=["pypi", "osv"])
    args = parser.parse_args()
    files = [name for name in REQUIREMENTS if (ROOT / name).exists()]
    reports, stderrs = {}, {}
    for name in files:  # one run per file: the same pin in two files is not an error
        reports[name], stderrs[name] = run_pip_audit(args.pip_audit, args.service, ROOT / name)
    code, lines = classify(reports, stderrs)
    print(f"dependency audit ({args.service} advisory data) of {', '.join(files)}:")
    print("\n".join(lines))
    return code


if __name__ == "__main__":
    sys.exit(main())
