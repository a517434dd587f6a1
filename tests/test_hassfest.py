"""The hassfest rules that run offline: manifest, dependencies, actions, translations, icons.

Home Assistant's own validator (`script/hassfest` in the core repository) is not installable
from PyPI; these are its rules for a custom integration, restated on our files.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path
import re
from typing import Any

from homeassistant.const import Platform
from homeassistant.util.yaml import load_yaml_dict

PACKAGE = Path(__file__).parents[1] / "custom_components" / "sigenstor"
MANIFEST: dict[str, Any] = json.loads((PACKAGE / "manifest.json").read_text())
STRINGS: dict[str, Any] = json.loads((PACKAGE / "strings.json").read_text())
ICONS: dict[str, Any] = json.loads((PACKAGE / "icons.json").read_text())
SERVICES = load_yaml_dict(str(PACKAGE / "services.yaml"))
# Integrations hassfest lets any integration use without a dependency (its dependencies rule).
ALWAYS_USABLE = {
    *(platform.value for platform in Platform),
    "alert",
    "automation",
    "conversation",
    "default_config",
    "device_automation",
    "frontend",
    "group",
    "homeassistant",
    "media_source",
    "onboarding",
    "panel_custom",
    "persistent_notification",
    "person",
    "script",
    "system_health",
    "system_log",
    "webhook",
    "websocket_api",
    "zone",
}
PLATFORM_MODULES = {p.value for p in Platform if (PACKAGE / f"{p.value}.py").exists()}


def used_components(package: Path) -> set[str]:
    """Integrations whose modules the package imports (`homeassistant.components.<x>`)."""
    used: set[str] = set()
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            for name in names:
                match = re.match(r"homeassistant\.components\.(\w+)", name)
                if match:
                    used.add(match.group(1))
    return used


def test_manifest_keys_are_complete_and_ordered() -> None:
    """Domain and name first, the rest sorted; what HACS and a custom integration need."""
    keys = list(MANIFEST)
    assert keys[:2] == ["domain", "name"]
    assert keys[2:] == sorted(keys[2:])
    required = {"codeowners", "config_flow", "documentation", "integration_type", "iot_class"}
    assert required | {"issue_tracker", "requirements", "version"} <= set(keys)


def test_every_used_integration_is_a_dependency() -> None:
    """Importing another integration needs it in dependencies or after_dependencies."""
    declared = set(MANIFEST["dependencies"]) | set(MANIFEST.get("after_dependencies", []))
    # A module named like the integration (diagnostics.py, repairs.py, logbook.py) is a platform.
    platforms = {path.stem for path in PACKAGE.glob("*.py")}
    undeclared = used_components(PACKAGE) - ALWAYS_USABLE - declared - platforms - {"sigenstor"}
    assert not undeclared, f"add to after_dependencies: {sorted(undeclared)}"


def test_a_planted_import_of_an_integration_is_caught(tmp_path: Path) -> None:
    """The dependency rule sees an undeclared import (so the check above can fail)."""
    (tmp_path / "mod.py").write_text("from homeassistant.components.recorder import get_instance\n")
    assert used_components(tmp_path) == {"recorder"}


def test_actions_match_strings_and_icons() -> None:
    """Every action has a translated name, description and fields, and an icon."""
    assert set(SERVICES) == set(STRINGS["services"])
    for name, spec in SERVICES.items():
        text = STRINGS["services"][name]
        assert text.get("name"), name
        assert text.get("description"), name
        fields = set((spec or {}).get("fields", {}))
        assert fields == set(text.get("fields", {})), name
        for field in fields:
            assert text["fields"][field].get("name"), f"{name}.{field}"
        assert ICONS.get("services", {}).get(name, {}).get("service"), f"no icon for {name}"


def test_translations_are_the_strings() -> None:
    """translations/en.json is strings.json (what the frontend reads for a custom integration)."""
    english = json.loads((PACKAGE / "translations" / "en.json").read_text())
    assert english == STRINGS


def test_buttons_numbers_and_selects_have_icons() -> None:
    """Entities without a device class to draw from carry an icon of their own."""
    for platform in ("button", "number", "select"):
        keys = set(STRINGS["entity"].get(platform, {}))
        missing = keys - set(ICONS["entity"].get(platform, {}))
        assert not missing, f"{platform}: {sorted(missing)}"


def test_every_platform_sets_parallel_updates() -> None:
    """PARALLEL_UPDATES in every entity platform (quality scale: parallel-updates)."""
    for platform in PLATFORM_MODULES:
        tree = ast.parse((PACKAGE / f"{platform}.py").read_text())
        names = {
            target.id
            for node in tree.body
            if isinstance(node, ast.Assign)
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        assert "PARALLEL_UPDATES" in names, platform
