"""docs/safety.md names real tests: every failure path it lists points at a test that exists."""

from __future__ import annotations

from pathlib import Path
import re

ROOT = Path(__file__).resolve().parents[2]


def test_every_test_named_in_the_safety_notes_exists() -> None:
    named = set(re.findall(r"`(test_\w+)`", (ROOT / "docs" / "safety.md").read_text()))
    assert len(named) >= 20
    source = "\n".join(p.read_text() for p in (ROOT / "tests").rglob("test_*.py"))
    defined = set(re.findall(r"def (test_\w+)\(", source))
    assert named - defined == set()
