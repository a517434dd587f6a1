"""Emergency stop > manual override > owner's schedule > optimiser."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.test_util.aiohttp import AiohttpClientMocker

from custom_components.sigenstor.automation.schedules import Schedule
from custom_components.sigenstor.const import DOMAIN
from simulator import Simulator

from .helpers import record_writes, set_mode, settle, start, state, unspace

pytestmark = pytest.mark.usefixtures("socket_enabled")


@dataclass
class StandInSchedules:
    """The schedule manager's `active(now)`, with one window that is always on."""

    schedule: Schedule | None

    def active(self, now: datetime | None = None) -> Schedule | None:
        return self.schedule

    def active_occurrence(self, now: datetime | None = None) -> None:
        """The calendar asks for the window's bounds; the stand-in has none to give."""
        return None


async def _install_always_on_discharge(
    entry: MockConfigEntry,
) -> Callable[[], Awaitable[None]]:
    """A discharge window covering every moment: the real schedule manager when it is there."""
    manager = entry.runtime_data.schedules
    now = dt_util.now()
    if manager is not None:
        saved = await manager.async_set(
            {
                "name": "Evening",
                "action": "discharge",
                "start": f"{(now - timedelta(hours=1)):%H:%M}",
                "end": f"{(now + timedelta(hours=1)):%H:%M}",
                "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
                "power_kw": 2.0,
                "target_soc": 20.0,
            }
        )

        async def _delete() -> None:
            await manager.async_delete(saved.id)

        return _delete
    stand_in = StandInSchedules(
        Schedule(
            id="s1",
            name="Evening",
            action="discharge",
            start=time(0, 0),
            end=time(0, 0),
            days=tuple(range(7)),
            power_kw=2.0,
            target_soc=20.0,
        )
    )
    entry.runtime_data.schedules = stand_in

    async def _clear() -> None:
        stand_in.schedule = None

    return _clear


async def _call(hass: HomeAssistant, service: str, entry: MockConfigEntry) -> None:
    await hass.services.async_call(
        DOMAIN, service, {"config_entry_id": entry.entry_id}, blocking=True
    )
    await settle(hass)


async def test_override_and_emergency_stop_outrank_auto(
    hass: HomeAssistant,
    simulator: Simulator,
    opt_entry: MockConfigEntry,
    prices: AiohttpClientMocker,
) -> None:
    """While the owner holds the battery the optimiser writes nothing and says why."""
    optimiser = await start(hass, opt_entry)
    await set_mode(hass, opt_entry, "auto")
    await _call(hass, "force_hold", opt_entry)
    writes = record_writes(hass)
    unspace(opt_entry)
    await optimiser.async_run()
    await settle(hass)
    assert [w for w in writes if w["origin"] == "optimiser"] == []
    assert optimiser.outcome.driver == "override"
    assert state(hass, "sensor", "optimiser_reason").startswith("override in force")
    assert state(hass, "sensor", "optimiser_decision") == "charge_grid"
    await _call(hass, "emergency_stop", opt_entry)
    writes.clear()
    unspace(opt_entry)
    await optimiser.async_run()
    await settle(hass)
    assert writes == []
    assert optimiser.outcome.driver == "emergency_stop"
    assert simulator.value("remote_ems_enable") == 0
    # Cleared: the optimiser takes over again on its next cycle.
    await _call(hass, "clear_emergency_stop", opt_entry)
    unspace(opt_entry)
    await optimiser.async_apply()
    await settle(hass)
    assert optimiser.outcome.driver == "optimiser"
    assert simulator.value("remote_ems_control_mode") == 3, (optimiser.outcome, optimiser.intent)


async def test_schedule_outranks_the_optimiser_in_any_mode(
    hass: HomeAssistant,
    simulator: Simulator,
    opt_entry: MockConfigEntry,
    prices: AiohttpClientMocker,
) -> None:
    """An active discharge window is applied as origin schedule; its end releases the plant."""
    optimiser = await start(hass, opt_entry)
    remove = await _install_always_on_discharge(opt_entry)
    writes = record_writes(hass)
    await optimiser.async_apply()  # shadow mode: schedules still act
    await settle(hass)
    assert [w["origin"] for w in writes] == ["schedule"]
    assert simulator.value("remote_ems_control_mode") == 6  # discharge, battery first
    assert simulator.value("ess_max_discharge_limit") == pytest.approx(1.0)  # guard's step
    assert state(hass, "sensor", "optimiser_reason").startswith("schedule Evening in force")
    await remove()
    await optimiser.async_apply()
    await settle(hass)
    assert simulator.value("remote_ems_enable") == 0
    assert [w["origin"] for w in writes] == ["schedule", "schedule"]
