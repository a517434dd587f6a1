"""What the owner may ask of the plant: their commands checked against limits and rating.

Refusals are translated `ServiceValidationError`s, the same for an action, a button and a select.
"""

from __future__ import annotations

from homeassistant.exceptions import ServiceValidationError

from ..const import DOMAIN
from . import ems
from .controller import SigenController


def refused(key: str, **placeholders: object) -> ServiceValidationError:
    """A translated refusal of bad input (nothing changes)."""
    return ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key=key,
        translation_placeholders={name: str(value) for name, value in placeholders.items()},
    )


def check_against_limits(controller: SigenController, command: ems.Command) -> None:
    """Refuse targets outside the owner's SoC window, or already reached."""
    limits = controller.limits
    soc = controller.snapshot().soc
    if isinstance(command, ems.ForceCharge | ems.ForceExport):
        # The plant's rating is the one limit (when known): never capped silently.
        rated = controller.plant.rated_kw()[0 if isinstance(command, ems.ForceCharge) else 1]
        if rated is not None and command.power_kw > rated:
            raise refused(
                "power_above_rated", power_kw=f"{command.power_kw:g}", rated_kw=f"{rated:g}"
            )
    if isinstance(command, ems.ForceCharge):
        if command.target_soc > limits.max_soc:
            raise refused(
                "target_soc_above_max", soc=f"{command.target_soc:g}", max_soc=f"{limits.max_soc:g}"
            )
        if soc is not None and soc >= command.target_soc:
            raise refused(
                "target_already_reached", soc=f"{soc:g}", target=f"{command.target_soc:g}"
            )
    if isinstance(command, ems.ForceExport):
        if command.floor_soc < limits.min_soc:
            raise refused(
                "floor_soc_below_min", soc=f"{command.floor_soc:g}", min_soc=f"{limits.min_soc:g}"
            )
        if soc is not None and soc <= command.floor_soc:
            raise refused("floor_already_reached", soc=f"{soc:g}", floor=f"{command.floor_soc:g}")
