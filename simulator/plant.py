"""Plant physics: PV, load, battery SoC, grid balance, energy counters and temperatures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
import math
from typing import Final

from . import curves
from .config import SimConfig, limits_are_global, model_rating_kw
from .ems import Controls, Flows, Inputs, discharge_floor, dispatch

ONE_WAY_EFFICIENCY: Final = 0.95  # battery charge and discharge, each way
MAX_SUBSTEP_S: Final = 5.0  # integration step; keeps cut-off overshoot and curve error small
CELL_TAU_S: Final = 1800.0
PCS_TAU_S: Final = 600.0
CELL_K_PER_KW: Final = 1.5  # steady-state cell warming per kW of battery power per inverter
PCS_K_PER_KW: Final = 2.0


@dataclass
class InverterEnergy:
    """Energy counters of one inverter in kWh (daily ones reset at local midnight)."""

    pv_total: float = 3120.45
    pv_today: float = 0.0
    charge_total: float = 1410.20
    charge_today: float = 0.0
    discharge_total: float = 1298.70
    discharge_today: float = 0.0


@dataclass
class PlantEnergy:
    """Plant-only counters in kWh; `*_since_start` feed the "new statistics" block (from 0)."""

    load_total: float = 6021.30
    load_today: float = 0.0
    grid_import_total: float = 2450.80
    grid_export_total: float = 1766.10
    pv_yesterday: float = 0.0
    load_since_start: float = 0.0
    import_since_start: float = 0.0
    export_since_start: float = 0.0
    pv_since_start: float = 0.0
    charge_since_start: float = 0.0
    discharge_since_start: float = 0.0


def centi(kwh: float) -> int:
    """Counter value in register units (0.01 kWh), truncated so sums stay consistent."""
    return math.floor(kwh * 100 + 1e-6)


class PlantState:
    """Live state of the simulated plant; tests may set soc, pv_kw, load_kw, temperatures."""

    def __init__(self, config: SimConfig) -> None:
        start = config.start_time or datetime.now().astimezone()
        self.start_time: datetime = start if start.tzinfo else start.astimezone()
        self.elapsed_s = 0.0
        self.seed = config.seed
        self.inverters = config.inverters
        self.pv_kwp = config.pv_kwp
        self.capacity_kwh = config.capacity_kwh
        self.inverter_kw = model_rating_kw(config.model)  # per inverter
        # Battery rating: half the inverter's AC rating (5 kW for a 10 kW model), per inverter.
        self.rated_charge_kw = self.inverter_kw / 2 * self.inverters
        self.rated_discharge_kw = self.rated_charge_kw
        self.global_limits = limits_are_global(config.firmware)
        self.soc = float(config.soc)
        self.soh = 99.0
        self.ambient_c = 20.0
        self.cell_temp_c = 22.0
        self.pcs_temp_c = 30.0
        self.app_mode = 0  # 30003 outside remote EMS (0 = max self-consumption, 2 = TOU, ...)
        self.controls = Controls()
        self.energy = PlantEnergy()
        self.inverter_energy = [InverterEnergy() for _ in range(self.inverters)]
        self._pv_pin: float | None = None
        self._load_pin: float | None = None

    # --- time -------------------------------------------------------------------------------
    @property
    def now(self) -> datetime:
        """Simulated local time."""
        return self.start_time + timedelta(seconds=self.elapsed_s)

    # --- inputs (settable) --------------------------------------------------------------------
    @property
    def pv_available_kw(self) -> float:
        """PV the strings could deliver now (before any cap or curtailment)."""
        if self._pv_pin is not None:
            return self._pv_pin
        return curves.pv_kw(self.pv_kwp, self.now, self.seed)

    @property
    def pv_kw(self) -> float:
        """PV actually produced now (after caps); setting it pins the available PV."""
        return self.flows().pv_kw

    @pv_kw.setter
    def pv_kw(self, value: float) -> None:
        self._pv_pin = max(float(value), 0.0)

    @property
    def load_kw(self) -> float:
        """Household load now; setting it pins the load (overrides the daily curve)."""
        if self._load_pin is not None:
            return self._load_pin
        return curves.load_kw(self.now, self.seed)

    @load_kw.setter
    def load_kw(self, value: float) -> None:
        self._load_pin = max(float(value), 0.0)

    def follow_curves(self) -> None:
        """Drop pinned PV and load so both follow their daily curves again."""
        self._pv_pin = None
        self._load_pin = None

    # --- derived ------------------------------------------------------------------------------
    @property
    def battery_kw(self) -> float:
        """Battery power now, + charging."""
        return self.flows().battery_kw

    @property
    def grid_kw(self) -> float:
        """Grid-point power now, + importing."""
        return self.flows().grid_kw

    @property
    def running(self) -> bool:
        """Whether the plant runs (40000)."""
        return self.controls.running

    @property
    def remote_ems(self) -> bool:
        """Whether remote EMS (40029) has control."""
        return self.controls.remote_enabled

    @property
    def ems_work_mode(self) -> int:
        """30003: 7 under remote EMS, otherwise the owner's app mode."""
        return 7 if self.controls.remote_enabled else self.app_mode

    @property
    def discharge_floor_soc(self) -> float:
        """SOC the battery stops discharging at."""
        return discharge_floor(self.controls)

    def flows(self) -> Flows:
        """Power flows the EMS chooses for the current state."""
        inputs = Inputs(
            pv_available_kw=self.pv_available_kw,
            load_kw=self.load_kw,
            soc=self.soc,
            rated_charge_kw=self.rated_charge_kw,
            rated_discharge_kw=self.rated_discharge_kw,
            inverter_kw=self.inverter_kw * self.inverters,
        )
        return dispatch(inputs, self.controls, self.global_limits)

    def inverter_sum(self, name: str) -> float:
        """Plant value of a per-inverter counter: the sum of what each inverter reports."""
        return sum(centi(getattr(e, name)) for e in self.inverter_energy) / 100

    # --- time evolution -----------------------------------------------------------------------
    def step(self, seconds: float) -> None:
        """Advance the simulated clock and integrate physics (deterministic for a seed)."""
        remaining = max(float(seconds), 0.0)
        while remaining > 1e-9:
            dt = min(remaining, MAX_SUBSTEP_S)
            self._substep(dt)
            remaining -= dt

    def _substep(self, dt: float) -> None:
        """One integration step of dt seconds."""
        flows = self.flows()
        hours = dt / 3600
        battery = self._limit_to_soc_window(flows.battery_kw, hours)
        grid = flows.load_kw - flows.pv_kw + battery
        n = self.inverters
        pv_e = flows.pv_kw * hours
        charge_e = max(battery, 0.0) * hours
        discharge_e = max(-battery, 0.0) * hours
        for inv in self.inverter_energy:
            inv.pv_total += pv_e / n
            inv.pv_today += pv_e / n
            inv.charge_total += charge_e / n
            inv.charge_today += charge_e / n
            inv.discharge_total += discharge_e / n
            inv.discharge_today += discharge_e / n
        e = self.energy
        load_e = flows.load_kw * hours
        e.load_total += load_e
        e.load_today += load_e
        e.load_since_start += load_e
        e.grid_import_total += max(grid, 0.0) * hours
        e.import_since_start += max(grid, 0.0) * hours
        e.grid_export_total += max(-grid, 0.0) * hours
        e.export_since_start += max(-grid, 0.0) * hours
        e.pv_since_start += pv_e
        e.charge_since_start += charge_e
        e.discharge_since_start += discharge_e
        self._temperatures(battery / n, (flows.pv_kw - battery) / n, dt)
        day = self.now.date()
        self.elapsed_s += dt
        if self.now.date() != day:
            self._midnight()

    def _limit_to_soc_window(self, battery_kw: float, hours: float) -> float:
        """Move SoC; trim the power of the step that reaches a cut-off. Returns the power used."""
        capacity = max(self.capacity_kwh, 1e-6)
        if battery_kw > 0:
            gain = battery_kw * hours * ONE_WAY_EFFICIENCY / capacity * 100
            room = max(self.controls.charge_cutoff_soc - self.soc, 0.0)
            used = min(gain, room)
        elif battery_kw < 0:
            gain = battery_kw * hours / ONE_WAY_EFFICIENCY / capacity * 100
            room = max(self.soc - self.discharge_floor_soc, 0.0)
            used = -min(-gain, room)
        else:
            return 0.0
        self.soc = min(max(self.soc + used, 0.0), 100.0)
        return battery_kw * (used / gain)

    def _temperatures(self, battery_kw: float, ac_kw: float, dt: float) -> None:
        """First-order drift of cell and PCS temperature towards a power-dependent target."""
        cell_target = self.ambient_c + CELL_K_PER_KW * abs(battery_kw)
        pcs_target = self.ambient_c + 8.0 + PCS_K_PER_KW * abs(ac_kw)
        self.cell_temp_c += (cell_target - self.cell_temp_c) * (1 - math.exp(-dt / CELL_TAU_S))
        self.pcs_temp_c += (pcs_target - self.pcs_temp_c) * (1 - math.exp(-dt / PCS_TAU_S))

    def _midnight(self) -> None:
        """Daily counters roll over at local midnight."""
        self.energy.pv_yesterday = self.inverter_sum("pv_today")
        self.energy.load_today = 0.0
        for inv in self.inverter_energy:
            inv.pv_today = 0.0
            inv.charge_today = 0.0
            inv.discharge_today = 0.0
