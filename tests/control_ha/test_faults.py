"""Faults: ignored writes, a lost connection, bad input, and secrets kept out of the audit."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path
from typing import Any, cast

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import issue_registry as ir
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.sigenstor.const import DOMAIN, EVENT_ALERT
from custom_components.sigenstor.control import controller as control, reconciler
from custom_components.sigenstor.runtime import controller_for
from custom_components.sigenstor.sigen.registers import PLANT_UNIT_ID
from simulator import Simulator

from ..conftest import SERIAL
from ..integration.helpers import entity_id, setup_entry
from .helpers import call, collect, settle, wait_for, writes

pytestmark = pytest.mark.usefixtures("socket_enabled")


def _audit_text(folder: Path) -> str:
    files = list(folder.glob("sigenstor_audit_*.jsonl"))
    assert files
    return "".join(f.read_text() for f in files)


async def _audit(hass: HomeAssistant, entry_id: str) -> list[dict[str, Any]]:
    response = await hass.services.async_call(
        DOMAIN,
        "get_audit_log",
        {"config_entry_id": entry_id, "limit": 200},
        blocking=True,
        return_response=True,
    )
    assert response is not None
    records = response["records"]
    assert isinstance(records, list)
    return cast(list[dict[str, Any]], records)


async def test_ignored_write_is_given_up_released_alerted_and_audited(
    hass: HomeAssistant,
    simulator: Simulator,
    control_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A write the plant acknowledges but does not apply: never re-forced, released, told once."""
    alerts = collect(hass, EVENT_ALERT)
    await setup_entry(hass, control_entry)
    controller = controller_for(hass, control_entry.entry_id)
    assert controller is not None
    simulator.faults.ignore_writes = True
    start = len(simulator.requests)
    await call(hass, "force_charge", control_entry.entry_id, power=2, target_soc=90)
    await wait_for(hass, lambda: controller.status == "released")
    sent = writes(simulator, start)
    # The command, then the release: nothing that forces is ever written to "undo" anything.
    assert [(r.address, r.count) for r in sent] == [(40029, 7), (40029, 7)]
    assert sent[1].values is not None
    assert sent[1].values[0] == 0
    assert simulator.value("remote_ems_enable") == 0
    assert {e.data["kind"] for e in alerts} == {"write_not_confirmed"}
    assert any(e.data.get("register") == "remote_ems_enable" for e in alerts)
    issue = ir.async_get(hass).async_get_issue(
        DOMAIN, f"write_not_confirmed_{control_entry.entry_id}"
    )
    assert issue is not None
    records = await _audit(hass, control_entry.entry_id)
    enable = [(r["result"], r["new"]) for r in records if r["key"] == "remote_ems_enable"]
    assert enable == [("intent", 1), ("ok", 1), ("not_confirmed", 0), ("intent", 0), ("ok", 0)]
    assert controller.override is None
    assert controller.problem == "not_confirmed"
    warnings = [r for r in caplog.records if "did not take" in r.getMessage()]
    assert len(warnings) == 1
    assert warnings[0].levelname == "WARNING"
    state = hass.states.get(entity_id(hass, "binary_sensor", f"{SERIAL}_plant_override_active"))
    assert state is not None
    assert state.state == "off"
    assert state.attributes["problem"] == "not_confirmed"


def _active(controller: control.SigenController) -> bool:
    return controller.override is not None


async def _poll_live(hass: HomeAssistant) -> None:
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=6))
    await settle(hass)


