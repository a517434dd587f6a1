"""Engineering values of the input registers, derived from the plant state (keyed by address).

Addresses are the V2.9 protocol addresses (sigen_registers.csv); the register map itself
(types, gains, keys) comes from custom_components.sigenstor.sigen.registers. Registers not
listed here read as 0 (alarm words, smart loads, chargers, generator, third-party PV).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from custom_components.sigenstor.sigen.codec import Value

from .config import SimConfig
from .ems import PCS_REMOTE, Flows, effective_mode
from .plant import PlantState, centi

PHASE_VOLTAGE_V: Final = 230.0
LINE_VOLTAGE_V: Final = 400.0
GRID_HZ: Final = 50.0
PACK_KWH: Final = 8.0  # one SigenStor battery pack
STRING_VOLTAGE_V: Final = 380.0


@dataclass(frozen=True, slots=True)
class View:
    """What a provider sees: the plant, its flows at read time and the inverter index."""

    plant: PlantState
    flows: Flows
    config: SimConfig
    index: int = 0  # 0-based inverter index; 0 for the plant

    @property
    def share(self) -> float:
        """Share of plant power per inverter."""
        return 1 / self.plant.inverters

    @property
    def ac_kw(self) -> float:
        """Plant inverter AC output, + = output."""
        return self.flows.inverter_ac_kw


Provider = Callable[[View], Value]


def _available_charge_kwh(v: View) -> float:
    """Energy the battery can still take up to the charge cut-off."""
    room = max(v.plant.controls.charge_cutoff_soc - v.plant.soc, 0.0)
    return room / 100 * v.plant.capacity_kwh


def _available_discharge_kwh(v: View) -> float:
    """Energy the battery can still deliver down to the discharge floor."""
    room = max(v.plant.soc - v.plant.discharge_floor_soc, 0.0)
    return room / 100 * v.plant.capacity_kwh


def _counter(name: str) -> Provider:
    """Per-inverter energy counter, truncated to 0.01 kWh so the plant sum matches exactly."""
    return lambda v: centi(getattr(v.plant.inverter_energy[v.index], name)) / 100


def _utc_offset_min(v: View) -> int:
    """Plant time-zone offset in minutes."""
    offset = v.plant.now.utcoffset()
    return int(offset.total_seconds() // 60) if offset is not None else 0


def serial_for(config: SimConfig, unit_id: int) -> str:
    """Serial of inverter `unit_id`: the configured one for unit 1, numbered variants after."""
    if unit_id == 1:
        return config.serial
    suffix = f"{unit_id:03d}"
    return config.serial[: max(len(config.serial) - len(suffix), 0)] + suffix


def _pv_string_voltage(v: View) -> float:
    """String voltage: open-ish circuit at low light, ~380 V at the maximum power point."""
    return STRING_VOLTAGE_V if v.flows.pv_kw * v.share > 0.01 else 0.0


def _pv_string_current(v: View) -> float:
    """Current of one of two equal strings."""
    volts = _pv_string_voltage(v)
    return v.flows.pv_kw * v.share / 2 * 1000 / volts if volts else 0.0


def _phase_current(v: View) -> float:
    """Phase current of a three-phase inverter."""
    return abs(v.ac_kw * v.share) * 1000 / (3 * PHASE_VOLTAGE_V)


def _setpoint_feedback(v: View) -> float:
    """30613: the applied fixed active power target (only acts in remote EMS mode 0)."""
    controls = v.plant.controls
    if controls.remote_enabled and effective_mode(controls) == PCS_REMOTE:
        return controls.active_power_target_kw * v.share
    return 0.0


_PLANT: dict[int, Provider] = {
    30000: lambda v: int(v.plant.now.timestamp()),
    30002: _utc_offset_min,
    30003: lambda v: v.plant.ems_work_mode,
    30004: lambda v: 1,
    30005: lambda v: v.flows.grid_kw,
    30009: lambda v: 0,
    30010: lambda v: v.plant.inverter_kw * v.plant.inverters,
    30012: lambda v: v.plant.inverter_kw * v.plant.inverters,
    30014: lambda v: v.plant.soc,
    30015: lambda v: v.ac_kw / 3,
    30017: lambda v: v.ac_kw / 3,
    30019: lambda v: v.ac_kw / 3,
    30031: lambda v: v.ac_kw,
    30035: lambda v: v.flows.pv_kw,
    30037: lambda v: v.flows.battery_kw,
    30039: lambda v: v.plant.inverter_kw * v.plant.inverters if v.plant.running else 0.0,
    30041: lambda v: v.flows.charge_cap_kw,
    30043: lambda v: 0.6 * v.plant.inverter_kw * v.plant.inverters,
    30045: lambda v: 0.6 * v.plant.inverter_kw * v.plant.inverters,
    30047: lambda v: v.flows.charge_cap_kw,
    30049: lambda v: v.flows.discharge_cap_kw,
    30051: lambda v: 1 if v.plant.running else 3,
    30052: lambda v: v.flows.grid_kw / 3,
    30054: lambda v: v.flows.grid_kw / 3,
    30056: lambda v: v.flows.grid_kw / 3,
    30064: _available_charge_kwh,
    30066: _available_discharge_kwh,
    30068: lambda v: v.plant.rated_charge_kw,
    30070: lambda v: v.plant.rated_discharge_kw,
    30083: lambda v: v.plant.capacity_kwh,
    30085: lambda v: v.plant.controls.charge_cutoff_soc,
    30086: lambda v: v.plant.controls.discharge_cutoff_soc,
    30087: lambda v: v.plant.soh,
    30088: lambda v: v.plant.inverter_sum("pv_total"),
    30092: lambda v: v.plant.energy.load_today,
    30094: lambda v: v.plant.energy.load_total,
    30200: lambda v: v.plant.inverter_sum("charge_total"),
    30204: lambda v: v.plant.inverter_sum("discharge_total"),
    30216: lambda v: v.plant.energy.grid_import_total,
    30220: lambda v: v.plant.energy.grid_export_total,
    30228: lambda v: v.plant.energy.load_since_start,
    30236: lambda v: v.plant.energy.pv_since_start,
    30244: lambda v: v.plant.energy.charge_since_start,
    30248: lambda v: v.plant.energy.discharge_since_start,
    30260: lambda v: v.plant.energy.import_since_start,
    30264: lambda v: v.plant.energy.export_since_start,
    30272: lambda v: v.plant.inverter_sum("pv_today"),
    30274: lambda v: v.plant.energy.pv_yesterday,
    30276: lambda v: GRID_HZ,
    30277: lambda v: PHASE_VOLTAGE_V,
    30279: lambda v: 100.0,
    30282: lambda v: v.flows.load_kw,
    30284: lambda v: v.flows.load_kw,
    30286: lambda v: v.plant.cell_temp_c,
}

_INVERTER: dict[int, Provider] = {
    30500: lambda v: v.config.model,
    30515: lambda v: serial_for(v.config, v.index + 1),
    30525: lambda v: v.config.firmware,
    30540: lambda v: v.plant.inverter_kw,
    30542: lambda v: v.plant.inverter_kw,
    30544: lambda v: v.plant.inverter_kw,
    30546: lambda v: v.plant.inverter_kw,
    30548: lambda v: v.plant.capacity_kwh * v.share,
    30550: lambda v: v.plant.rated_charge_kw * v.share,
    30552: lambda v: v.plant.rated_discharge_kw * v.share,
    30566: _counter("charge_today"),
    30568: _counter("charge_total"),
    30572: _counter("discharge_today"),
    30574: _counter("discharge_total"),
    30578: lambda v: 1 if v.plant.running else 3,
    30579: lambda v: v.plant.inverter_kw,
    30581: lambda v: -v.plant.inverter_kw,
    30583: lambda v: 0.6 * v.plant.inverter_kw,
    30585: lambda v: 0.6 * v.plant.inverter_kw,
    30587: lambda v: v.ac_kw * v.share,
    30591: lambda v: v.flows.charge_cap_kw * v.share,
    30593: lambda v: v.flows.discharge_cap_kw * v.share,
    30595: lambda v: _available_charge_kwh(v) * v.share,
    30597: lambda v: _available_discharge_kwh(v) * v.share,
    30599: lambda v: v.flows.battery_kw * v.share,
    30601: lambda v: v.plant.soc,
    30602: lambda v: v.plant.soh,
    30603: lambda v: v.plant.cell_temp_c,
    30604: lambda v: 3.2 + 0.15 * v.plant.soc / 100,  # LFP cell, gently rising with SoC
    30613: _setpoint_feedback,
    30619: lambda v: 1.0,
    30620: lambda v: v.plant.cell_temp_c + 1.5,
    30621: lambda v: v.plant.cell_temp_c - 1.0,
    30622: lambda v: 3.21 + 0.15 * v.plant.soc / 100,
    30623: lambda v: 3.19 + 0.15 * v.plant.soc / 100,
    31000: lambda v: PHASE_VOLTAGE_V,
    31001: lambda v: GRID_HZ,
    31002: lambda v: GRID_HZ,
    31003: lambda v: v.plant.pcs_temp_c,
    31004: lambda v: 2,  # L1/L2/L3/N ("TP" models)
    31005: lambda v: LINE_VOLTAGE_V,
    31007: lambda v: LINE_VOLTAGE_V,
    31009: lambda v: LINE_VOLTAGE_V,
    31011: lambda v: PHASE_VOLTAGE_V,
    31013: lambda v: PHASE_VOLTAGE_V,
    31015: lambda v: PHASE_VOLTAGE_V,
    31017: _phase_current,
    31019: _phase_current,
    31021: _phase_current,
    31023: lambda v: 1.0,
    31024: lambda v: max(1, round(v.plant.capacity_kwh * v.share / PACK_KWH)),
    31025: lambda v: 2,
    31026: lambda v: 2,
    31027: _pv_string_voltage,
    31028: _pv_string_current,
    31029: _pv_string_voltage,
    31030: _pv_string_current,
    31035: lambda v: v.flows.pv_kw * v.share,
    31037: lambda v: 5.0,
    31038: lambda v: int(v.plant.start_time.timestamp()),
    31509: _counter("pv_today"),
    31511: _counter("pv_total"),
}

PLANT_VALUES: Final[Mapping[int, Provider]] = MappingProxyType(_PLANT)
INVERTER_VALUES: Final[Mapping[int, Provider]] = MappingProxyType(_INVERTER)
