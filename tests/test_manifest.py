"""Every third-party module the integration imports is declared in manifest.json."""

from __future__ import annotations

import ast
import json
from pathlib import Path
import re
import sys

PACKAGE = Path(__file__).parents[1] / "custom_components" / "sigenstor"
# Home Assistant core's own install requirements: every installation has them.
CORE = {"homeassistant", "voluptuous", "aiohttp"}


def imported_top_level(package: Path) -> set[str]:
    """Top-level names of absolute imports in the package's modules."""
    names: set[str] = set()
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names


def declared(manifest: Path) -> set[str]:
    """Distribution names in the manifest's requirements, lower case."""
    requirements = json.loads(manifest.read_text(encoding="utf-8"))["requirements"]
    return {re.split(r"[<>=!~\[; ]", line, maxsplit=1)[0].lower() for line in requirements}


def test_every_third_party_import_is_declared() -> None:
    """HA 2025.4 ships numpy itself; 2026.2 does not, so an undeclared import fails to load."""
    third_party = imported_top_level(PACKAGE) - set(sys.stdlib_module_names) - CORE
    assert third_party, "the scan found no third-party import at all"
    assert third_party - declared(PACKAGE / "manifest.json") == set()


def test_the_scan_finds_an_undeclared_import(tmp_path: Path) -> None:
    """The check fails for a module importing something the manifest does not name."""
    (tmp_path / "mod.py").write_text("import numpy\nfrom pymodbus.client import X\n")
    (tmp_path / "manifest.json").write_text(json.dumps({"requirements": ["pymodbus>=3.8.3"]}))
    missing = imported_top_level(tmp_path) - declared(tmp_path / "manifest.json")
    assert missing == {"numpy"}
