"""Schedule actions: set_schedule, delete_schedule and list_schedules, each targeting an entry."""

from __future__ import annotations

from typing import Any, Final

from homeassistant.core import HomeAssistant, ServiceCall, ServiceResponse, SupportsResponse
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv
import voluptuous as vol

from ..automation.schedule_store import ScheduleManager
from ..automation.schedules import ScheduleError, to_dict
from ..const import DOMAIN
from ..runtime import ATTR_CONFIG_ENTRY_ID, loaded_entry

ATTR_SCHEDULE_ID: Final = "schedule_id"
SERVICE_SET_SCHEDULE: Final = "set_schedule"
SERVICE_DELETE_SCHEDULE: Final = "delete_schedule"
SERVICE_LIST_SCHEDULES: Final = "list_schedules"

# Action field -> key of the schedule's dict form (schedules.to_dict).
FIELDS: Final = {
    "name": "name",
    "action": "action",
    "start": "start",
    "end": "end",
    "days": "days",
    "priority": "priority",
    "enabled": "enabled",
    "power": "power_kw",
    "target_soc": "target_soc",
}

# Types only: values are checked by schedules.validate so that bad input raises a translated
# ServiceValidationError instead of a bare voluptuous error.
_ENTRY: Final[dict[vol.Marker, Any]] = {vol.Required(ATTR_CONFIG_ENTRY_ID): cv.string}
# Numbers are read by schedules.from_dict: "abc" is its translated error, not voluptuous's.
_ANY_NUMBER: Final = vol.Any(str, int, float)
SET_SCHEMA: Final = vol.Schema(
    {
        **_ENTRY,
        vol.Optional(ATTR_SCHEDULE_ID): cv.string,
        vol.Optional("name"): cv.string,
        vol.Optional("action"): cv.string,
        vol.Optional("start"): cv.string,
        vol.Optional("end"): cv.string,
        vol.Optional("days"): vol.All(cv.ensure_list_csv, [cv.string]),
        vol.Optional("priority"): _ANY_NUMBER,
        vol.Optional("enabled"): cv.boolean,
        vol.Optional("power"): _ANY_NUMBER,
        vol.Optional("target_soc"): _ANY_NUMBER,
    }
)
DELETE_SCHEMA: Final = vol.Schema({**_ENTRY, vol.Required(ATTR_SCHEDULE_ID): cv.string})
LIST_SCHEMA: Final = vol.Schema(_ENTRY)


def _translated(err: ScheduleError) -> ServiceValidationError:
    return ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key=err.translation_key,
        translation_placeholders=err.placeholders,
    )


def _manager(hass: HomeAssistant, call: ServiceCall) -> ScheduleManager:
    """The target entry's schedules, or a translated error when the entry is not loaded."""
    return loaded_entry(hass, call).runtime_data.schedules


async def _set_schedule(call: ServiceCall) -> ServiceResponse:
    """Create a schedule, or change the given fields of the one named by schedule_id."""
    manager = _manager(call.hass, call)
    changes = {key: call.data[field] for field, key in FIELDS.items() if field in call.data}
    try:
        schedule = await manager.async_set(changes, call.data.get(ATTR_SCHEDULE_ID))
    except ScheduleError as err:
        raise _translated(err) from err
    return {"schedule_id": schedule.id}


async def _delete_schedule(call: ServiceCall) -> None:
    """Remove one schedule."""
    manager = _manager(call.hass, call)
    try:
        await manager.async_delete(call.data[ATTR_SCHEDULE_ID])
    except ScheduleError as err:
        raise _translated(err) from err


async def _list_schedules(call: ServiceCall) -> ServiceResponse:
    """Every schedule of the plant in its dict form."""
    manager = _manager(call.hass, call)
    return {"schedules": [to_dict(schedule) for schedule in manager.schedules]}


def async_setup_schedule_services(hass: HomeAssistant) -> None:
    """Register the schedule actions (called from async_setup)."""
    hass.services.async_register(
        DOMAIN,
        SERVICE_SET_SCHEDULE,
        _set_schedule,
        schema=SET_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )
    hass.services.async_register(
        DOMAIN, SERVICE_DELETE_SCHEDULE, _delete_schedule, schema=DELETE_SCHEMA
    )
    hass.services.async_register(
        DOMAIN,
        SERVICE_LIST_SCHEDULES,
        _list_schedules,
        schema=LIST_SCHEMA,
        supports_response=SupportsResponse.ONLY,
    )
