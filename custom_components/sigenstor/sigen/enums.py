"""Enumerations and alarm bit names from the V2.9 appendices (sigen_modbus.md §5)."""

from __future__ import annotations

from types import MappingProxyType
from typing import TYPE_CHECKING, Final

from .codec import bits

if TYPE_CHECKING:
    from collections.abc import Mapping


def _frozen(table: dict[int, str]) -> Mapping[int, str]:
    """Read-only view of a raw-value table."""
    return MappingProxyType(table)


# 30003, read-only. 6 (VPP scheduling) is not in any document but reported in the field.
EMS_WORK_MODE: Final = _frozen(
    {
        0: "max_self_consumption",
        1: "ai_mode",
        2: "tou",
        5: "full_feed_in",
        6: "vpp",
        7: "remote_ems",
        9: "custom",
    }
)
# Appendix 1: 30051 plant, 30578 inverter.
RUNNING_STATE: Final = _frozen(
    {0: "standby", 1: "running", 2: "fault", 3: "shutdown", 7: "environmental_abnormality"}
)
# Appendix 6: 40031 (7 is reserved).
REMOTE_EMS_CONTROL_MODE: Final = _frozen(
    {
        0: "pcs_remote_control",
        1: "standby",
        2: "max_self_consumption",
        3: "command_charging_grid_first",
        4: "command_charging_pv_first",
        5: "command_discharging_pv_first",
        6: "command_discharging_ess_first",
        8: "v2g",
    }
)
# 30009.
ON_OFF_GRID: Final = _frozen({0: "on_grid", 1: "off_grid_auto", 2: "off_grid_manual"})
# 30004.
GRID_SENSOR_STATUS: Final = _frozen({0: "disconnected", 1: "connected"})
# 31004.
OUTPUT_TYPE: Final = _frozen({0: "l_n", 1: "l1_l2_l3", 2: "l1_l2_l3_n", 3: "l1_l2_n"})

ENUMS: Final[Mapping[str, Mapping[int, str]]] = MappingProxyType(
    {
        "plant_ems_work_mode": EMS_WORK_MODE,
        "plant_running_state": RUNNING_STATE,
        "inv_running_state": RUNNING_STATE,
        "remote_ems_control_mode": REMOTE_EMS_CONTROL_MODE,
        "on_off_grid_status": ON_OFF_GRID,
        "grid_sensor_status": GRID_SENSOR_STATUS,
        "inv_output_type": OUTPUT_TYPE,
    }
)


def option(key: str, raw: object) -> str | None:
    """Option name for a raw enum value of register `key`; None when unknown or unset."""
    table = ENUMS[key]
    return table.get(raw) if isinstance(raw, int) else None


def raw_value(key: str, name: str) -> int:
    """Raw value for an option name of register `key`; ValueError when unknown."""
    for raw, option_name in ENUMS[key].items():
        if option_name == name:
            return raw
    raise ValueError(f"{key}: unknown option {name!r}")


# Appendix 2: PCS alarm word 1 (30605, merged 30027).
_PCS_1 = _frozen(
    {
        0: "pcs_software_version_mismatch",
        1: "pcs_low_insulation_resistance",
        2: "pcs_over_temperature",
        3: "pcs_equipment_fault",
        4: "system_grounding_fault",
        5: "pv_string_overvoltage",
        6: "pv_string_reversed",
        7: "pv_string_backfeed",
        8: "afci_fault",
        9: "grid_outage",
        10: "grid_overvoltage",
        11: "grid_undervoltage",
        12: "grid_overfrequency",
        13: "grid_underfrequency",
        14: "grid_voltage_imbalance",
        15: "output_dc_component_too_high",
    }
)
# Appendix 3: PCS alarm word 2 (30606, merged 30028); bit 6 is undefined in every version.
_PCS_2 = _frozen(
    {
        0: "leakage_current",
        1: "communication_abnormal",
        2: "pcs_internal_protection",
        3: "afci_self_check_fault",
        4: "off_grid_protection",
        5: "manual_operation_protection",
        7: "phase_sequence_abnormal",
        8: "short_to_pe",
        9: "soft_start_failure",
    }
)
# Appendix 4: ESS alarm word (30607, merged 30029).
_ESS = _frozen(
    {
        0: "ess_software_version_mismatch",
        1: "ess_low_insulation_resistance",
        2: "ess_over_temperature",
        3: "ess_equipment_fault",
        4: "ess_under_temperature",
        5: "ess_internal_protection",
        6: "ess_thermal_runaway",
    }
)
# Appendix 5: gateway alarm word (30608, merged 30030).
_GATEWAY = _frozen(
    {
        0: "gateway_software_version_mismatch",
        1: "gateway_over_temperature",
        2: "gateway_equipment_fault",
        3: "off_grid_output_leakage",
        4: "n_line_grounding_fault",
        5: "grid_wiring_phase_sequence",
        6: "inverter_wiring_phase_sequence",
        7: "grid_phase_loss",
    }
)
# Appendix 11: DC charger alarm word (30609, merged 30072).
_DC_CHARGER = _frozen(
    {
        0: "dc_charger_software_version_mismatch",
        1: "dc_charger_low_insulation_resistance",
        2: "dc_charger_over_temperature",
        3: "dc_charger_equipment_fault",
        4: "dc_charger_charging_fault",
        5: "dc_charger_equipment_protection",
    }
)
# Appendix 12: plant alarm word 6 (30280).
_PLANT_6 = _frozen(
    {
        0: "gateway_communication_fault",
        1: "meter_communication_fault",
        2: "ac_power_sensor_communication_fault",
        6: "hard_grid_feed_limit_exceeded",
        8: "generator_start_failure",
        10: "cls_fault",
    }
)
# Appendix 13: plant alarm word 7 (30281).
_PLANT_7 = _frozen({0: "ovgr_fault", 1: "rpr_fault"})

ALARM_BITS: Final[Mapping[str, Mapping[int, str]]] = MappingProxyType(
    {
        "plant_merged_alarm_1": _PCS_1,
        "plant_merged_alarm_2": _PCS_2,
        "plant_merged_alarm_3": _ESS,
        "plant_merged_alarm_4": _GATEWAY,
        "plant_merged_alarm_5": _DC_CHARGER,
        "plant_merged_alarm_6": _PLANT_6,
        "plant_merged_alarm_7": _PLANT_7,
        "inv_alarm_1": _PCS_1,
        "inv_alarm_2": _PCS_2,
        "inv_alarm_3": _ESS,
        "inv_alarm_4": _GATEWAY,
        "inv_alarm_5": _DC_CHARGER,
    }
)


def active_alarms(key: str, word: int | None) -> list[str]:
    """Names of the alarms set in an alarm word; undocumented bits appear as `unknown_bit_N`."""
    if word is None:
        return []
    names = ALARM_BITS[key]
    return [names.get(bit, f"unknown_bit_{bit}") for bit in bits(word)]
