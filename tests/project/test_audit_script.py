"""scripts/audit.py: which pip-audit reports fail the build."""

import importlib.util
import json
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "audit.py"


@pytest.fixture
def audit(monkeypatch):
    spec = importlib.util.spec_from_file_location("audit_script", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "pick_service", lambda: ("pypi", ["probe: HTTP 200"]))

    def with_report(deps):
        out = json.dumps({"dependencies": deps, "fixes": []})
        monkeypatch.setattr(module.subprocess, "run", lambda *a, **k: subprocess.CompletedProcess(
            a, 1 if any(d.get("vulns") for d in deps) else 0, stdout=out, stderr=""))
        return module.main()

    return module, with_report


def test_a_vulnerability_with_a_fix_fails(audit, capsys):
    _, run = audit
    code = run([{"name": "django", "version": "5.2.0",
                 "vulns": [{"id": "PYSEC-1", "fix_versions": ["5.2.1"]}]},
                {"name": "lxml", "version": "6.1.3", "vulns": []}])
    assert code == 1 and "VULNERABLE django 5.2.0: PYSEC-1 (fixed in 5.2.1)" in capsys.readouterr().out


def test_no_fix_yet_warns_and_passes(audit, capsys):
    _, run = audit
    code = run([{"name": "lxml", "version": "6.1.3",
                 "vulns": [{"id": "GHSA-x", "fix_versions": []}]}])
    assert code == 0 and "warning   lxml 6.1.3: GHSA-x (no fix yet)" in capsys.readouterr().out


def test_nothing_audited_is_not_a_pass_when_required(audit, monkeypatch, capsys):
    _, run = audit
    skipped = [{"name": "amqp", "version": "5.4.2", "skip_reason": "not found on PyPI"}]
    assert run(skipped) == 0 and "NOT AUDITED" in capsys.readouterr().out
    monkeypatch.setenv("AUDIT_REQUIRED", "1")
    assert run(skipped) == 2


def test_unreachable_service_says_not_audited(audit, monkeypatch, capsys):
    module, _ = audit
    monkeypatch.setattr(module, "pick_service", lambda: (None, ["pypi: HTTP 404"]))
    assert module.main() == 0 and "NOT AUDITED" in capsys.readouterr().out
    monkeypatch.setenv("AUDIT_REQUIRED", "1")
    assert module.main() == 2
