"""The optimiser in Home Assistant: plans on every price update and each 5-minute step, then acts.

Modes (stored per entry, default `shadow` so a new install never acts before the owner opts in):
`auto` plans and acts through the controller, `shadow` plans and reports what it would have done
and earned but writes nothing, `off` neither plans nor acts. Owner schedules act in every mode;
the emergency stop and a manual override outrank everything (see `apply`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Mapping
from datetime import datetime, timedelta
from typing import Any, Final, cast

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.event import async_track_time_interval, async_track_utc_time_change
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from ..const import DOMAIN, LOGGER
from ..control.controller import SigenController
from ..coordinator import Plant, house_load_kw, value_of
from ..optimiser import Plan, PlanError
from ..sigen import PLANT_UNIT_ID, Device, Tier
from ..sources.amber_models import ChannelType
from ..sources.runtime import Sources
from .apply import Applier
from .decision import (
    IDLE,
    intent_from_plan,
    is_urgent,
)
from .grid_limits import (
    GridFacts,
    apply_limits,
    facts_from_registers,
    plan_within_limits,
    tariff_from_options,
)
from .inputs import InputsError, PlanInputs, PlantFacts, build_inputs
from .load_history import async_learn_load, house_load_entity
from .peak_history import PeakTracker
from .savings import BatteryModel, Ledger, Sample, record
from .schedule_store import ScheduleManager
from .state import DEFAULT_MODE, MODES, Mode, OptimiserState

STORAGE_VERSION: Final = 1
# Plans run just after every 5-minute boundary, where the plan's first step ends. A run at a
# fixed interval from set-up decided mid-step, and the decision then ran minutes into steps it
# had not planned: "Next: export at 16:35" slid to 16:40, 16:45 while nothing changed.
PLAN_MINUTES: Final = "/5"
PLAN_SECOND: Final = 2
APPLY_INTERVAL: Final = timedelta(seconds=20)
LOAD_RELEARN: Final = timedelta(hours=24)
PRICES_MAX_AGE: Final = timedelta(minutes=30)
SAVE_DELAY_S: Final = 60.0
CAPACITY_KEY: Final = "plant_ess_rated_capacity"
# Registers the optimiser reads whatever entities are enabled (merged into the polled keys).
OPTIMISER_KEYS: Final[Mapping[tuple[Device, Tier], frozenset[str]]] = {
    (Device.PLANT, Tier.LIVE): frozenset(
        {"plant_pv_power", "plant_ess_power", "grid_active_power"}
    ),
    (Device.PLANT, Tier.STATIC): frozenset({CAPACITY_KEY}),
}


def storage_key(entry_id: str) -> str:
    """Store key of one entry's optimiser state."""
    return f"{DOMAIN}.optimiser.{entry_id}"


