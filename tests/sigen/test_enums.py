"""Enum maps and alarm bit decoding."""

import re

import pytest

from custom_components.sigenstor.sigen import enums
from custom_components.sigenstor.sigen.registers import REGISTERS

pytestmark = pytest.mark.pymodbus_compat

SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")


def test_enum_keys_are_registers_and_names_snake_case():
    for key, table in enums.ENUMS.items():
        assert key in REGISTERS
        assert all(SNAKE.match(name) for name in table.values())
        assert len(set(table.values())) == len(table)


def test_documented_values():
    assert enums.option("plant_ems_work_mode", 0) == "max_self_consumption"
    assert enums.option("plant_ems_work_mode", 7) == "remote_ems"
    assert enums.option("plant_ems_work_mode", 3) is None
    assert enums.option("plant_running_state", 7) == "environmental_abnormality"
    assert enums.option("inv_running_state", 2) == "fault"
    assert enums.option("remote_ems_control_mode", 7) is None
    assert enums.option("remote_ems_control_mode", 8) == "v2g"
    assert enums.option("on_off_grid_status", 1) == "off_grid_auto"
    assert enums.option("on_off_grid_status", None) is None
    assert enums.raw_value("remote_ems_control_mode", "command_charging_pv_first") == 4
    with pytest.raises(ValueError, match="unknown option"):
        enums.raw_value("remote_ems_control_mode", "nope")


def test_alarm_tables_cover_all_alarm_registers():
    alarm_keys = {k for k in REGISTERS if "alarm" in k and not k.startswith("grid_loss")}
    assert set(enums.ALARM_BITS) == alarm_keys
    assert len(alarm_keys) == 12
    for table in enums.ALARM_BITS.values():
        assert all(0 <= bit < 16 for bit in table)
        assert all(SNAKE.match(name) for name in table.values())
    # Merged plant words share the inverter appendix tables.
    for n in range(1, 6):
        assert enums.ALARM_BITS[f"plant_merged_alarm_{n}"] == enums.ALARM_BITS[f"inv_alarm_{n}"]
    # Names are unique across words so they can be listed together.
    names = [
        name
        for key, table in enums.ALARM_BITS.items()
        if key.startswith("plant")
        for name in table.values()
    ]
    assert len(names) == len(set(names))


def test_active_alarms():
    assert enums.active_alarms("inv_alarm_1", 0) == []
    assert enums.active_alarms("inv_alarm_1", None) == []
    assert enums.active_alarms("plant_merged_alarm_1", (1 << 9) | (1 << 2)) == [
        "pcs_over_temperature",
        "grid_outage",
    ]
    assert enums.active_alarms("inv_alarm_3", 1 << 6) == ["ess_thermal_runaway"]
    assert enums.active_alarms("plant_merged_alarm_2", 1 << 6) == ["unknown_bit_6"]
    assert enums.active_alarms("plant_merged_alarm_7", 0b11) == ["ovgr_fault", "rpr_fault"]
