"""The per-module coverage gate flags a weak module that a strong total would hide."""

from __future__ import annotations

import json
from pathlib import Path
import subprocess
import sys

ROOT = Path(__file__).resolve().parent.parent
GATE = ROOT / "scripts" / "coverage_gate.py"


def _report(**percents: float) -> dict[str, object]:
    files = {
        f"custom_components/sigenstor/{name}.py": {
            "summary": {"num_statements": 100, "percent_covered": pct}
        }
        for name, pct in percents.items()
    }
    files["custom_components/sigenstor/empty.py"] = {
        "summary": {"num_statements": 0, "percent_covered": 100.0}
    }
    return {"files": files, "totals": {"percent_covered": 98.0}}


def _run(tmp_path: Path, report: dict[str, object]) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "coverage.json"
    path.write_text(json.dumps(report), encoding="utf-8")
    return subprocess.run(
        [sys.executable, str(GATE), str(path)], capture_output=True, text=True, check=False
    )


def test_a_module_below_the_floor_fails_the_gate(tmp_path: Path) -> None:
    done = _run(tmp_path, _report(coordinator=99.5, devices=94.9, runtime=100.0))
    assert done.returncode == 1
    assert "94.9 % < 95 %: custom_components/sigenstor/devices.py" in done.stdout
    assert "coordinator" not in done.stdout


def test_every_module_at_the_floor_passes(tmp_path: Path) -> None:
    done = _run(tmp_path, _report(coordinator=95.0, devices=100.0))
    assert done.returncode == 0
    assert "0 module(s) below 95 %" in done.stdout