async def test_connection_lost_mid_override(
    hass: HomeAssistant,
    simulator: Simulator,
    control_entry: MockConfigEntry,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """While the plant is unreachable the owner is alerted; on return the override finishes."""
    monkeypatch.setattr(reconciler, "UNREACHABLE_AFTER", 0.0)
    await setup_entry(hass, control_entry)
    await call(hass, "force_charge", control_entry.entry_id, power=2, target_soc=60)
    await settle(hass)
    simulator.faults.drop_next_requests = 1_000_000
    await _poll_live(hass)
    issues = ir.async_get(hass)
    issue_id = f"plant_unreachable_{control_entry.entry_id}"
    assert issues.async_get_issue(DOMAIN, issue_id) is not None
    controller = controller_for(hass, control_entry.entry_id)
    assert controller is not None
    assert _active(controller)
    # The battery reached its target while nobody could see it.
    simulator.set_value("plant_ess_soc", 62.0)
    simulator.faults.clear()
    simulator.faults.drop_next_requests = 0
    runtime = controller.telemetry
    # Every tier polls again (after its backoff) until the whole plant answers again.
    for _ in range(10):
        units = (PLANT_UNIT_ID, *runtime.inverter_ids)
        await asyncio.sleep(max(runtime.client.backoff_remaining(u) for u in units) + 0.05)
        async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=61))
        await settle(hass)
        if runtime.link.down_since is None:
            break
    await _poll_live(hass)
    assert simulator.value("remote_ems_enable") == 0
    assert not _active(controller)
    assert issues.async_get_issue(DOMAIN, issue_id) is None


@pytest.mark.parametrize(
    ("service", "data", "key"),
    [
        ("force_charge", {"power": 0, "target_soc": 80}, "invalid_power"),
        ("force_charge", {"power": 2, "target_soc": 150}, "invalid_soc"),
        ("force_charge", {"power": 2, "target_soc": 80, "source": "wind"}, "invalid_source"),
        ("force_charge", {"power": 2, "target_soc": 99}, "target_soc_above_max"),
        ("force_charge", {"power": 2, "target_soc": 30}, "target_already_reached"),
        ("force_export", {"power": -1, "floor_soc": 20}, "invalid_power"),
        ("force_export", {"power": 2, "floor_soc": 2}, "floor_soc_below_min"),
        ("force_hold", {"duration": {"seconds": 0}}, "invalid_duration"),
    ],
)
async def test_bad_input_is_refused_without_a_write(  # noqa: PLR0917
    hass: HomeAssistant,
    simulator: Simulator,
    control_entry: MockConfigEntry,
    service: str,
    data: dict[str, Any],
    key: str,
) -> None:
    """Bad action input raises a translated ServiceValidationError and writes nothing."""
    await setup_entry(hass, control_entry)
    start = len(simulator.requests)
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, service, control_entry.entry_id, **data)
    assert err.value.translation_domain == DOMAIN
    assert err.value.translation_key == key
    await settle(hass)
    assert writes(simulator, start) == []


async def test_unknown_entry_is_refused(
    hass: HomeAssistant, simulator: Simulator, control_entry: MockConfigEntry
) -> None:
    """An action aimed at an entry that is not loaded raises ServiceValidationError."""
    await setup_entry(hass, control_entry)
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, "clear_override", "not-an-entry")
    assert err.value.translation_key == "entry_not_loaded"


async def test_secrets_never_reach_the_audit_log(
    hass: HomeAssistant, simulator: Simulator, control_entry: MockConfigEntry
) -> None:
    """Entry secrets and token-like error text stay out of the audit file and response."""
    secret = "psk_0123456789abcdef"
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=control_entry.title,
        unique_id=control_entry.unique_id,
        data={**control_entry.data, "api_token": secret},
        options=dict(control_entry.options),
    )
    await setup_entry(hass, entry)
    await call(hass, "force_hold", entry.entry_id)
    await settle(hass)
    simulator.faults.drop_next_requests = 1_000_000
    with pytest.raises(HomeAssistantError) as err:
        await call(hass, "clear_override", entry.entry_id)
    assert err.value.translation_key == "release_pending"
    simulator.faults.clear()
    text = await hass.async_add_executor_job(_audit_text, Path(hass.config.path(".storage")))
    assert '"result":"ok"' in text
    assert '"result":"failed"' in text
    assert secret not in text
    assert secret not in str(await _audit(hass, entry.entry_id))
