"""Register map: generated data matches the CSV, tiers follow the documented rule."""

import csv
import itertools
from pathlib import Path
import subprocess
import sys

import pytest

from custom_components.sigenstor.sigen import registers as reg_map
from custom_components.sigenstor.sigen.registers import Access, DataType, Device, Tier

pytestmark = pytest.mark.pymodbus_compat

ROOT = Path(__file__).resolve().parents[2]
CSV = ROOT.parent / "shared" / "reference" / "sigen_registers.csv"


def test_generated_map_is_fresh():
    if not CSV.exists():
        pytest.skip("reference CSV not available")
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_register_map.py"), str(CSV), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_map_matches_csv_rows():
    if not CSV.exists():
        pytest.skip("reference CSV not available")
    with CSV.open(encoding="utf-8") as handle:
        rows = {
            r["name"]: r
            for r in csv.DictReader(handle)
            if r["group"] in {"plant_read", "plant_write", "inverter_read", "inverter_write"}
            and r["status"] == "current"
            and r["data_type"] != "RESERVED"
            and int(r["address"]) < 50000
        }
    assert set(rows) == set(reg_map.REGISTERS)
    for key, row in rows.items():
        reg = reg_map.get(key)
        assert reg.address == int(row["address"])
        assert reg.count == int(row["count"])
        assert reg.data_type == row["data_type"]
        assert reg.gain == int(row["gain"])
        assert reg.access == row["access"]
        assert reg.since == row["first_doc_version"]
        assert reg.device is (Device.PLANT if row["group"].startswith("plant") else Device.INVERTER)


@pytest.mark.parametrize(
    ("key", "address", "count", "dtype", "gain"),
    [
        ("plant_ess_soc", 30014, 1, DataType.U16, 10),
        ("grid_active_power", 30005, 2, DataType.S32, 1000),
        ("plant_ems_work_mode", 30003, 1, DataType.U16, 1),
        ("plant_grid_import_energy_total", 30216, 4, DataType.U64, 100),
        ("inv_ess_soc", 30601, 1, DataType.U16, 10),
        ("inv_ess_avg_cell_temperature", 30603, 1, DataType.S16, 10),
        ("inv_model", 30500, 15, DataType.STRING, 1),
        ("inv_power_factor", 31023, 1, DataType.S16, 1000),
        ("remote_ems_control_mode", 40031, 1, DataType.U16, 1),
        ("ess_max_charge_limit", 40032, 2, DataType.U32, 1000),
        ("plant_ess_avg_cell_temperature", 30286, 1, DataType.S16, 10),
    ],
)
def test_known_registers(key, address, count, dtype, gain):
    reg = reg_map.get(key)
    assert (reg.address, reg.count, reg.data_type, reg.gain) == (address, count, dtype, gain)


def test_no_overlaps_and_no_preheat():
    regs = sorted(reg_map.REGISTERS.values(), key=lambda r: r.address)
    for left, right in itertools.pairwise(regs):
        assert left.end <= right.address, (left.key, right.key)
    assert all(r.address < 50000 for r in regs)
    assert "grid_phase_a_voltage_prerelease" not in reg_map.REGISTERS


def test_function_codes_and_access():
    assert reg_map.get("plant_ess_soc").function_code == 0x04
    assert reg_map.get("remote_ems_enable").function_code == 0x03
    assert not reg_map.get("plant_ess_soc").writable
    assert reg_map.get("remote_ems_enable").writable
    start = reg_map.get("plant_start_stop")
    assert start.access is Access.WO
    assert start.writable
    assert not start.readable


def test_tier_rule():
    live = {r.key for r in reg_map.REGISTERS.values() if r.tier is Tier.LIVE}
    assert live == reg_map.LIVE_KEYS
    assert reg_map.get("inv_serial").tier is Tier.STATIC
    assert reg_map.get("plant_ess_rated_capacity").tier is Tier.STATIC
    assert reg_map.get("inv_pack_count").tier is Tier.STATIC
    assert reg_map.get("plant_grid_import_energy_total").tier is Tier.SLOW
    assert reg_map.get("inv_ess_avg_cell_temperature").tier is Tier.SLOW
    assert reg_map.get("plant_merged_alarm_1").tier is Tier.SLOW
    assert reg_map.get("ess_max_charge_limit").tier is Tier.SLOW
    # Dynamic "available max" values are not ratings: live, as the owner watches them.
    assert reg_map.get("plant_ess_available_max_charge_power").tier is Tier.LIVE
    assert reg_map.get("inv_pv_power").tier is Tier.SLOW
    assert set(reg_map.REGISTERS) >= reg_map.STATIC_KEYS
    assert all(r.address < 40000 for r in reg_map.REGISTERS.values() if r.tier is not Tier.SLOW)


def test_registers_for_filters_and_sorts():
    plant_live = reg_map.registers_for(Device.PLANT, Tier.LIVE)
    assert plant_live
    assert all(r.device is Device.PLANT and r.tier is Tier.LIVE for r in plant_live)
    assert [r.address for r in plant_live] == sorted(r.address for r in plant_live)
    every = reg_map.registers_for(Device.INVERTER)
    assert {r.key for r in every} == {
        r.key for r in reg_map.REGISTERS.values() if r.device is Device.INVERTER
    }


def test_map_is_read_only():
    with pytest.raises(TypeError):
        reg_map.REGISTERS["x"] = reg_map.get("plant_ess_soc")  # type: ignore[index]
