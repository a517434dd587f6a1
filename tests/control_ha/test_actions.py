"""Each control action end to end against the simulator."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sigenstor.const import DOMAIN, EVENT_ALERT
from custom_components.sigenstor.runtime import controller_for
from custom_components.sigenstor.sigen import SigenError
from simulator import Simulator

from ..integration.helpers import setup_entry
from .helpers import call, collect, settle, settled_controller, wait_for, writes

pytestmark = pytest.mark.usefixtures("socket_enabled")


async def test_force_charge_takes_control_in_one_write(
    hass: HomeAssistant, simulator: Simulator, control_entry: MockConfigEntry
) -> None:
    """force_charge writes 40029-40035 in one request and the plant follows."""
    await setup_entry(hass, control_entry)
    start = len(simulator.requests)
    await call(hass, "force_charge", control_entry.entry_id, power=3, target_soc=80)
    await settle(hass)
    sent = writes(simulator, start)
    assert len(sent) == 1
    assert (sent[0].address, sent[0].count, sent[0].function_code) == (40029, 7, 0x10)
    assert simulator.value("remote_ems_enable") == 1
    assert simulator.value("remote_ems_control_mode") == 3
    assert simulator.value("ess_max_charge_limit") == pytest.approx(3.0)
    assert simulator.value("ess_max_discharge_limit") == pytest.approx(0.0)


@pytest.mark.parametrize(
    "duration",
    [
        "99999999:00:00",
        {"days": 999_999_999},
        {"days": 1e12},  # too large even for a timedelta
        "-00:05:00",
        "soon",
        {"days": 7, "seconds": 1},
    ],
)
async def test_hostile_durations_are_refused_before_any_write(
    hass: HomeAssistant, simulator: Simulator, control_entry: MockConfigEntry, duration: object
) -> None:
    """Every bad duration is a translated validation error and nothing reaches the plant."""
    await setup_entry(hass, control_entry)
    start = len(simulator.requests)
    for service, data in (
        ("force_hold", {}),
        ("force_charge", {"power": 2, "target_soc": 80}),
        ("force_export", {"power": 2, "floor_soc": 20}),
    ):
        with pytest.raises(ServiceValidationError) as err:
            await call(hass, service, control_entry.entry_id, duration=duration, **data)
        assert err.value.translation_domain == DOMAIN
        assert err.value.translation_key in {
            "invalid_duration",
            "duration_not_understood",
            "duration_too_long",
        }
    await settle(hass)
    assert writes(simulator, start) == []
    # Polls and the controller carry on as before.
    await call(hass, "force_hold", control_entry.entry_id, duration={"days": 7})
    await settle(hass)
    assert simulator.value("remote_ems_enable") == 1


async def test_action_errors_are_always_translated(
    hass: HomeAssistant,
    simulator: Simulator,
    control_entry: MockConfigEntry,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A disk error reading the audit log reaches the caller as a translated error."""
    await setup_entry(hass, control_entry)
    controller = controller_for(hass, control_entry.entry_id)
    assert controller is not None

    def broken(*_: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(controller.audit.log, "read", broken)
    with pytest.raises(HomeAssistantError) as err:
        await hass.services.async_call(
            DOMAIN,
            "get_audit_log",
            {"config_entry_id": control_entry.entry_id},
            blocking=True,
            return_response=True,
        )
    assert err.value.translation_key == "storage_failed"


@pytest.mark.parametrize(
    ("service", "data"),
    [("force_charge", {"target_soc": 90}), ("force_export", {"floor_soc": 20})],
)
async def test_power_above_the_plants_rating_is_refused_not_capped(
    hass: HomeAssistant,
    simulator: Simulator,
    control_entry: MockConfigEntry,
    service: str,
    data: dict[str, float],
) -> None:
    """500 kW on a plant rated for a few kW: a translated error naming the rating, no write."""
    await setup_entry(hass, control_entry)
    controller = controller_for(hass, control_entry.entry_id)
    assert controller is not None
    charge, discharge = controller.plant.rated_kw()
    assert charge is not None
    assert discharge is not None
    start = len(simulator.requests)
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, service, control_entry.entry_id, power=500, **data)
    assert err.value.translation_key == "power_above_rated"
    placeholders = err.value.translation_placeholders
    assert placeholders is not None
    assert placeholders["power_kw"] == "500"
    assert writes(simulator, start) == []
    at_rating = min(charge, discharge)
    await call(hass, service, control_entry.entry_id, power=at_rating, **data)
    assert len(writes(simulator, start)) == 1


