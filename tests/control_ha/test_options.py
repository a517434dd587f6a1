"""Control options: safety limits within hard bounds, read-back delay, notify actions."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sigenstor.control.options import control_options_schema

from ..integration.helpers import setup_entry

pytestmark = pytest.mark.usefixtures("socket_enabled")


async def test_limits_outside_hard_bounds_are_refused(
    hass: HomeAssistant, control_entry: MockConfigEntry
) -> None:
    """min_soc above max_soc shows a translated error; fixing it saves the options."""
    await setup_entry(hass, control_entry)
    result = await hass.config_entries.options.async_init(control_entry.entry_id)
    if result["type"] is FlowResultType.MENU:
        result = await hass.config_entries.options.async_configure(
            result["flow_id"], user_input={"next_step_id": "polling"}
        )
    assert result["type"] is FlowResultType.FORM
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], user_input={"min_soc": 40, "max_soc": 60, "max_temp_c": -10}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "min_temp_not_below_max_temp"}
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        user_input={
            "min_soc": 10,
            "max_soc": 95,
            "max_temp_c": 45,
            "notify_services": "notify.mobile_app_x",
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert control_entry.options["min_soc"] == 10
    assert control_entry.options["max_soc"] == 95
    assert control_entry.options["notify_services"] == "notify.mobile_app_x"
    assert control_entry.options["readback_delay_s"] == pytest.approx(0.05)
    # Saving options reloads the entry; let that finish before teardown.
    await hass.async_block_till_done(wait_background_tasks=True)


async def test_poll_intervals_may_not_outrun_the_freshness_limits(
    hass: HomeAssistant, control_entry: MockConfigEntry
) -> None:
    """A live interval of 300 s against a 30 s SoC age limit is refused; nothing changes."""
    await setup_entry(hass, control_entry)
    before = dict(control_entry.options)
    result = await hass.config_entries.options.async_init(control_entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], user_input={"next_step_id": "polling"}
    )
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], user_input={"live_interval": 300}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "live_interval_exceeds_age"}
    placeholders = result["description_placeholders"]
    assert placeholders is not None
    assert placeholders["age"] == "30"
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], user_input={"live_interval": 5, "slow_interval": 600}
    )
    assert result["errors"] == {"base": "slow_interval_exceeds_age"}
    assert dict(control_entry.options) == before
    # Raising the age limit with the interval is accepted.
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        user_input={"live_interval": 60, "slow_interval": 60, "max_telemetry_age_s": 120},
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert control_entry.options["live_interval"] == 60
    await hass.async_block_till_done(wait_background_tasks=True)


def test_every_option_shows_the_unit_of_its_name() -> None:
    """Ages are seconds (not degrees because the name holds "temp"), SoCs %, powers kW."""
    units = {
        str(key): field.config.get("unit_of_measurement")
        for key, field in control_options_schema({}).items()
        if hasattr(field, "config")
    }
    assert units["max_temperature_age_s"] == "s"
    assert units["max_telemetry_age_s"] == "s"
    assert units["max_temp_c"] == "°C"
    assert units["min_soc"] == "%"
    assert units["default_charge_power_kw"] == "kW"
    assert units["default_duration_min"] == "min"
