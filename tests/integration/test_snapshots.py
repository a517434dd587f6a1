"""The entity surface as a reviewer sees it: per platform against the simulator, and the map.

`pytest --snapshot-update` rewrites `snapshots/test_snapshots.ambr`; a change there is a change
an owner sees (an entity id, a name, a unit, a state) or a change in what is read from where.
"""

from __future__ import annotations

from unittest.mock import patch

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from syrupy.assertion import SnapshotAssertion
from syrupy.filters import props

from custom_components.sigenstor.binary_sensor import ALARMS
from custom_components.sigenstor.entity import SigenEntityDescription
from custom_components.sigenstor.number import NUMBERS
from custom_components.sigenstor.sensor import SENSORS
from custom_components.sigenstor.sigen import get
from custom_components.sigenstor.sigen.registers import Register

from .helpers import enable_all_and_reload, setup_entry

PLATFORMS = [
    Platform.BINARY_SENSOR,
    Platform.BUTTON,
    Platform.CALENDAR,
    Platform.NUMBER,
    Platform.SELECT,
    Platform.SENSOR,
]


@pytest.mark.usefixtures("simulator")
@pytest.mark.parametrize("platform", PLATFORMS)
async def test_platform(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    platform: Platform,
) -> None:
    """Every entity of one platform, all enabled: registry entry and state."""
    with patch("custom_components.sigenstor.PLATFORMS", [platform]):
        await setup_entry(hass, mock_config_entry)
        await enable_all_and_reload(hass, mock_config_entry)
    # As core's snapshot_platform, with the day's date (a money total's last_reset) left out.
    entries = er.async_entries_for_config_entry(entity_registry, mock_config_entry.entry_id)
    assert entries
    for entry in entries:
        assert entry == snapshot(name=f"{entry.entity_id}-entry")
        assert entry.disabled_by is None
        state = hass.states.get(entry.entity_id)
        assert state is not None, entry.entity_id
        assert state == snapshot(name=f"{entry.entity_id}-state", exclude=props("last_reset"))
        if "last_reset" in state.attributes:  # present, and at a local midnight
            reset = dt_util.parse_datetime(state.attributes["last_reset"])
            assert reset is not None
            assert (reset.hour, reset.minute) == (0, 0)


def _where(register: Register) -> str:
    return (
        f"{register.key} @ {register.address} x{register.count} {register.data_type.name}"
        f" gain {register.gain} {register.unit or '-'} ({register.tier.value})"
    )


def test_descriptions_to_registers(snapshot: SnapshotAssertion) -> None:
    """Description -> register -> address -> tier, so a map change shows in review."""
    table: dict[str, dict[str, object]] = {}
    described: tuple[tuple[str, tuple[SigenEntityDescription, ...]], ...] = (
        ("sensor", SENSORS),
        ("binary_sensor", ALARMS),
        ("number", NUMBERS),
    )
    for platform, descriptions in described:
        for description in descriptions:
            table[f"{platform}.{description.key}"] = {
                "device": description.device.value,
                "tier": description.tier.value,
                "registers": [_where(get(key)) for key in description.keys],
            }
    assert table == snapshot


def test_a_description_reads_one_tier() -> None:
    """Its tier is its first register's; the others must be polled with it."""
    for description in (*SENSORS, *ALARMS, *NUMBERS):
        tiers = {get(key).tier for key in description.keys}
        assert tiers == {description.tier}, description.key
