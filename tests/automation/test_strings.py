"""Every schedule error, action field and selector option has its English text."""

from __future__ import annotations

import ast
import json
from pathlib import Path
import re
from typing import Any

from homeassistant.util.yaml import load_yaml_dict

from custom_components.sigenstor.automation.schedules import ACTIONS, DAY_NAMES

PACKAGE = Path(__file__).parents[2] / "custom_components" / "sigenstor"
SERVICES = ("set_schedule", "delete_schedule", "list_schedules")


def _json(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((PACKAGE / name).read_text())
    return data


def test_strings_and_english_translation_are_identical() -> None:
    """translations/en.json is a copy of strings.json."""
    assert _json("strings.json") == _json("translations/en.json")


def test_every_schedule_error_has_a_message_with_its_placeholders() -> None:
    """Keys raised by the schedule modules exist, and their placeholders are the ones passed."""
    exceptions = _json("strings.json")["exceptions"]
    raised: dict[str, set[str]] = {}
    for module in ("automation/schedules.py", "automation/schedule_store.py"):
        for node in ast.walk(ast.parse((PACKAGE / module).read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "ScheduleError"
            ):
                first = node.args[0]
                assert isinstance(first, ast.Constant)
                raised.setdefault(str(first.value), set()).update(str(k.arg) for k in node.keywords)
    assert len(raised) >= 14
    for key, placeholders in raised.items():
        message = exceptions[key]["message"]
        assert set(re.findall(r"{(\w+)}", message)) == placeholders, key


def test_action_fields_have_names_selectors_and_icons() -> None:
    """services.yaml fields match strings.json; select options match their translations."""
    services = load_yaml_dict(str(PACKAGE / "services.yaml"))
    strings = _json("strings.json")
    icons = _json("icons.json")
    for service in SERVICES:
        fields = set(services[service]["fields"])
        described = strings["services"][service]["fields"]
        assert fields == set(described), service
        assert all(v["name"] and v["description"] for v in described.values())
        assert icons["services"][service]["service"].startswith("mdi:")
    fields = services["set_schedule"]["fields"]
    for field, options in (("action", ACTIONS), ("days", DAY_NAMES)):
        select = fields[field]["selector"]["select"]
        assert tuple(select["options"]) == tuple(options)
        translated = strings["selector"][select["translation_key"]]["options"]
        assert set(translated) == set(options)
    assert strings["entity"]["calendar"]["plan"]["name"] == "Plan"