class OptimiserRuntime(OptimiserState):
    """Plans, arbitrates and accounts for one plant entry."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry[Any],
        telemetry: Plant,
        *,
        controller: SigenController,
        sources: Sources,
        schedules: ScheduleManager,
    ) -> None:
        """Set up state; `async_start` loads the store and starts the timers."""
        super().__init__(sources)
        self.hass = hass
        self.entry = entry
        self.telemetry = telemetry
        self.controller = controller
        self.schedules = schedules
        self.peaks = PeakTracker()
        # Options are fixed for the entry's life: a change reloads the entry.
        self.tariff = tariff_from_options(entry.options)
        self._grid_seen: GridFacts | None = None
        self.applier = Applier(controller)
        self._store: Store[dict[str, Any]] = Store(
            hass, STORAGE_VERSION, storage_key(entry.entry_id)
        )
        self._unsubs: list[CALLBACK_TYPE] = []
        self._lock = asyncio.Lock()
        self._stopped = False

    # ---- lifecycle -------------------------------------------------------------------------

    async def async_start(self) -> None:
        """Load the mode and savings, follow prices and telemetry, and run the first plan."""
        stored = await self._store.async_load() or {}
        if self._stopped:  # unloaded while it was starting (a reload during set-up)
            return
        mode = stored.get("mode")
        self.mode = cast(Mode, mode) if mode in MODES else DEFAULT_MODE
        self.ledger = Ledger.from_dict(stored.get("ledger") or {})
        sources = self.sources
        if sources.prices is not None:
            self._unsubs.append(sources.prices.async_add_listener(self._on_prices))
        live = self.telemetry.coordinators.get((PLANT_UNIT_ID, Tier.LIVE))
        if live is not None:
            self._unsubs.append(live.async_add_listener(self._on_telemetry))
        static = self.telemetry.coordinators.get((PLANT_UNIT_ID, Tier.STATIC))
        if static is not None:  # ratings and capacity arrive after setup
            self._unsubs.append(static.async_add_listener(self._on_telemetry))
        slow = self.telemetry.coordinators.get((PLANT_UNIT_ID, Tier.SLOW))
        if slow is not None:  # grid caps and backup reserve: read after setup, changed in the app
            self._unsubs.append(slow.async_add_listener(self._on_limits))
        self._unsubs.append(self.controller.async_add_listener(self._on_control))
        self._unsubs.append(self.schedules.async_add_listener(self._on_control))
        self._unsubs.append(
            async_track_utc_time_change(
                self.hass, self._on_plan_timer, minute=PLAN_MINUTES, second=PLAN_SECOND
            )
        )
        self._unsubs.append(
            async_track_time_interval(
                self.hass, self._on_apply_timer, APPLY_INTERVAL, cancel_on_shutdown=True
            )
        )
        self._spawn(self.async_run(), "first plan")

    async def async_shutdown(self) -> None:
        """Stop timers and save the ledger (the controller releases the plant itself)."""
        self._stopped = True
        for unsub in self._unsubs:
            unsub()
        self._unsubs.clear()
        await self._store.async_save(self._data())

    def _data(self) -> dict[str, Any]:
        return {"mode": self.mode, "ledger": self.ledger.to_dict()}

    def _spawn(self, job: Coroutine[Any, Any, None], name: str) -> None:
        if self._stopped:
            job.close()  # never started: close it so it is not reported as never awaited
            return
        self.entry.async_create_background_task(self.hass, job, f"{DOMAIN} optimiser {name}")

    @callback
    def _on_prices(self) -> None:
        self._spawn(self.async_run(), "price update")

    @callback
    def _on_plan_timer(self, _: datetime) -> None:
        self._spawn(self.async_run(), "timer")

    @callback
    def _on_apply_timer(self, _: datetime) -> None:
        self._spawn(self.async_apply(), "apply")

    @callback
    def _on_control(self) -> None:
        self._spawn(self.async_apply(), "control change")

    async def async_set_mode(self, mode: Mode) -> None:
        """Change mode, store it, and re-plan (leaving auto releases what the optimiser took)."""
        if mode not in MODES:
            raise ValueError(mode)
        self.mode = mode
        self.hysteresis.reset()
        await self._store.async_save(self._data())
        await self.async_run()

    # ---- planning ------------------------------------------------------------------------------

    def _facts(self) -> PlantFacts:
        snap = self.controller.snapshot()
        static = self.telemetry.coordinators.get((PLANT_UNIT_ID, Tier.STATIC))
        capacity = value_of(static.data if static else None, CAPACITY_KEY)
        return PlantFacts(
            soc=snap.soc,
            capacity_kwh=capacity,
            charge_kw=snap.rated_charge_kw,
            discharge_kw=snap.rated_discharge_kw,
            min_soc=self.controller.limits.min_soc,
            max_soc=self.controller.limits.max_soc,
        )

    def _inputs(self, now: datetime) -> PlanInputs:
        sources = self.sources
        prices = sources.prices
        snapshot = prices.data if prices is not None else None
        age = prices.age(now) if prices is not None else None
        if age is None or age > PRICES_MAX_AGE:
            snapshot = None  # stale prices are no basis for a plan
        solar = sources.solar
        forecast = solar.data.forecast if solar is not None and solar.data is not None else None
        tz = dt_util.get_default_time_zone()
        inputs = build_inputs(
            now, prices=snapshot, solar=forecast, load=self.load, facts=self._facts(), tz=tz
        )
        grid = self._grid_seen = self._grid()
        return apply_limits(inputs, prices=snapshot, tariff=self.tariff, grid=grid, tz=tz)

    def _grid(self) -> GridFacts:
        return facts_from_registers(self.controller.register_value, self.peaks.peak_kw)

    @callback
    def _on_limits(self) -> None:
        """Re-plan when the plant's grid caps or backup reserve differ from the last plan's."""
        if self.inputs is not None and self._grid() != self._grid_seen:
            self._spawn(self.async_run(), "plant limits changed")

    async def _plan(self, now: datetime) -> tuple[Plan, PlanInputs]:
        """Build the inputs and run the pure planner in the executor."""
        if self.load_learned_at is None or now - self.load_learned_at >= LOAD_RELEARN:
            entity = house_load_entity(self.hass, self.telemetry.serial)
            self.load = await async_learn_load(self.hass, entity, now)
            self.load_learned_at = now
        await self.peaks.async_update(self.hass, self.telemetry.serial, now, self.tariff.window)
        return await self.hass.async_add_executor_job(plan_within_limits, self._inputs(now))

    async def async_dry_run(self) -> dict[str, Any]:
        """A fresh plan as response data; changes nothing. Raises InputsError or PlanError."""
        now = dt_util.utcnow()
        result, inputs = await self._plan(now)
        intent = intent_from_plan(result, *self._soc_window())
        return self._response(result, inputs, now, intent)

    def _soc_window(self) -> tuple[float, float]:
        return self.controller.limits.min_soc, self.controller.limits.max_soc

    async def async_run(self) -> None:
        """Plan (unless off), update the decision with hysteresis, then apply."""
        async with self._lock:
            now = dt_util.utcnow()
            if self.mode == "off":
                self.plan, self.inputs, self.intent, self.status = None, None, IDLE, "off"
                self.hysteresis.reset()
            else:
                await self._replan(now)
            await self._apply(now)
        self._notify()

    async def _replan(self, now: datetime) -> None:
        try:
            result, inputs = await self._plan(now)
        except InputsError as err:
            self._idle(err.key)
            return
        except PlanError as err:
            LOGGER.warning("Optimiser could not plan: %s", err)
            self._idle("optimiser_plan_failed")
            self.last_error = str(err)
            return
        self.plan, self.inputs, self.generated_at = result, inputs, now
        self.status, self.last_error = "planned", None
        proposed = intent_from_plan(result, *self._soc_window())
        self.intent = self.hysteresis.update(
            proposed, soc=self.controller.snapshot().soc, urgent=is_urgent(inputs.horizon)
        )

    def _idle(self, status: str) -> None:
        self.plan, self.inputs, self.intent, self.status = None, None, IDLE, status
        self.hysteresis.reset()

    async def async_apply(self) -> None:
        """Re-apply the current decision (ramps power, follows schedules and overrides)."""
        async with self._lock:
            await self._apply(dt_util.utcnow())
        self._notify()

    async def _apply(self, now: datetime) -> None:
        if self._stopped:
            return
        intent = self.intent if self.mode == "auto" else None
        self.outcome = await self.applier.async_apply(now, self.schedules, intent)

    # ---- savings -------------------------------------------------------------------------------

    @callback
    def _on_telemetry(self) -> None:
        """Price one telemetry sample into the savings ledger."""
        if self.status in _RETRY_ON_TELEMETRY and not self._lock.locked():
            self._spawn(self.async_run(), "plant facts arrived")
        live = self.telemetry.coordinators.get((PLANT_UNIT_ID, Tier.LIVE))
        sources = self.sources
        prices = sources.prices.data if sources and sources.prices else None
        if live is None or not live.last_update_success or prices is None:
            return
        data = live.data
        pv = value_of(data, "plant_pv_power")
        grid = value_of(data, "grid_active_power")
        load = house_load_kw(data)
        now = dt_util.utcnow()
        buy = prices.at(now)
        if pv is None or grid is None or load is None or buy is None:
            return
        feed_in = prices.at(now, ChannelType.FEED_IN)
        facts = self._facts()
        model = None
        if facts.capacity_kwh and facts.charge_kw and facts.discharge_kw:
            model = BatteryModel(
                facts.capacity_kwh,
                facts.charge_kw,
                facts.discharge_kw,
                facts.min_soc / 100,
                facts.max_soc / 100,
            )
        sample = Sample(
            at=dt_util.as_local(now),
            pv_kw=pv,
            load_kw=max(load, 0.0),
            grid_kw=grid,
            soc=facts.soc,
            buy=buy.per_kwh,
            sell=feed_in.feed_in_earn if feed_in is not None else 0.0,
            in_control=self.controller.in_control() is not False,
            shadow=self.mode == "shadow",
        )
        record(self.ledger, sample, model, self.intent)
        self._store.async_delay_save(self._data, SAVE_DELAY_S)
        self._notify()


# Plans that failed for want of plant facts are retried as soon as telemetry arrives.
_RETRY_ON_TELEMETRY: Final = frozenset({"starting", "optimiser_no_soc", "optimiser_no_battery"})


async def async_remove_optimiser_data(hass: HomeAssistant, entry_id: str) -> None:
    """Forget the stored mode and savings of a removed entry."""
    store: Store[dict[str, Any]] = Store(hass, STORAGE_VERSION, storage_key(entry_id))
    await store.async_remove()
