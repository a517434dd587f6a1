"""Options step for the demand tariff and peak shaving: validated, translated, stored."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from ..integration.helpers import setup_entry

pytestmark = pytest.mark.usefixtures("socket_enabled")
STRINGS = Path(__file__).parents[2] / "custom_components" / "sigenstor" / "strings.json"


async def _open(hass: HomeAssistant, entry: MockConfigEntry) -> Any:
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert "demand" in result["menu_options"]
    return await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "demand"}
    )


@pytest.mark.parametrize(
    ("submitted", "error"),
    [
        ({"demand_rate": 0.5, "demand_window_start": "16:00:00"}, "demand_window_incomplete"),
        (
            {
                "demand_rate": 0.5,
                "demand_window_start": "16:00:00",
                "demand_window_end": "16:00:00",
            },
            "demand_window_empty",
        ),
    ],
)
async def test_bad_window_is_refused_with_a_translated_error(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    submitted: dict[str, Any],
    error: str,
) -> None:
    """Half a window or an empty one: the form comes back with the error, options unchanged."""
    await setup_entry(hass, mock_config_entry)
    before = dict(mock_config_entry.options)
    form = await _open(hass, mock_config_entry)
    assert form["step_id"] == "demand"
    result = await hass.config_entries.options.async_configure(form["flow_id"], submitted)
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": error}
    assert dict(mock_config_entry.options) == before
    errors = json.loads(STRINGS.read_text())["options"]["error"]
    assert errors[error]


async def test_settings_are_stored_and_cleared(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    """A rate, an evening window and a cap are stored; emptying the fields removes them."""
    await setup_entry(hass, mock_config_entry)
    form = await _open(hass, mock_config_entry)
    wanted = {
        "demand_rate": 0.35,
        "demand_window_start": "16:00:00",
        "demand_window_end": "21:00:00",
        "peak_shaving_kw": 4.5,
    }
    result = await hass.config_entries.options.async_configure(form["flow_id"], wanted)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done(wait_background_tasks=True)
    assert {k: mock_config_entry.options[k] for k in wanted} == wanted
    form = await _open(hass, mock_config_entry)
    result = await hass.config_entries.options.async_configure(
        form["flow_id"], {"demand_rate": 0.0}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done(wait_background_tasks=True)
    assert mock_config_entry.options["demand_rate"] == 0.0
    for key in ("demand_window_start", "demand_window_end", "peak_shaving_kw"):
        assert key not in mock_config_entry.options
