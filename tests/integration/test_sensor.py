"""Every entity shows what the simulated plant holds, correctly scaled."""

from __future__ import annotations

from homeassistant.components.sensor import SensorDeviceClass, SensorStateClass
from homeassistant.const import STATE_UNAVAILABLE, STATE_UNKNOWN
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sigenstor.binary_sensor import ALARMS
from custom_components.sigenstor.const import DOMAIN
from custom_components.sigenstor.identifiers import unique_id_for
from custom_components.sigenstor.sensor import SENSORS
from custom_components.sigenstor.sigen.enums import active_alarms, option
from custom_components.sigenstor.sigen.registers import PLANT_UNIT_ID, Device
from simulator import Simulator

from ..conftest import SERIAL
from .helpers import enable_all_and_reload, entity_id, setup_entry


def _units(device: Device) -> tuple[int, ...]:
    return (PLANT_UNIT_ID,) if device is Device.PLANT else (1,)


def _expected(sim: Simulator, key: str, unit: int) -> object:
    return sim.value(key, None if unit == PLANT_UNIT_ID else unit)


async def test_every_sensor_matches_the_plant(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """Each sensor's state equals the simulator's value after scaling."""
    await setup_entry(hass, mock_config_entry)
    await enable_all_and_reload(hass, mock_config_entry)
    checked = 0
    for description in SENSORS:
        for unit in _units(description.device):
            state = hass.states.get(
                entity_id(hass, "sensor", unique_id_for(SERIAL, unit, description.key))
            )
            assert state is not None
            assert state.state not in (STATE_UNAVAILABLE,), description.key
            if description.key == "house_load":
                pv = float(_expected(simulator, "plant_pv_power", unit))  # type: ignore[arg-type]
                bat = float(_expected(simulator, "plant_ess_power", unit))  # type: ignore[arg-type]
                grid = float(_expected(simulator, "grid_active_power", unit))  # type: ignore[arg-type]
                assert float(state.state) == pytest.approx(pv - bat + grid, abs=1e-3)
            elif description.device_class is SensorDeviceClass.ENUM:
                raw = _expected(simulator, description.keys[0], unit)
                assert state.state == option(description.keys[0], raw), description.key
            elif description.key == "inverter_firmware":
                assert state.state == _expected(simulator, "inv_firmware", unit)
            else:
                expected = _expected(simulator, description.keys[0], unit)
                if expected is None:
                    assert state.state == STATE_UNKNOWN, description.key
                else:
                    assert float(state.state) == pytest.approx(float(expected)), description.key  # type: ignore[arg-type]
            checked += 1
    assert checked == len([d for d in SENSORS for _ in _units(d.device)])


async def test_alarm_words_decode_to_problem_sensors(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """An alarm bit set in the plant turns its problem sensor on and names the alarm."""
    simulator.set_value("plant_merged_alarm_3", 0b101)  # ESS word: bits 0 and 2
    await setup_entry(hass, mock_config_entry)
    on = hass.states.get(entity_id(hass, "binary_sensor", f"{SERIAL}_plant_battery_alarm"))
    off = hass.states.get(entity_id(hass, "binary_sensor", f"{SERIAL}_plant_pcs_alarm"))
    assert on is not None
    assert off is not None
    assert on.state == "on"
    assert on.attributes["alarms"] == active_alarms("plant_merged_alarm_3", 0b101)
    assert len(on.attributes["alarms"]) == 2
    assert off.state == "off"
    assert off.attributes["alarms"] == []
    assert len([a for a in ALARMS if a.device is Device.PLANT]) == 7


async def test_energy_sensors_are_ready_for_the_energy_dashboard(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """Lifetime counters are energy / total_increasing in kWh."""
    await setup_entry(hass, mock_config_entry)
    for key in (
        "pv_energy",
        "grid_import_energy",
        "grid_export_energy",
        "battery_charge_energy",
        "battery_discharge_energy",
    ):
        state = hass.states.get(entity_id(hass, "sensor", f"{SERIAL}_plant_{key}"))
        assert state is not None
        assert state.attributes["device_class"] == SensorDeviceClass.ENERGY
        assert state.attributes["state_class"] == SensorStateClass.TOTAL_INCREASING
        assert state.attributes["unit_of_measurement"] == "kWh"
        assert float(state.state) > 0


async def test_devices_plant_and_inverter(
    hass: HomeAssistant,
    simulator: Simulator,
    mock_config_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
) -> None:
    """A plant device and an inverter device under it, with firmware from the static tier."""
    await setup_entry(hass, mock_config_entry)
    plant = device_registry.async_get_device({(DOMAIN, f"{SERIAL}_plant")})
    inverter = device_registry.async_get_device({(DOMAIN, f"{SERIAL}_inverter_1")})
    assert plant is not None
    assert inverter is not None
    assert inverter.via_device_id == plant.id
    assert inverter.sw_version == simulator.value("inv_firmware", 1)
    assert inverter.serial_number == simulator.value("inv_serial", 1)
    assert plant.manufacturer == "Sigenergy"


async def test_disabled_entities_are_not_polled(
    hass: HomeAssistant,
    simulator: Simulator,
    mock_config_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """Registers behind disabled-by-default entities are not read until enabled."""
    await setup_entry(hass, mock_config_entry)
    read_addresses = {
        (r.unit_id, a) for r in simulator.requests for a in range(r.address, r.address + r.count)
    }
    # 31003, the inverter temperature behind a disabled-by-default sensor, lies outside
    # every block the enabled entities need.
    assert (1, 31003) not in read_addresses
    reg = entity_registry.async_get(
        entity_id(hass, "sensor", f"{SERIAL}_inverter_1_inverter_pcs_temperature")
    )
    assert reg is not None
    assert reg.disabled_by is not None
    await enable_all_and_reload(hass, mock_config_entry)
    read_addresses = {
        (r.unit_id, a) for r in simulator.requests for a in range(r.address, r.address + r.count)
    }
    assert (1, 31003) in read_addresses


async def test_unsupported_register_is_unknown_and_link_stays_up(
    hass: HomeAssistant, simulator: Simulator, mock_config_entry: MockConfigEntry
) -> None:
    """Exception 0x02 (older firmware) makes one sensor unknown; nothing else suffers."""
    # Plant average cell temperature is new in protocol V2.9.
    simulator.faults.exception_for(PLANT_UNIT_ID, 30286, 2)
    await setup_entry(hass, mock_config_entry)
    temperature = hass.states.get(entity_id(hass, "sensor", f"{SERIAL}_plant_battery_temperature"))
    alarm = hass.states.get(entity_id(hass, "binary_sensor", f"{SERIAL}_plant_plant_alarm_2"))
    assert temperature is not None
    assert alarm is not None
    assert temperature.state == STATE_UNKNOWN
    assert alarm.state == "off"  # 30281 shares the block with 30286 and is still read
    runtime = mock_config_entry.runtime_data
    assert "plant_ess_avg_cell_temperature" in runtime.client.unsupported(PLANT_UNIT_ID)
    assert simulator.connection_count == 1
    assert all(r.response != "dropped" for r in simulator.requests)