async def test_a_command_the_plant_already_shows_writes_nothing(
    hass: HomeAssistant, simulator: Simulator, control_entry: MockConfigEntry
) -> None:
    """Clear override with nothing active, and a second emergency stop: no write, one alert."""
    alerts = collect(hass, EVENT_ALERT)
    controller = await settled_controller(hass, control_entry)
    start = len(simulator.requests)
    await call(hass, "clear_override", control_entry.entry_id)
    await settle(hass)
    assert writes(simulator, start) == []
    await call(hass, "force_hold", control_entry.entry_id)
    await wait_for(hass, lambda: controller.settled and simulator.value("remote_ems_enable") == 1)
    await call(hass, "emergency_stop", control_entry.entry_id)
    await wait_for(hass, lambda: controller.settled and simulator.value("remote_ems_enable") == 0)
    stops = [e for e in alerts if e.data["kind"] == "emergency_stop"]
    assert len(stops) == 1
    start = len(simulator.requests)
    await call(hass, "emergency_stop", control_entry.entry_id)
    await settle(hass)
    assert writes(simulator, start) == []
    assert [e for e in alerts if e.data["kind"] == "emergency_stop"] == stops
    assert controller.guard.emergency_stop


@pytest.mark.parametrize(
    ("service", "data", "key", "says", "never"),
    [
        ("force_hold", {"duration": "-00:05:00"}, "invalid_duration", "minus 5 minutes", "day,"),
        (
            "force_hold",
            {"duration": {"days": 7, "seconds": 1}},
            "duration_too_long",
            "A duration of 7 days 1 second is too long: at most 7 days",
            "0:00:01",
        ),
        ("force_hold", {"duration": "soon"}, "duration_not_understood", '"soon" is not a', "@"),
        (
            "force_charge",
            {"power": "abc", "target_soc": 90},
            "not_a_number",
            'power must be a number; "abc" is not',
            "expected float",
        ),
        (
            "force_export",
            {"power": 2, "floor_soc": "half"},
            "not_a_number",
            'floor_soc must be a number; "half" is not',
            "dictionary value",
        ),
        (
            "force_export",
            {"power": 2, "floor_soc": 95},
            "floor_already_reached",
            "already at or below the floor of 95 %, so there is nothing to export",
            "target",
        ),
    ],
)
async def test_errors_are_sentences_an_owner_reads(  # noqa: PLR0917
    hass: HomeAssistant,
    simulator: Simulator,
    control_entry: MockConfigEntry,
    service: str,
    data: dict[str, object],
    key: str,
    says: str,
    never: str,
) -> None:
    """Bad input through a real action call: a translated sentence, and nothing written.

    Before: "-1 day, 23:55:00", an export floor called a "target", and voluptuous's untranslated
    "expected float for dictionary value @ data['power']".
    """
    await setup_entry(hass, control_entry)
    start = len(simulator.requests)
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, service, control_entry.entry_id, **data)
    assert err.value.translation_domain == DOMAIN
    assert err.value.translation_key == key
    message = str(err.value)
    assert says in message
    assert never not in message
    await settle(hass)
    assert writes(simulator, start) == []


async def test_audit_log_limit_that_is_not_a_number_is_a_sentence(
    hass: HomeAssistant, simulator: Simulator, control_entry: MockConfigEntry
) -> None:
    """get_audit_log with limit "many": a translated sentence naming the field."""
    await setup_entry(hass, control_entry)
    for limit, key in (("many", "not_a_number"), (2.5, "invalid_limit")):
        with pytest.raises(ServiceValidationError) as err:
            await hass.services.async_call(
                DOMAIN,
                "get_audit_log",
                {"config_entry_id": control_entry.entry_id, "limit": limit},
                blocking=True,
                return_response=True,
            )
        assert err.value.translation_key == key
        assert str(limit) in str(err.value)


async def test_a_plant_error_in_an_action_is_translated(
    hass: HomeAssistant,
    simulator: Simulator,
    control_entry: MockConfigEntry,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A Modbus failure that escapes the controller reaches the caller as `write_failed`."""
    await setup_entry(hass, control_entry)
    controller = controller_for(hass, control_entry.entry_id)
    assert controller is not None

    async def lost(*_: object) -> None:
        raise SigenError("plant did not answer")

    monkeypatch.setattr(controller, "async_force", lost)
    with pytest.raises(HomeAssistantError) as err:
        await call(hass, "force_hold", control_entry.entry_id)
    assert err.value.translation_key == "write_failed"
    assert err.value.translation_placeholders == {"error": "plant did not answer"}
