"""The run_optimiser (dry run) and get_plan actions: the plan as response data."""

from __future__ import annotations

from typing import Final

from homeassistant.core import HomeAssistant, ServiceCall, ServiceResponse, SupportsResponse
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv
import voluptuous as vol

from ..automation.inputs import InputsError
from ..automation.runtime import OptimiserRuntime
from ..const import DOMAIN
from ..optimiser import PlanError
from ..runtime import ATTR_CONFIG_ENTRY_ID, loaded_entry

SERVICE_RUN_OPTIMISER: Final = "run_optimiser"
SERVICE_GET_PLAN: Final = "get_plan"
SCHEMA: Final = vol.Schema({vol.Required(ATTR_CONFIG_ENTRY_ID): cv.string})


def _optimiser(hass: HomeAssistant, call: ServiceCall) -> OptimiserRuntime:
    """The optimiser of a loaded entry; a translated error otherwise."""
    return loaded_entry(hass, call).runtime_data.optimiser


async def _run_optimiser(call: ServiceCall) -> ServiceResponse:
    """Plan now and return the plan; never writes and never changes the acted-on decision."""
    optimiser = _optimiser(call.hass, call)
    try:
        return await optimiser.async_dry_run()
    except InputsError as err:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key=err.key,
            translation_placeholders=err.placeholders,
        ) from err
    # Defensive: every input is cleaned (finite prices, guarded limits, relaxed caps) before
    # the planner, so it has no way to refuse from here; kept so that a refusal is translated.
    except PlanError as err:  # pragma: no cover
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="optimiser_plan_failed",
            translation_placeholders={"error": str(err)},
        ) from err


async def _get_plan(call: ServiceCall) -> ServiceResponse:
    """The latest plan (empty steps when there is none, with the reason)."""
    return _optimiser(call.hass, call).plan_response()


def async_setup_optimiser_services(hass: HomeAssistant) -> None:
    """Register run_optimiser and get_plan."""
    for name, handler in (
        (SERVICE_RUN_OPTIMISER, _run_optimiser),
        (SERVICE_GET_PLAN, _get_plan),
    ):
        hass.services.async_register(
            DOMAIN, name, handler, schema=SCHEMA, supports_response=SupportsResponse.ONLY
        )
