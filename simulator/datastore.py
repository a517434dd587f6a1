"""Register image built from the shared V2.9 map: values -> words via the codec, writes -> state.

Choices where the device's behaviour is not documented (stated here so tests can rely on them):
* Reads may use 0x03 or 0x04 on both 3xxxx and 4xxxx addresses (the vendor's own examples do).
* A read must lie inside one documented block; words in reserved gaps read as 0, anything
  outside a block answers 0x02. Write-only registers read as 0.
* A write must cover whole registers that are writable; a read-only address, a reserved word
  or half of a two-word register answers 0x02. A value outside a register's documented set
  (e.g. 40031 = 7, an SOC above 100 %) answers 0x03.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Mapping
from typing import Final

from custom_components.sigenstor.sigen import codec
from custom_components.sigenstor.sigen.codec import Value
from custom_components.sigenstor.sigen.registers import (
    PLANT_UNIT_ID,
    REGISTERS,
    Access,
    Device,
    Register,
    registers_for,
)

from .config import SimConfig
from .ems import (
    DEFAULT_BACKUP_SOC,
    DEFAULT_CHARGE_CUTOFF_SOC,
    DEFAULT_DISCHARGE_CUTOFF_SOC,
    VALID_MODES,
    Controls,
)
from .plant import PlantState
from .server import ILLEGAL_ADDRESS, ILLEGAL_VALUE, ModbusError
from .values import INVERTER_VALUES, PLANT_VALUES, View

# Documented address blocks (sigen_modbus.md §3, V2.9), end exclusive. Reserved words inside
# them (30073-30082, 30554-30565, 30610-30612, 40026-40028, 40069-40156, 41500) read as 0.
BLOCKS: Final[Mapping[Device, tuple[tuple[int, int], ...]]] = {
    Device.PLANT: ((30000, 30287), (40000, 40160)),
    Device.INVERTER: (
        (30500, 30624),
        (31000, 31106),
        (31509, 31513),
        (40500, 40502),
        (41500, 41508),
    ),
}
_HOLDING_START: Final = 40000
_ON_OFF: Final = frozenset({0, 1})


def _in_set(allowed: frozenset[int]) -> Callable[[Value], bool]:
    """Validator: the value is one of `allowed`."""
    return lambda value: value in allowed


def _percent(value: Value) -> bool:
    """Validator: an SOC percentage."""
    return isinstance(value, int | float) and 0 <= value <= 100


VALIDATORS: Final[Mapping[str, Callable[[Value], bool]]] = {
    "plant_start_stop": _in_set(_ON_OFF),
    "remote_ems_enable": _in_set(_ON_OFF),
    "independent_phase_control_enable": _in_set(_ON_OFF),
    "remote_ems_control_mode": _in_set(VALID_MODES),
    "ess_backup_soc": _percent,
    "ess_charge_cutoff_soc": _percent,
    "ess_discharge_cutoff_soc": _percent,
    "inv_start_stop": _in_set(_ON_OFF),
}
# Holding registers that start at something other than all zeros.
_DEFAULTS: Final[Mapping[str, Value]] = {
    "plant_start_stop": 1,
    "remote_ems_control_mode": 2,
    "ess_max_charge_limit": None,
    "ess_max_discharge_limit": None,
    "pv_max_power_limit": None,
    "grid_export_limit": None,
    "grid_import_limit": None,
    "pcs_export_limit": None,
    "pcs_import_limit": None,
    "ess_backup_soc": DEFAULT_BACKUP_SOC,
    "ess_charge_cutoff_soc": DEFAULT_CHARGE_CUTOFF_SOC,
    "ess_discharge_cutoff_soc": DEFAULT_DISCHARGE_CUTOFF_SOC,
    "inv_start_stop": 1,
}


class RegisterImage:
    """Register image of the plant (unit 247) and N inverters (1..N) over one PlantState."""

    def __init__(self, plant: PlantState, config: SimConfig) -> None:
        self._plant = plant
        self._config = config
        self._sorted: dict[Device, list[Register]] = {}
        self._starts: dict[Device, list[int]] = {}
        self._writable: dict[Device, dict[int, Register]] = {}
        for device in Device:
            regs = list(registers_for(device))
            self._sorted[device] = regs
            self._starts[device] = [r.address for r in regs]
            self._writable[device] = {
                r.address: r for r in regs if r.writable and r.address >= _HOLDING_START
            }
        # Stored words of every writable register, per unit (the device's configuration).
        self._holding: dict[int, dict[int, list[int]]] = {}
        for unit in self.unit_ids:
            device = self.device_of(unit)
            self._holding[unit] = {
                r.address: codec.encode(r, _DEFAULTS.get(r.key, 0))
                for r in self._writable[device].values()
            }
        self._pins: dict[tuple[int, int], Value] = {}
        self._plant.controls = self._controls()

    # --- units --------------------------------------------------------------------------------
    @property
    def unit_ids(self) -> tuple[int, ...]:
        """Unit ids that answer: the inverters 1..N and the plant."""
        return (*range(1, self._config.inverters + 1), PLANT_UNIT_ID)

    def has_unit(self, unit_id: int) -> bool:
        """Whether a unit id answers at all."""
        return unit_id == PLANT_UNIT_ID or 1 <= unit_id <= self._config.inverters

    def device_of(self, unit_id: int) -> Device:
        """Device kind behind a unit id (0, the broadcast id, addresses the plant)."""
        return Device.INVERTER if 1 <= unit_id <= self._config.inverters else Device.PLANT

    def _unit_for(self, register: Register, unit_id: int | None) -> int:
        """Default unit for a register; ValueError when the unit cannot carry it."""
        if unit_id is None:
            return PLANT_UNIT_ID if register.device is Device.PLANT else 1
        if not self.has_unit(unit_id) or self.device_of(unit_id) is not register.device:
            raise ValueError(f"{register.key} is not served on unit {unit_id}")
        return unit_id

    # --- reads --------------------------------------------------------------------------------
    def read(self, unit_id: int, address: int, count: int) -> list[int]:
        """Words at [address, address+count); ModbusError(0x02) outside a documented block."""
        device = self.device_of(unit_id)
        end = address + count
        if not any(lo <= address and end <= hi for lo, hi in BLOCKS[device]):
            raise ModbusError(ILLEGAL_ADDRESS)
        words = [0] * count
        view = self._view(unit_id)
        regs, starts = self._sorted[device], self._starts[device]
        i = max(bisect_right(starts, address) - 1, 0)
        while i < len(regs) and regs[i].address < end:
            reg = regs[i]
            i += 1
            if reg.end <= address:
                continue
            reg_words = self._words(unit_id, reg, view)
            for offset, word in enumerate(reg_words):
                pos = reg.address + offset
                if address <= pos < end:
                    words[pos - address] = word
        return words

    def _view(self, unit_id: int) -> View:
        """Provider context for one read."""
        index = unit_id - 1 if self.device_of(unit_id) is Device.INVERTER else 0
        return View(self._plant, self._plant.flows(), self._config, index)

    def _words(self, unit_id: int, reg: Register, view: View) -> list[int]:
        """Current words of one register."""
        pinned = (unit_id, reg.address)
        if pinned in self._pins:
            return codec.encode(reg, self._pins[pinned])
        if reg.access is Access.WO:
            return [0] * reg.count
        if reg.address in self._holding.get(unit_id, {}):
            return list(self._holding[unit_id][reg.address])
        table = PLANT_VALUES if reg.device is Device.PLANT else INVERTER_VALUES
        provider = table.get(reg.address)
        value: Value = provider(view) if provider is not None else None
        if value is None:
            return [0] * reg.count
        try:
            return codec.encode(reg, value)
        except ValueError:
            return [0] * reg.count  # e.g. a negative value in an unsigned register

    # --- writes -------------------------------------------------------------------------------
    def write(self, unit_id: int, address: int, words: list[int], *, apply: bool) -> None:
        """Validate a write of whole writable registers and apply it when `apply`."""
        target = PLANT_UNIT_ID if unit_id == 0 else unit_id
        writable = self._writable[self.device_of(target)]
        changes: list[tuple[Register, list[int]]] = []
        pos, end = address, address + len(words)
        while pos < end:
            reg = writable.get(pos)
            if reg is None or reg.end > end:
                raise ModbusError(ILLEGAL_ADDRESS)
            chunk = words[pos - address : reg.end - address]
            validator = VALIDATORS.get(reg.key)
            if validator is not None and not validator(codec.decode(reg, chunk)):
                raise ModbusError(ILLEGAL_VALUE)
            changes.append((reg, chunk))
            pos = reg.end
        if apply:
            self._apply(target, changes)

    def _apply(self, unit_id: int, changes: list[tuple[Register, list[int]]]) -> None:
        """Store words and let the plant react."""
        before = self._plant.controls
        for reg, chunk in changes:
            self._holding[unit_id][reg.address] = list(chunk)
        if unit_id != PLANT_UNIT_ID:
            return
        controls = self._controls()
        if before.remote_enabled and not controls.remote_enabled:
            # Releasing remote EMS returns the plant to max self-consumption, not to the
            # owner's earlier app mode (sigen_modbus.md §6.1, anchor issue #214).
            self._plant.app_mode = 0
        self._plant.controls = controls

    def _decoded(self, key: str) -> Value:
        """Stored engineering value of a plant holding register."""
        reg = REGISTERS[key]
        return codec.decode(reg, self._holding[PLANT_UNIT_ID][reg.address])

    def _controls(self) -> Controls:
        """Controls as currently configured on the plant."""

        def kw(key: str) -> float | None:
            value = self._decoded(key)
            return float(value) if isinstance(value, int | float) else None

        def num(key: str) -> float:
            value = self._decoded(key)
            return float(value) if isinstance(value, int | float) else 0.0

        return Controls(
            running=self._decoded("plant_start_stop") == 1,
            remote_enabled=self._decoded("remote_ems_enable") == 1,
            mode=int(num("remote_ems_control_mode")),
            active_power_target_kw=num("plant_active_power_setpoint"),
            charge_limit_kw=kw("ess_max_charge_limit"),
            discharge_limit_kw=kw("ess_max_discharge_limit"),
            pv_limit_kw=kw("pv_max_power_limit"),
            grid_export_limit_kw=kw("grid_export_limit"),
            grid_import_limit_kw=kw("grid_import_limit"),
            pcs_export_limit_kw=kw("pcs_export_limit"),
            pcs_import_limit_kw=kw("pcs_import_limit"),
            backup_soc=num("ess_backup_soc"),
            charge_cutoff_soc=num("ess_charge_cutoff_soc"),
            discharge_cutoff_soc=num("ess_discharge_cutoff_soc"),
        )

    # --- test API -----------------------------------------------------------------------------
    def set_value(self, key: str, value: Value, unit_id: int | None = None) -> None:
        """Writable registers: configure as if written. Read-only ones: pin the value."""
        reg = REGISTERS[key]
        unit = self._unit_for(reg, unit_id)
        words = codec.encode(reg, value)  # ValueError for values the register cannot carry
        if reg.writable:
            try:
                self.write(unit, reg.address, words, apply=True)
            except ModbusError as err:
                raise ValueError(f"{key}: {value!r} rejected ({err})") from err
            return
        self._pins[(unit, reg.address)] = value

    def clear_value(self, key: str, unit_id: int | None = None) -> None:
        """Drop a pin so the register follows the physics again."""
        reg = REGISTERS[key]
        self._pins.pop((self._unit_for(reg, unit_id), reg.address), None)

    def clear_pins(self) -> None:
        """Drop every pin."""
        self._pins.clear()

    def value(self, key: str, unit_id: int | None = None) -> Value:
        """What a read of this register would return now, decoded."""
        reg = REGISTERS[key]
        unit = self._unit_for(reg, unit_id)
        return codec.decode(reg, self._words(unit, reg, self._view(unit)))
