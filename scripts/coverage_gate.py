"""Fail when a module of the integration is below the per-module coverage floor.

The quality scale's `test-coverage` rule asks for 95 % overall; this project holds every module
to it (issue #12 item 19), so a weak module cannot hide behind a strong average. Reads the JSON
report that `coverage json` writes (run by `scripts/test` after the whole suite, not after a
selection of tests).
"""

from __future__ import annotations

import json
from pathlib import Path
import sys
from typing import Any

FLOOR = 95.0


def low_modules(report: dict[str, Any], floor: float = FLOOR) -> list[tuple[str, float]]:
    """Modules below the floor, with their coverage in per cent, lowest first."""
    low = [
        (name, float(entry["summary"]["percent_covered"]))
        for name, entry in report.get("files", {}).items()
        if entry["summary"]["num_statements"] and entry["summary"]["percent_covered"] < floor
    ]
    return sorted(low, key=lambda item: item[1])


def main(path: str) -> int:
    """Print the modules below the floor; exit status 1 when there are any."""
    report = json.loads(Path(path).read_text(encoding="utf-8"))
    low = low_modules(report)
    for name, pct in low:
        print(f"coverage {pct:.1f} % < {FLOOR:.0f} %: {name}")
    total = report.get("totals", {}).get("percent_covered", 0.0)
    print(f"coverage gate: {len(low)} module(s) below {FLOOR:.0f} % (total {total:.1f} %)")
    return 1 if low else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "coverage.json"))
