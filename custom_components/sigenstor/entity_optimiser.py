"""Optimiser entities on the plant device: decision, reason, next change, SoC, money, mode."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from homeassistant.components.select import SelectEntity, SelectEntityDescription
from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import PERCENTAGE, EntityCategory
from homeassistant.helpers.entity import EntityDescription
from homeassistant.helpers.typing import StateType
from homeassistant.util import dt as dt_util

from .automation.decision import DECISIONS
from .automation.runtime import OptimiserRuntime
from .automation.state import MODES, Mode
from .entity import FollowerEntity
from .models import SigenConfigEntry

AMBER_CURRENCY = "AUD"  # Amber Electric bills in Australian dollars


class OptimiserEntity(FollowerEntity):
    """An entity of the plant device that follows every run, mode change and savings sample."""

    def __init__(
        self, entry: SigenConfigEntry, optimiser: OptimiserRuntime, description: EntityDescription
    ) -> None:
        """Bind to the optimiser."""
        self.optimiser = optimiser
        super().__init__(entry, description, optimiser.async_add_listener)


@dataclass(frozen=True, kw_only=True)
class OptimiserSensorDescription(SensorEntityDescription):
    """A sensor and how it reads the optimiser."""

    value_fn: Callable[[OptimiserRuntime], StateType | datetime]
    attrs_fn: Callable[[OptimiserRuntime], Mapping[str, Any]] | None = None
    # A money total that starts again each local day or month (state class TOTAL, last_reset).
    resets: Literal["day", "month"] | None = None


def _next_time(o: OptimiserRuntime) -> datetime | None:
    change = o.next_change()
    return change[0] if change else None


def _next_attrs(o: OptimiserRuntime) -> Mapping[str, Any]:
    change = o.next_change()
    return {"action": change[1].value if change else None}


def _basis(o: OptimiserRuntime) -> Mapping[str, Any]:
    # In shadow mode the policy's cost is simulated (what acting would have cost).
    return {"basis": "simulated" if o.mode == "shadow" else "measured"}


def _money(
    key: str, fn: Callable[[OptimiserRuntime], float | None], resets: Literal["day", "month"]
) -> OptimiserSensorDescription:
    # TOTAL with last_reset, as core does for daily money totals: the recorder's sum carries
    # across each reset, so statistics show the money per day (or month), also when negative.
    return OptimiserSensorDescription(
        key=key,
        translation_key=key,
        device_class=SensorDeviceClass.MONETARY,
        state_class=SensorStateClass.TOTAL,
        resets=resets,
        suggested_display_precision=2,
        value_fn=fn,
        attrs_fn=_basis,
    )


OPTIMISER_SENSORS: tuple[OptimiserSensorDescription, ...] = (
    OptimiserSensorDescription(
        key="optimiser_decision",
        translation_key="optimiser_decision",
        device_class=SensorDeviceClass.ENUM,
        options=DECISIONS,
        value_fn=lambda o: o.decision.value,
    ),
    # The state is the reason the action was taken, so the logbook shows one entry per action;
    # the live wording (prices now) is the attribute `now`, which the recorder leaves out.
    OptimiserSensorDescription(
        key="optimiser_reason",
        translation_key="optimiser_reason",
        value_fn=lambda o: o.action_reason(),
        attrs_fn=lambda o: {"now": o.reason},
    ),
    OptimiserSensorDescription(
        key="optimiser_next_change",
        translation_key="optimiser_next_change",
        device_class=SensorDeviceClass.TIMESTAMP,
        value_fn=_next_time,
        attrs_fn=_next_attrs,
    ),
    OptimiserSensorDescription(
        key="planned_soc",
        translation_key="planned_soc",
        native_unit_of_measurement=PERCENTAGE,
        suggested_display_precision=0,
        value_fn=lambda o: o.planned_soc(),
    ),
    _money("expected_cost_today", lambda o: o.expected_cost_today(), "day"),
    _money("savings_today", lambda o: o.savings("today"), "day"),
    _money("savings_month", lambda o: o.savings("month"), "month"),
)


class OptimiserSensor(OptimiserEntity, SensorEntity):
    """One optimiser figure."""

    entity_description: OptimiserSensorDescription
    _unrecorded_attributes = frozenset({"now"})

    @property
    def native_value(self) -> StateType | datetime:
        """The figure now."""
        return self.entity_description.value_fn(self.optimiser)

    @property
    def native_unit_of_measurement(self) -> str | None:
        """Money in the price source's currency: AUD with Amber, else Home Assistant's."""
        if self.entity_description.resets is None:
            return super().native_unit_of_measurement
        sources = self.optimiser.sources
        if sources.amber is not None and sources.prices is sources.amber:
            return AMBER_CURRENCY
        return self.hass.config.currency

    @property
    def last_reset(self) -> datetime | None:
        """Local midnight (or the month's first) for the money totals that start again."""
        resets = self.entity_description.resets
        if resets is None:
            return None
        midnight = dt_util.start_of_local_day()
        return midnight.replace(day=1) if resets == "month" else midnight

    @property
    def extra_state_attributes(self) -> Mapping[str, Any] | None:
        """Small attributes only: the plan itself is served by get_plan."""
        fn = self.entity_description.attrs_fn
        return fn(self.optimiser) if fn else None


class OptimiserModeSelect(OptimiserEntity, SelectEntity):
    """auto, shadow or off."""

    @property
    def current_option(self) -> str:
        """The stored mode."""
        return self.optimiser.mode

    async def async_select_option(self, option: str) -> None:
        """Change the mode (stored; leaving auto releases what the optimiser took)."""
        mode: Mode = next(m for m in MODES if m == option)
        await self.optimiser.async_set_mode(mode)


MODE_SELECT = SelectEntityDescription(
    key="optimiser_mode",
    translation_key="optimiser_mode",
    options=list(MODES),
    entity_category=EntityCategory.CONFIG,
)


def optimiser_sensors(entry: SigenConfigEntry) -> list[SensorEntity]:
    """Sensors the sensor platform adds for the optimiser."""
    optimiser = entry.runtime_data.optimiser
    return [OptimiserSensor(entry, optimiser, d) for d in OPTIMISER_SENSORS]


def optimiser_selects(entry: SigenConfigEntry) -> list[SelectEntity]:
    """The mode select the select platform adds."""
    return [OptimiserModeSelect(entry, entry.runtime_data.optimiser, MODE_SELECT)]
