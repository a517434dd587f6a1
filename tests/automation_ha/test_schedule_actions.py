"""set_schedule, delete_schedule and list_schedules end to end, with storage and reloads."""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sigenstor.const import DOMAIN

from ..integration.helpers import setup_entry
from .schedule_helpers import call, listed

pytestmark = pytest.mark.usefixtures("socket_enabled")

NIGHT: dict[str, Any] = {
    "name": "Night charge",
    "action": "charge",
    "start": "01:00:00",  # as the time selector sends it
    "end": "05:00",
    "days": ["mon", "tue", "wed", "thu", "fri"],
    "priority": 2,
    "power": 3,
    "target_soc": 90,
}


async def test_create_list_edit_delete(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    """A schedule goes through its whole life by actions; list shows the stored fields."""
    await setup_entry(hass, mock_config_entry)
    entry_id = mock_config_entry.entry_id
    assert await listed(hass, entry_id) == []

    created = await call(hass, "set_schedule", entry_id, response=True, **NIGHT)
    schedule_id = created["schedule_id"]
    assert set(created) == {"schedule_id"}
    assert schedule_id
    assert await listed(hass, entry_id) == [
        {
            "id": schedule_id,
            "name": "Night charge",
            "action": "charge",
            "start": "01:00",
            "end": "05:00",
            "days": ["mon", "tue", "wed", "thu", "fri"],
            "priority": 2,
            "enabled": True,
            "power_kw": 3.0,
            "target_soc": 90.0,
        }
    ]
    manager = mock_config_entry.runtime_data.schedules
    assert manager is not None
    assert manager.get(schedule_id) is not None

    # Fields left out keep their value.
    await call(hass, "set_schedule", entry_id, schedule_id=schedule_id, enabled=False)
    (edited,) = await listed(hass, entry_id)
    assert edited["enabled"] is False
    assert (edited["power_kw"], edited["target_soc"], edited["priority"]) == (3.0, 90.0, 2)

    # Giving the action restates power and target: left out means none.
    await call(hass, "set_schedule", entry_id, schedule_id=schedule_id, action="discharge", power=5)
    (edited,) = await listed(hass, entry_id)
    assert (edited["action"], edited["power_kw"], edited["target_soc"]) == ("discharge", 5.0, None)
    await call(hass, "set_schedule", entry_id, schedule_id=schedule_id, action="hold")
    (edited,) = await listed(hass, entry_id)
    assert (edited["action"], edited["power_kw"]) == ("hold", None)

    second = await call(
        hass,
        "set_schedule",
        entry_id,
        response=True,
        name="Evening",
        action="discharge",
        start="16:00",
        end="21:00",
    )
    assert [s["name"] for s in await listed(hass, entry_id)] == ["Night charge", "Evening"]
    (evening,) = [s for s in await listed(hass, entry_id) if s["id"] == second["schedule_id"]]
    assert evening["days"] == ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    assert (evening["priority"], evening["enabled"]) == (0, True)

    await call(hass, "delete_schedule", entry_id, schedule_id=schedule_id)
    assert [s["id"] for s in await listed(hass, entry_id)] == [second["schedule_id"]]


async def test_schedules_survive_a_reload_and_are_stored_versioned(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, hass_storage: dict[str, Any]
) -> None:
    """What was set is there again after the entry reloads (read back from storage)."""
    await setup_entry(hass, mock_config_entry)
    entry_id = mock_config_entry.entry_id
    await call(hass, "set_schedule", entry_id, **NIGHT)
    before = await listed(hass, entry_id)
    stored = hass_storage[f"{DOMAIN}.schedules.{entry_id}"]
    assert stored["version"] == 1
    assert stored["data"]["schedules"] == before

    assert await hass.config_entries.async_reload(entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert await listed(hass, entry_id) == before
    manager = mock_config_entry.runtime_data.schedules
    assert manager is not None
    assert [s.name for s in manager.schedules] == ["Night charge"]


async def test_broken_stored_record_is_skipped(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, hass_storage: dict[str, Any]
) -> None:
    """A hand-edited invalid record does not stop setup; the valid ones load."""
    good = {**NIGHT, "id": "good", "start": "01:00", "power_kw": 3.0}
    del good["power"]
    bad = {**good, "id": "bad", "end": "01:00"}
    hass_storage[f"{DOMAIN}.schedules.{mock_config_entry.entry_id}"] = {
        "version": 1,
        "minor_version": 1,
        "key": f"{DOMAIN}.schedules.{mock_config_entry.entry_id}",
        "data": {"schedules": [good, bad]},
    }
    await setup_entry(hass, mock_config_entry)
    assert [s["id"] for s in await listed(hass, mock_config_entry.entry_id)] == ["good"]


@pytest.mark.parametrize(
    "case",
    [
        ({"name": " "}, "schedule_name_empty", "A schedule needs a name"),
        ({"name": "x" * 65}, "schedule_name_too_long", "at most 64 characters (got 65)"),
        ({"action": "export"}, "schedule_invalid_action", "Unknown schedule action export"),
        ({"days": []}, "schedule_no_days", "at least one day"),
        ({"days": ["mon", "xyz"]}, "schedule_invalid_day", "Unknown day xyz"),
        ({"start": "05:00"}, "schedule_empty_window", "both 05:00"),
        ({"start": "25:00"}, "schedule_invalid_time", "25:00 is not a time of day"),
        ({"power": 0}, "schedule_invalid_power", "at most 1000 kW (got 0)"),
        ({"power": 2000}, "schedule_invalid_power", "(got 2000)"),
        ({"target_soc": 101}, "schedule_invalid_soc", "between 0 and 100 % (got 101)"),
        ({"target_soc": -5}, "schedule_invalid_soc", "(got -5)"),
        ({"action": "hold"}, "schedule_hold_takes_no_target", "takes no power"),
        ({"priority": 5000}, "schedule_invalid_priority", "(got 5000)"),
        # Not numbers: translated, not voluptuous's "expected float for dictionary value".
        ({"power": "abc"}, "schedule_invalid_power", "(got abc)"),
        ({"target_soc": "half"}, "schedule_invalid_soc", "discharge floor must be between"),
        ({"priority": "high"}, "schedule_invalid_priority", "(got high)"),
        ({"name": None}, "schedule_missing_field", "needs a value for name"),
    ],
)
async def test_bad_input_is_refused_translated_and_nothing_changes(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
    case: tuple[dict[str, Any], str, str],
) -> None:
    """Each bad field raises its translated message; the stored schedules stay as they were."""
    changes, key, message = case
    await setup_entry(hass, mock_config_entry)
    entry_id = mock_config_entry.entry_id
    existing = await call(hass, "set_schedule", entry_id, response=True, **NIGHT)
    before = await listed(hass, entry_id)
    stored_before = hass_storage[f"{DOMAIN}.schedules.{entry_id}"]["data"]
    data = {k: v for k, v in {**NIGHT, **changes}.items() if v is not None}
    for target in ({}, {"schedule_id": existing["schedule_id"]}):
        if target and key == "schedule_missing_field":
            continue  # an edit keeps the stored name
        with pytest.raises(ServiceValidationError) as caught:
            await call(hass, "set_schedule", entry_id, **data, **target)
        assert caught.value.translation_key == key
        assert caught.value.translation_domain == DOMAIN
        assert message in str(caught.value)
    assert await listed(hass, entry_id) == before
    assert hass_storage[f"{DOMAIN}.schedules.{entry_id}"]["data"] == stored_before


async def test_unknown_schedule_and_unloaded_entry(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    """Editing or deleting a missing id, or targeting an unknown entry, is refused."""
    await setup_entry(hass, mock_config_entry)
    entry_id = mock_config_entry.entry_id
    for service, data in (
        ("set_schedule", {"schedule_id": "nope", "enabled": False}),
        ("delete_schedule", {"schedule_id": "nope"}),
    ):
        with pytest.raises(ServiceValidationError) as caught:
            await call(hass, service, entry_id, **data)
        assert caught.value.translation_key == "schedule_not_found"
        assert "no schedule with id nope" in str(caught.value)
    with pytest.raises(ServiceValidationError) as caught:
        await call(hass, "list_schedules", "not-an-entry", response=True)
    assert caught.value.translation_key == "entry_not_loaded"
    assert await listed(hass, entry_id) == []


async def test_removing_the_entry_forgets_its_schedules(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, hass_storage: dict[str, Any]
) -> None:
    """Deleting the integration entry deletes its schedule store."""
    await setup_entry(hass, mock_config_entry)
    await call(hass, "set_schedule", mock_config_entry.entry_id, **NIGHT)
    key = f"{DOMAIN}.schedules.{mock_config_entry.entry_id}"
    assert key in hass_storage
    await hass.config_entries.async_remove(mock_config_entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert key not in hass_storage
