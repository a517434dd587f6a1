"""Control actions: overrides, emergency stop and the audit log, each targeting an entry."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from datetime import timedelta
import json
import math
from typing import Any, Final

from homeassistant.core import HomeAssistant, ServiceCall, ServiceResponse, SupportsResponse
from homeassistant.helpers import config_validation as cv
import voluptuous as vol

from ..const import DOMAIN
from ..control import ems
from ..control.commands import check_against_limits, refused
from ..control.controller import SigenController
from ..control.limits import InputError
from ..runtime import ATTR_CONFIG_ENTRY_ID, loaded_entry
from .errors import translated

ATTR_POWER: Final = "power"
ATTR_TARGET_SOC: Final = "target_soc"
ATTR_FLOOR_SOC: Final = "floor_soc"
ATTR_DURATION: Final = "duration"
ATTR_SOURCE: Final = "source"
ATTR_LIMIT: Final = "limit"

SERVICE_FORCE_CHARGE: Final = "force_charge"
SERVICE_FORCE_EXPORT: Final = "force_export"
SERVICE_FORCE_HOLD: Final = "force_hold"
SERVICE_CLEAR_OVERRIDE: Final = "clear_override"
SERVICE_EMERGENCY_STOP: Final = "emergency_stop"
SERVICE_CLEAR_EMERGENCY_STOP: Final = "clear_emergency_stop"
SERVICE_GET_AUDIT_LOG: Final = "get_audit_log"

# Shapes only: numbers are read and ranges checked in the handlers, so that "abc" for a power
# is a translated ServiceValidationError, not voluptuous's "expected float for dictionary
# value". The duration is parsed there too: cv.time_period lets an overflow escape raw.
_ENTRY: Final[dict[vol.Marker, Any]] = {vol.Required(ATTR_CONFIG_ENTRY_ID): cv.string}
_ANY_NUMBER: Final = vol.Any(str, int, float)
_DURATION: Final[dict[vol.Marker, Any]] = {
    vol.Optional(ATTR_DURATION): vol.Any(str, dict, int, float)
}
FORCE_CHARGE_SCHEMA: Final = vol.Schema(
    {
        **_ENTRY,
        vol.Required(ATTR_POWER): _ANY_NUMBER,
        vol.Required(ATTR_TARGET_SOC): _ANY_NUMBER,
        vol.Optional(ATTR_SOURCE, default="grid"): cv.string,
        **_DURATION,
    }
)
FORCE_EXPORT_SCHEMA: Final = vol.Schema(
    {
        **_ENTRY,
        vol.Required(ATTR_POWER): _ANY_NUMBER,
        vol.Required(ATTR_FLOOR_SOC): _ANY_NUMBER,
        **_DURATION,
    }
)
FORCE_HOLD_SCHEMA: Final = vol.Schema({**_ENTRY, **_DURATION})
ENTRY_SCHEMA: Final = vol.Schema(_ENTRY)
AUDIT_SCHEMA: Final = vol.Schema({**_ENTRY, vol.Optional(ATTR_LIMIT, default=50): _ANY_NUMBER})
MAX_AUDIT_RECORDS: Final = 1000


def _controller(hass: HomeAssistant, call: ServiceCall) -> SigenController:
    """The target entry's controller, or a translated error when it is not loaded."""
    return loaded_entry(hass, call).runtime_data.controller


def parse_duration(value: object) -> timedelta | None:
    """A duration from action data ("HH:MM:SS", seconds or a dict), bounded by `ems.validate`."""
    if value is None:
        return None
    try:
        duration: timedelta = cv.time_period(value)
    except (vol.Invalid, OverflowError, ValueError, TypeError) as err:
        raise refused("duration_not_understood", value=str(value)[:40]) from err
    return duration


def number(data: dict[str, Any], key: str) -> float:
    """The number an action field holds; a translated error naming the field otherwise."""
    value = data[key]
    try:
        result = float(value)
    except (TypeError, ValueError) as err:
        raise refused("not_a_number", field=key, value=str(value)[:40]) from err
    if not math.isfinite(result):
        raise refused("not_a_number", field=key, value=str(value)[:40])
    return result


def command_from_call(service: str, data: dict[str, Any]) -> ems.Command:
    """Build and validate the command an override action asks for."""
    duration = parse_duration(data.get(ATTR_DURATION))
    command: ems.Command
    if service == SERVICE_FORCE_CHARGE:
        source = data[ATTR_SOURCE]
        if source not in ("grid", "pv"):
            raise refused("invalid_source", source=source)
        command = ems.ForceCharge(
            number(data, ATTR_POWER),
            number(data, ATTR_TARGET_SOC),
            duration,
            "pv" if source == "pv" else "grid",
        )
    elif service == SERVICE_FORCE_EXPORT:
        command = ems.ForceExport(number(data, ATTR_POWER), number(data, ATTR_FLOOR_SOC), duration)
    else:
        command = ems.ForceHold(duration)
    try:
        return ems.validate(command)
    except InputError as err:
        raise refused(err.translation_key, **err.placeholders) from err


async def async_force_from_call(hass: HomeAssistant, call: ServiceCall) -> None:
    """Handle force_charge, force_export and force_hold."""
    controller = _controller(hass, call)
    command = command_from_call(call.service, dict(call.data))
    check_against_limits(controller, command)
    await controller.async_force(command)


def _simple(
    action: Callable[[SigenController], Awaitable[None]],
) -> Callable[[ServiceCall], Coroutine[Any, Any, None]]:
    """Handler that runs one controller method on the target entry."""

    @translated
    async def handle(call: ServiceCall) -> None:
        await action(_controller(call.hass, call))

    return handle


@translated
async def _audit_log(call: ServiceCall) -> ServiceResponse:
    controller = _controller(call.hass, call)
    limit = number(dict(call.data), ATTR_LIMIT)
    if not (1 <= limit <= MAX_AUDIT_RECORDS and limit.is_integer()):
        raise refused("invalid_limit", limit=f"{limit:g}", max=MAX_AUDIT_RECORDS)
    records = await controller.async_audit_records(int(limit))
    return {"records": [json.loads(record.to_json()) for record in records]}


def async_setup_control_services(hass: HomeAssistant) -> None:
    """Register the actions (called from async_setup)."""

    @translated
    async def force(call: ServiceCall) -> None:
        await async_force_from_call(hass, call)

    for name, schema in (
        (SERVICE_FORCE_CHARGE, FORCE_CHARGE_SCHEMA),
        (SERVICE_FORCE_EXPORT, FORCE_EXPORT_SCHEMA),
        (SERVICE_FORCE_HOLD, FORCE_HOLD_SCHEMA),
    ):
        hass.services.async_register(DOMAIN, name, force, schema=schema)
    simple: dict[str, Callable[[SigenController], Awaitable[None]]] = {
        SERVICE_CLEAR_OVERRIDE: SigenController.async_clear_override,
        SERVICE_EMERGENCY_STOP: SigenController.async_emergency_stop,
        SERVICE_CLEAR_EMERGENCY_STOP: SigenController.async_clear_emergency_stop,
    }
    for name, action in simple.items():
        hass.services.async_register(DOMAIN, name, _simple(action), schema=ENTRY_SCHEMA)
    hass.services.async_register(
        DOMAIN,
        SERVICE_GET_AUDIT_LOG,
        _audit_log,
        schema=AUDIT_SCHEMA,
        supports_response=SupportsResponse.ONLY,
    )
