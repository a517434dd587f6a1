"""docs/examples.md is true: its automations load, our actions accept their data, ids exist."""

from __future__ import annotations

from pathlib import Path
import re
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from homeassistant.util.yaml import parse_yaml
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sigenstor.const import DOMAIN

from ..integration.helpers import setup_entry

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples.md"
ENTRY_PLACEHOLDER = "01JEXAMPLEENTRY"
OUR_IDS = re.compile(
    r"\b(?:sensor|binary_sensor|select|number|button)\.(?:sigenstor|amber_electric)_\w+"
)


def automations() -> list[dict[str, Any]]:
    """The YAML blocks of the examples page, in order."""
    blocks = re.findall(r"```yaml\n(.*?)```", EXAMPLES.read_text(encoding="utf-8"), re.DOTALL)
    loaded: list[dict[str, Any]] = [parse_yaml(block) for block in blocks]  # type: ignore[misc]
    assert len(loaded) >= 5, "the page lost its examples"
    return loaded


def our_actions(automation: dict[str, Any]) -> list[dict[str, Any]]:
    """The steps of one automation that call an action of this integration."""
    return [a for a in automation["actions"] if str(a.get("action", "")).startswith(f"{DOMAIN}.")]


async def test_examples_load_as_automations(
    hass: HomeAssistant, sources_entry: MockConfigEntry
) -> None:
    """Each block is a valid automation: Home Assistant creates it switched on."""
    await setup_entry(hass, sources_entry)
    examples = automations()
    assert await async_setup_component(hass, "automation", {"automation": examples})
    await hass.async_block_till_done()
    states = hass.states.async_all("automation")
    assert sorted(s.attributes["friendly_name"] for s in states) == sorted(
        e["alias"] for e in examples
    )
    assert {s.state for s in states} == {"on"}
    # Switched off again so the time trigger leaves no timer behind the test.
    await hass.services.async_call(
        "automation", "turn_off", {"entity_id": "all", "stop_actions": True}, blocking=True
    )


async def test_example_entity_ids_exist(
    hass: HomeAssistant, sources_entry: MockConfigEntry
) -> None:
    """Every entity id of ours that the page names is one the integration creates."""
    await setup_entry(hass, sources_entry)
    named = set(OUR_IDS.findall(EXAMPLES.read_text(encoding="utf-8")))
    assert named, "the page names none of our entities"
    missing = sorted(e for e in named if hass.states.get(e) is None)
    assert missing == []


async def test_example_actions_do_what_they_say(
    hass: HomeAssistant, sources_entry: MockConfigEntry
) -> None:
    """Our actions, called with the page's data against the simulator, succeed in page order."""
    await setup_entry(hass, sources_entry)
    steps = [step for example in automations() for step in our_actions(example)]
    assert {s["action"] for s in steps} >= {f"{DOMAIN}.force_charge", f"{DOMAIN}.emergency_stop"}
    for step in steps:
        data = {**step.get("data", {})}
        assert data.pop("config_entry_id") == ENTRY_PLACEHOLDER
        domain, service = step["action"].split(".")
        wants_response = "response_variable" in step
        response = await hass.services.async_call(
            domain,
            service,
            {"config_entry_id": sources_entry.entry_id, **data},
            blocking=True,
            return_response=wants_response,
        )
        if wants_response:
            assert response is not None
            records = response["records"]
            assert isinstance(records, list)
            assert records, "the page's earlier actions wrote nothing"
            assert all(isinstance(r, dict) and "time" in r for r in records)
    await hass.async_block_till_done(wait_background_tasks=True)
    stop = hass.states.async_all("binary_sensor")
    assert any(s.entity_id.endswith("emergency_stop") and s.state == "on" for s in stop)


@pytest.mark.parametrize("example", automations(), ids=lambda e: str(e["alias"]))
def test_examples_name_their_purpose(example: dict[str, Any]) -> None:
    """Each example has an alias and at least one trigger and action (a reader copies it whole)."""
    assert example["alias"]
    assert example["triggers"]
    assert example["actions"]
