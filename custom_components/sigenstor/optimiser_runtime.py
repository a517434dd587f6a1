"""The optimiser in Home Assistant: plans on every Amber interval and every 5 minutes, then acts.

Modes (stored per entry, default `shadow` so a new install never acts before the owner opts in):
`auto` plans and acts through the controller, `shadow` plans and reports what it would have done
and earned but writes nothing, `off` neither plans nor acts. Owner schedules act in every mode;
the emergency stop and a manual override outrank everything (see optimiser_apply).
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Mapping
from datetime import datetime, timedelta
from typing import Any, Final, Literal, cast

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.event import async_track_time_interval
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from .amber_models import ChannelType
from .const import DOMAIN, LOGGER
from .coordinator import SigenConfigEntry, value_of
from .optimiser import HourOfWeekProfile, Plan, PlanError, plan
from .optimiser_apply import Applier, Outcome, ScheduleSource
from .optimiser_decision import (
    IDLE,
    Decision,
    Hysteresis,
    Intent,
    decision_of,
    intent_from_plan,
    is_urgent,
    plan_steps,
)
from .optimiser_inputs import InputsError, PlanInputs, PlantFacts, build_inputs
from .optimiser_load import async_learn_load, house_load_entity
from .optimiser_savings import BatteryModel, Ledger, Sample, record
from .sigen.registers import PLANT_UNIT_ID, Device, Tier

Mode = Literal["auto", "shadow", "off"]
MODES: Final[tuple[Mode, ...]] = ("auto", "shadow", "off")
DEFAULT_MODE: Final[Mode] = "shadow"
STORAGE_VERSION: Final = 1
PLAN_INTERVAL: Final = timedelta(minutes=5)
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


class OptimiserRuntime:
    """Plans, arbitrates and accounts for one plant entry."""

    def __init__(self, hass: HomeAssistant, entry: SigenConfigEntry) -> None:
        """Set up state; `async_start` loads the store and starts the timers."""
        self.hass = hass
        self.entry = entry
        self.runtime = entry.runtime_data
        controller = self.runtime.controller
        assert controller is not None
        self.controller = controller
        self.applier = Applier(controller)
        self.mode: Mode = DEFAULT_MODE
        self.plan: Plan | None = None
        self.inputs: PlanInputs | None = None
        self.generated_at: datetime | None = None
        self.intent: Intent = IDLE  # the decision after hysteresis
        self.status: str = "starting"  # why the optimiser is idle, or "planned"
        self.outcome = Outcome("none")
        self.last_error: str | None = None
        self.hysteresis = Hysteresis()
        self.ledger = Ledger()
        self.load = HourOfWeekProfile()
        self.load_learned_at: datetime | None = None
        self._store: Store[dict[str, Any]] = Store(
            hass, STORAGE_VERSION, storage_key(entry.entry_id)
        )
        self._listeners: list[CALLBACK_TYPE] = []
        self._unsubs: list[CALLBACK_TYPE] = []
        self._lock = asyncio.Lock()
        self._stopped = False

    # ---- state others read ---------------------------------------------------------------

    @callback
    def async_add_listener(self, update: CALLBACK_TYPE) -> CALLBACK_TYPE:
        """Call `update` after every run, mode change and savings sample."""
        self._listeners.append(update)

        @callback
        def remove() -> None:
            if update in self._listeners:
                self._listeners.remove(update)

        return remove

    @callback
    def _notify(self) -> None:
        for update in list(self._listeners):
            update()

    @property
    def decision(self) -> Decision:
        """The current decision (idle when off or unable to plan)."""
        return self.intent.decision if self.mode != "off" else Decision.IDLE

    @property
    def reason(self) -> str:
        """One line saying what the optimiser does and why, or why it waits."""
        if self.mode == "off":
            return "optimiser is off"
        if self.intent.decision is Decision.IDLE:
            return _STATUS_TEXT.get(self.status, self.status)
        text = self.intent.reason
        if self.outcome.driver in ("emergency_stop", "override"):
            text = f"{self.outcome.driver.replace('_', ' ')} in force; optimiser would {text}"
        elif self.outcome.driver == "schedule":
            text = f"schedule {self.outcome.detail} in force; optimiser would {text}"
        elif self.mode == "shadow":
            text = f"shadow: would {text}"
        return text[:255]

    def next_change(self) -> tuple[datetime, Decision] | None:
        """When the plan next changes action, and to what."""
        if self.plan is None or self.mode == "off":
            return None
        current = self.decision
        for step in self.plan.steps[1:]:
            nxt = decision_of(step.action)
            if nxt is not current:
                return step.start, nxt
        return None

    def planned_soc(self) -> float | None:
        """SoC (%) at the end of the current step."""
        if self.plan is None or self.mode == "off":
            return None
        return round(self.plan.first.soc_end * 100, 1)

    def expected_cost_today(self) -> float | None:
        """Cost so far today plus the plan's cost until local midnight."""
        now = dt_util.now()
        today = self.ledger.today.policy if self.ledger.day == now.date().isoformat() else 0.0
        if self.plan is None or self.mode == "off":
            return round(today, 2)
        midnight = dt_util.start_of_local_day(now) + timedelta(days=1)
        ahead = 0.0
        for step in self.plan.steps:
            end = step.start + timedelta(hours=step.duration_h)
            if step.start >= midnight:
                break
            share = min(1.0, (midnight - step.start) / (end - step.start))
            ahead += step.cost * share
        return round(today + ahead, 2)

    def savings(self, period: Literal["today", "month"]) -> float:
        """Realised savings ($) today or this month."""
        now = dt_util.now()
        if period == "today":
            current = self.ledger.day == now.date().isoformat()
            return round(self.ledger.today.savings, 2) if current else 0.0
        current = self.ledger.month == now.strftime("%Y-%m")
        return round(self.ledger.this_month.savings, 2) if current else 0.0

    def plan_response(self) -> dict[str, Any]:
        """The latest plan as the get_plan response."""
        return self._response(self.plan, self.inputs, self.generated_at, self.intent)

    def _response(
        self,
        result: Plan | None,
        inputs: PlanInputs | None,
        at: datetime | None,
        intent: Intent,
    ) -> dict[str, Any]:
        return {
            "generated_at": at.isoformat() if at else None,
            "mode": self.mode,
            "decision": intent.decision.value if self.mode != "off" else Decision.IDLE.value,
            "reason": intent.reason if intent.decision is not Decision.IDLE else self.reason,
            "steps": plan_steps(result, inputs.horizon) if result and inputs else [],
        }

    # ---- lifecycle -------------------------------------------------------------------------

    async def async_start(self) -> None:
        """Load the mode and savings, follow prices and telemetry, and run the first plan."""
        stored = await self._store.async_load() or {}
        mode = stored.get("mode")
        self.mode = cast(Mode, mode) if mode in MODES else DEFAULT_MODE
        self.ledger = Ledger.from_dict(stored.get("ledger") or {})
        sources = self.runtime.sources
        if sources is not None and sources.prices is not None:
            self._unsubs.append(sources.prices.async_add_listener(self._on_prices))
        live = self.runtime.coordinators.get((PLANT_UNIT_ID, Tier.LIVE))
        if live is not None:
            self._unsubs.append(live.async_add_listener(self._on_telemetry))
        static = self.runtime.coordinators.get((PLANT_UNIT_ID, Tier.STATIC))
        if static is not None:  # ratings and capacity arrive after setup
            self._unsubs.append(static.async_add_listener(self._on_telemetry))
        self._unsubs.append(self.controller.async_add_listener(self._on_control))
        schedules = self._schedules()
        if schedules is not None and hasattr(schedules, "async_add_listener"):
            self._unsubs.append(schedules.async_add_listener(self._on_control))
        self._unsubs.append(
            async_track_time_interval(
                self.hass, self._on_plan_timer, PLAN_INTERVAL, cancel_on_shutdown=True
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

    def _schedules(self) -> ScheduleSource | None:
        # Schedules land in parallel work; an entry without them simply has none.
        return cast(ScheduleSource | None, getattr(self.runtime, "schedules", None))

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
        static = self.runtime.coordinators.get((PLANT_UNIT_ID, Tier.STATIC))
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
        sources = self.runtime.sources
        prices = sources.prices if sources is not None else None
        snapshot = prices.data if prices is not None else None
        age = prices.age(now) if prices is not None else None
        if age is None or age > PRICES_MAX_AGE:
            snapshot = None  # stale prices are no basis for a plan
        solar = sources.solar if sources is not None else None
        forecast = solar.data.forecast if solar is not None and solar.data is not None else None
        tz = dt_util.get_default_time_zone()
        return build_inputs(
            now, prices=snapshot, solar=forecast, load=self.load, facts=self._facts(), tz=tz
        )

    async def _plan(self, now: datetime) -> tuple[Plan, PlanInputs]:
        """Build the inputs and run the pure planner in the executor."""
        if self.load_learned_at is None or now - self.load_learned_at >= LOAD_RELEARN:
            entity = house_load_entity(self.hass, self.runtime.serial)
            self.load = await async_learn_load(self.hass, entity, now)
            self.load_learned_at = now
        inputs = self._inputs(now)
        result = await self.hass.async_add_executor_job(
            lambda: plan(
                inputs.horizon,
                inputs.battery,
                inputs.soc_now,
                inputs.site,
                end_value_per_kwh=inputs.end_value,
            )
        )
        return result, inputs

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
        self.outcome = await self.applier.async_apply(now, self._schedules(), intent)

    # ---- savings -------------------------------------------------------------------------------

    @callback
    def _on_telemetry(self) -> None:
        """Price one telemetry sample into the savings ledger."""
        if self.status in _RETRY_ON_TELEMETRY and not self._lock.locked():
            self._spawn(self.async_run(), "plant facts arrived")
        live = self.runtime.coordinators.get((PLANT_UNIT_ID, Tier.LIVE))
        sources = self.runtime.sources
        prices = sources.prices.data if sources and sources.prices else None
        if live is None or not live.last_update_success or prices is None:
            return
        data = live.data
        pv = value_of(data, "plant_pv_power")
        battery = value_of(data, "plant_ess_power")
        grid = value_of(data, "grid_active_power")
        now = dt_util.utcnow()
        buy = prices.at(now)
        if pv is None or battery is None or grid is None or buy is None:
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
            load_kw=max(pv - battery + grid, 0.0),
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

    def diagnostics(self) -> dict[str, Any]:
        """Mode, last run, input ages and the decision (no plan steps)."""
        now = dt_util.utcnow()
        sources = self.runtime.sources
        prices = sources.prices if sources is not None else None
        solar = sources.solar if sources is not None else None
        price_age = prices.age(now) if prices is not None else None
        solar_age = solar.age(now) if solar is not None else None
        inputs = self.inputs
        return {
            "mode": self.mode,
            "status": self.status,
            "decision": self.decision.value,
            "driver": self.outcome.driver,
            "last_run": self.generated_at.isoformat() if self.generated_at else None,
            "last_error": self.last_error,
            "prices_age_s": price_age.total_seconds() if price_age is not None else None,
            "solar_age_s": solar_age.total_seconds() if solar_age is not None else None,
            "load_history_hours": self.load.history_hours,
            "steps": len(inputs.horizon) if inputs else 0,
            "priced_until": inputs.priced_until.isoformat() if inputs else None,
            "estimated_steps": inputs.estimated_steps if inputs else 0,
        }


# Plans that failed for want of plant facts are retried as soon as telemetry arrives.
_RETRY_ON_TELEMETRY: Final = frozenset({"starting", "optimiser_no_soc", "optimiser_no_battery"})
_STATUS_TEXT: Final = {
    "starting": "waiting for the first plan",
    "off": "optimiser is off",
    "optimiser_no_prices": "idle: no current prices from Amber",
    "optimiser_no_soc": "idle: no battery SoC reading",
    "optimiser_no_battery": "idle: battery capacity or ratings unknown",
    "optimiser_plan_failed": "idle: no feasible plan",
}


async def async_remove_optimiser_data(hass: HomeAssistant, entry_id: str) -> None:
    """Forget the stored mode and savings of a removed entry."""
    store: Store[dict[str, Any]] = Store(hass, STORAGE_VERSION, storage_key(entry_id))
    await store.async_remove()
