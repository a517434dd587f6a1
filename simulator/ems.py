"""Remote EMS semantics: which power flows the plant chooses for its inputs and settings.

Facts from sigen_modbus.md §6 (V2.9 §5.2.1): 40029 hands control over, 40031 picks the mode,
40032/40034 cap battery charge/discharge, 40036 caps PV, 40038/40040 cap the grid point,
40042/40044 cap the inverter AC side, 40046-40048 bound the SOC window. From firmware SPC113
(V2.9) the 40032/40034/40036 caps act in every mode; before, only in the command modes.
Pure: no I/O, no clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

PCS_REMOTE: Final = 0
STANDBY: Final = 1
SELF_CONSUMPTION: Final = 2
CHARGE_GRID_FIRST: Final = 3
CHARGE_PV_FIRST: Final = 4
DISCHARGE_PV_FIRST: Final = 5
DISCHARGE_ESS_FIRST: Final = 6
V2G: Final = 8
VALID_MODES: Final = frozenset({0, 1, 2, 3, 4, 5, 6, 8})  # 7 is reserved (appendix 6)
_EPS: Final = 1e-9
# Installer defaults of the SOC window (40046/40047/40048) in the simulator.
DEFAULT_BACKUP_SOC: Final = 0.0
DEFAULT_CHARGE_CUTOFF_SOC: Final = 100.0
DEFAULT_DISCHARGE_CUTOFF_SOC: Final = 5.0


@dataclass(frozen=True, slots=True)
class Controls:
    """Decoded holding-register settings; None means "never set" (reads 0xFFFFFFFF)."""

    running: bool = True  # 40000
    remote_enabled: bool = False  # 40029
    mode: int = SELF_CONSUMPTION  # 40031
    active_power_target_kw: float = 0.0  # 40001, + = inverter AC output (inferred sign)
    charge_limit_kw: float | None = None  # 40032
    discharge_limit_kw: float | None = None  # 40034
    pv_limit_kw: float | None = None  # 40036
    grid_export_limit_kw: float | None = None  # 40038
    grid_import_limit_kw: float | None = None  # 40040
    pcs_export_limit_kw: float | None = None  # 40042
    pcs_import_limit_kw: float | None = None  # 40044
    backup_soc: float = DEFAULT_BACKUP_SOC  # 40046
    charge_cutoff_soc: float = DEFAULT_CHARGE_CUTOFF_SOC  # 40047
    discharge_cutoff_soc: float = DEFAULT_DISCHARGE_CUTOFF_SOC  # 40048


@dataclass(frozen=True, slots=True)
class Inputs:
    """Physical state the EMS sees."""

    pv_available_kw: float
    load_kw: float
    soc: float
    rated_charge_kw: float
    rated_discharge_kw: float
    inverter_kw: float  # AC rating of all inverters together


@dataclass(frozen=True, slots=True)
class Flows:
    """Resulting power flows in kW. Signs: battery + charging, grid + importing, AC + output."""

    pv_kw: float
    battery_kw: float
    grid_kw: float
    load_kw: float
    charge_cap_kw: float  # what the battery could take now (after limits and SOC window)
    discharge_cap_kw: float

    @property
    def inverter_ac_kw(self) -> float:
        """Inverter AC output (PV minus battery charging)."""
        return self.pv_kw - self.battery_kw


@dataclass(frozen=True, slots=True)
class Caps:
    """Which limits apply now, in kW (None = no cap)."""

    charge: float | None
    discharge: float | None
    pv: float | None


def effective_mode(controls: Controls) -> int:
    """Mode actually followed: the 40031 mode under remote EMS, self-consumption otherwise."""
    if not controls.remote_enabled:
        return SELF_CONSUMPTION
    return controls.mode if controls.mode in VALID_MODES else SELF_CONSUMPTION


def applicable_caps(controls: Controls, global_limits: bool) -> Caps:
    """The 40032/40034/40036 caps that act now, by firmware generation and mode."""
    if global_limits:
        return Caps(controls.charge_limit_kw, controls.discharge_limit_kw, controls.pv_limit_kw)
    mode = effective_mode(controls) if controls.remote_enabled else None
    charge_modes = {CHARGE_GRID_FIRST, CHARGE_PV_FIRST}
    discharge_modes = {DISCHARGE_PV_FIRST, DISCHARGE_ESS_FIRST}
    return Caps(
        charge=controls.charge_limit_kw if mode in charge_modes else None,
        discharge=controls.discharge_limit_kw if mode in discharge_modes else None,
        pv=controls.pv_limit_kw if mode in charge_modes | discharge_modes else None,
    )


def _cap(value: float, cap: float | None) -> float:
    """min(value, cap) with None meaning no cap."""
    return value if cap is None else min(value, max(cap, 0.0))


def discharge_floor(controls: Controls) -> float:
    """SOC below which the battery does not discharge (cut-off or backup reserve)."""
    return max(controls.discharge_cutoff_soc, controls.backup_soc)


def dispatch(inputs: Inputs, controls: Controls, global_limits: bool) -> Flows:
    """Choose PV, battery and grid power for one instant."""
    load = max(inputs.load_kw, 0.0)
    if not controls.running:
        return Flows(0.0, 0.0, load, load, 0.0, 0.0)
    caps = applicable_caps(controls, global_limits)
    charge_cap = _cap(inputs.rated_charge_kw, caps.charge)
    discharge_cap = _cap(inputs.rated_discharge_kw, caps.discharge)
    if inputs.soc >= controls.charge_cutoff_soc - _EPS:
        charge_cap = 0.0
    if inputs.soc <= discharge_floor(controls) + _EPS:
        discharge_cap = 0.0
    pv = _cap(max(inputs.pv_available_kw, 0.0), caps.pv)
    mode = effective_mode(controls)

    if mode == PCS_REMOTE:
        battery = pv - controls.active_power_target_kw
    elif mode == STANDBY:
        battery = 0.0
    elif mode == CHARGE_GRID_FIRST:
        battery = charge_cap
    elif mode == CHARGE_PV_FIRST:
        battery = max(pv - load, 0.0)
    elif mode in (DISCHARGE_PV_FIRST, DISCHARGE_ESS_FIRST):
        battery = -discharge_cap
    else:  # self-consumption (also V2G, which has no vehicle here)
        battery = pv - load
    battery = min(max(battery, -discharge_cap), charge_cap)

    # Inverter AC rating: PV first keeps PV and trims the battery; ESS first curtails PV.
    battery, pv = _fit_ac(battery, pv, -inputs.inverter_kw, inputs.inverter_kw, mode)
    # PCS (inverter AC) limits 40042/40044, global since V2.5.
    low = -controls.pcs_import_limit_kw if controls.pcs_import_limit_kw is not None else None
    high = controls.pcs_export_limit_kw
    battery, pv = _fit_ac(battery, pv, low, high, mode)
    battery, pv = _fit_grid(battery, pv, load, controls, mode=mode, discharge_cap=discharge_cap)
    return Flows(pv, battery, load - pv + battery, load, charge_cap, discharge_cap)


def _fit_ac(
    battery: float, pv: float, low: float | None, high: float | None, mode: int
) -> tuple[float, float]:
    """Keep inverter AC output (pv - battery) within [low, high]."""
    if high is not None and pv - battery > high:
        excess = pv - battery - high
        if mode == DISCHARGE_ESS_FIRST:
            cut = min(excess, pv)
            pv, excess = pv - cut, excess - cut
        if battery < 0:
            less = min(excess, -battery)
            battery, excess = battery + less, excess - less
        pv = max(pv - excess, 0.0)
    if low is not None and pv - battery < low:
        battery = pv - low  # only charging can pull more than low from AC
    return battery, pv


def _fit_grid(
    battery: float,
    pv: float,
    load: float,
    controls: Controls,
    *,
    mode: int,
    discharge_cap: float,
) -> tuple[float, float]:
    """Honour the grid-point export (40038) and import (40040) caps."""
    grid = load - pv + battery
    export_cap = controls.grid_export_limit_kw
    if export_cap is not None and -grid > export_cap:
        excess = -grid - export_cap
        if mode == DISCHARGE_ESS_FIRST:
            cut = min(excess, pv)
            pv, excess = pv - cut, excess - cut
        if battery < 0:
            less = min(excess, -battery)
            battery, excess = battery + less, excess - less
        pv = max(pv - excess, 0.0)
    import_cap = controls.grid_import_limit_kw
    grid = load - pv + battery
    if import_cap is not None and grid > import_cap:
        excess = grid - import_cap
        if battery > 0:
            less = min(excess, battery)
            battery, excess = battery - less, excess - less
        # The EMS may cover the rest from the battery unless told to hold or charge it.
        if excess > 0 and mode not in (STANDBY, CHARGE_GRID_FIRST, CHARGE_PV_FIRST):
            battery = max(battery - excess, -discharge_cap)
    return battery, pv
