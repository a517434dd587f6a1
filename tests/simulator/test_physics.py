"""Plant physics and Remote EMS semantics, stepped deterministically (no sockets needed)."""

from __future__ import annotations

from datetime import datetime
import itertools

import pytest

from simulator import Simulator

from .conftest import NIGHT, NOON, TZ, make_config

pytestmark = pytest.mark.pymodbus_compat

OLD_FIRMWARE = "V100R001C00SPC112"


def _sim(**overrides) -> Simulator:
    return Simulator(make_config(**overrides))


def _num(sim: Simulator, key: str, unit: int | None = None) -> float:
    value = sim.value(key, unit)
    assert isinstance(value, int | float), (key, value)
    return float(value)


def _take_control(sim: Simulator, mode: int, **limits: float) -> None:
    sim.set_value("remote_ems_enable", 1)
    sim.set_value("remote_ems_control_mode", mode)
    for key, value in limits.items():
        sim.set_value(key, value)


def test_pv_follows_the_day_and_load_has_a_base() -> None:
    sim = _sim(start_time=datetime(2026, 1, 15, 0, 0, tzinfo=TZ))
    pv_by_hour = []
    for _ in range(24):
        pv_by_hour.append(sim.plant.pv_available_kw)
        sim.step(3600)
    assert pv_by_hour[0:6] == [0.0] * 6
    assert pv_by_hour[18:] == [0.0] * 6
    assert max(pv_by_hour) == pv_by_hour[12] or max(pv_by_hour) in pv_by_hour[11:14]
    assert 0.6 * 10 < max(pv_by_hour) <= 10.0
    night_load = _sim(start_time=NIGHT).plant.load_kw
    assert 0.3 < night_load < 0.5
    evening_load = _sim(start_time=datetime(2026, 1, 15, 19, 0, tzinfo=TZ)).plant.load_kw
    assert evening_load > 1.5


def test_deterministic_for_a_seed_and_noise_depends_on_it() -> None:
    a, b, c = _sim(seed=1), _sim(seed=1), _sim(seed=2)
    for sim in (a, b, c):
        sim.step(5400)
    assert a.value("plant_pv_energy_total") == b.value("plant_pv_energy_total")
    assert a.value("plant_ess_soc") == b.value("plant_ess_soc")
    assert a.plant.pv_available_kw != c.plant.pv_available_kw


def test_self_consumption_balances_grid() -> None:
    sim = _sim()
    sim.plant.pv_kw = 6.0
    sim.plant.load_kw = 1.0
    assert _num(sim, "plant_ess_power") == pytest.approx(5.0)  # rated 5 kW for a 10 kW model
    assert _num(sim, "grid_active_power") == pytest.approx(0.0)
    sim.plant.pv_kw = 8.0
    assert _num(sim, "grid_active_power") == pytest.approx(-2.0)  # surplus beyond rated exported
    sim.plant.pv_kw = 0.0
    assert _num(sim, "plant_ess_power") == pytest.approx(-1.0)
    assert _num(sim, "grid_active_power") == pytest.approx(0.0)
    assert _num(sim, "total_load_power") == pytest.approx(1.0)
    assert sim.value("plant_ems_work_mode") == 0


def test_energy_counters_increase_and_plant_sums_inverters() -> None:
    sim = _sim(inverters=3, start_time=datetime(2026, 1, 15, 5, 0, tzinfo=TZ), soc=6.0)
    keys = [
        "plant_pv_energy_total",
        "plant_load_energy_total",
        "plant_grid_import_energy_total",
        "plant_grid_export_energy_total",
        "plant_ess_charge_energy_total",
        "plant_ess_discharge_energy_total",
        "plant_pv_energy_today",
        "plant_load_energy_today",
    ]
    history = []
    for _ in range(36):  # 05:00 to 23:00 in half hours
        history.append({k: _num(sim, k) for k in keys})
        sim.step(1800)
    for key in keys:
        series = [h[key] for h in history]
        assert all(b >= a for a, b in itertools.pairwise(series)), key
        assert series[-1] > series[0], key
    for plant_key, inverter_key in (
        ("plant_pv_energy_total", "inv_pv_energy_total"),
        ("plant_pv_energy_today", "inv_pv_energy_today"),
        ("plant_ess_charge_energy_total", "inv_ess_charge_energy_total"),
        ("plant_ess_discharge_energy_total", "inv_ess_discharge_energy_total"),
    ):
        total = sum(_num(sim, inverter_key, unit) for unit in (1, 2, 3))
        assert round(total, 2) == round(_num(sim, plant_key), 2), plant_key
    # Energy balance: load = PV + import - export - charge + discharge (battery losses aside).
    first, last = history[0], {k: _num(sim, k) for k in keys}
    delta = {k: last[k] - first[k] for k in keys}
    balance = (
        delta["plant_pv_energy_total"]
        + delta["plant_grid_import_energy_total"]
        - delta["plant_grid_export_energy_total"]
        - delta["plant_ess_charge_energy_total"]
        + delta["plant_ess_discharge_energy_total"]
    )
    assert balance == pytest.approx(delta["plant_load_energy_total"], abs=0.1)


def test_daily_counters_roll_over_at_midnight() -> None:
    sim = _sim(start_time=datetime(2026, 1, 15, 6, 0, tzinfo=TZ))
    sim.step(17 * 3600)  # 23:00
    today = _num(sim, "plant_pv_energy_today")
    assert today > 10
    sim.step(2 * 3600)  # 01:00 next day
    assert _num(sim, "plant_pv_energy_today") == 0.0
    assert _num(sim, "plant_pv_energy_yesterday") == pytest.approx(today, abs=0.01)
    assert _num(sim, "plant_load_energy_today") < 1.0


@pytest.mark.parametrize(
    ("mode", "start", "direction"),
    [
        (1, NOON, 0),  # standby holds the battery
        (2, NOON, 1),  # self-consumption charges from midday surplus
        (2, NIGHT, -1),  # and covers the night load
        (3, NIGHT, 1),  # grid-first charging works at night
        (4, NIGHT, 0),  # PV-first charging has no PV at night
        (4, NOON, 1),
        (5, NOON, -1),
        (6, NIGHT, -1),
    ],
)
def test_soc_direction_per_remote_mode(mode: int, start: datetime, direction: int) -> None:
    sim = _sim(start_time=start)
    _take_control(sim, mode)
    assert sim.value("plant_ems_work_mode") == 7
    before = _num(sim, "plant_ess_soc")
    sim.step(1800)
    after = _num(sim, "plant_ess_soc")
    if direction == 0:
        assert after == pytest.approx(before)
    else:
        assert (after - before) * direction > 0.5


def test_pcs_remote_mode_follows_the_active_power_target() -> None:
    sim = _sim(start_time=NIGHT)
    sim.plant.load_kw = 0.5
    _take_control(sim, 0, plant_active_power_setpoint=-3.0)  # absorb 3 kW from AC
    assert _num(sim, "plant_ess_power") == pytest.approx(3.0)
    assert _num(sim, "grid_active_power") == pytest.approx(3.5)
    assert _num(sim, "inv_active_power_setpoint_feedback") == pytest.approx(-3.0)


def test_charge_rate_and_cutoffs() -> None:
    sim = _sim(start_time=NIGHT, soc=85.0)
    _take_control(sim, 3, ess_max_charge_limit=2.0, ess_charge_cutoff_soc=90.0)
    assert _num(sim, "plant_ess_power") == pytest.approx(2.0)
    assert _num(sim, "plant_ess_charge_cutoff_soc") == pytest.approx(90.0)  # 30085 read-back
    sim.step(4 * 3600)
    assert _num(sim, "plant_ess_soc") == pytest.approx(90.0)
    assert _num(sim, "plant_ess_power") == 0.0
    assert _num(sim, "plant_ess_available_max_charge_power") == 0.0
    # Discharge stops at the higher of the discharge cut-off and the backup SOC.
    sim.set_value("remote_ems_control_mode", 6)
    sim.set_value("ess_discharge_cutoff_soc", 20.0)
    sim.set_value("ess_backup_soc", 30.0)
    assert _num(sim, "plant_ess_discharge_cutoff_soc") == pytest.approx(20.0)  # 30086
    sim.step(6 * 3600)
    assert _num(sim, "plant_ess_soc") == pytest.approx(30.0)
    assert _num(sim, "plant_ess_power") == 0.0


def test_efficiency_loses_energy_both_ways() -> None:
    sim = _sim(start_time=NIGHT, soc=20.0, capacity_kwh=10.0)
    _take_control(sim, 3, ess_max_charge_limit=2.0)
    sim.step(3600)  # 2 kWh in, 1.9 kWh stored
    assert _num(sim, "plant_ess_soc") == pytest.approx(39.0, abs=0.1)
    sim.set_value("remote_ems_control_mode", 6)
    sim.set_value("ess_max_discharge_limit", 1.9)
    sim.step(3600)  # 1.9 kWh out costs 2.0 kWh stored
    assert _num(sim, "plant_ess_soc") == pytest.approx(19.0, abs=0.1)


def test_global_limits_on_v29_firmware() -> None:
    sim = _sim()
    sim.plant.pv_kw = 8.0
    sim.plant.load_kw = 1.0
    sim.set_value("ess_max_charge_limit", 1.5)  # no remote EMS at all
    assert _num(sim, "plant_ess_power") == pytest.approx(1.5)
    sim.set_value("pv_max_power_limit", 4.0)
    assert _num(sim, "plant_pv_power") == pytest.approx(4.0)
    sim.plant.pv_kw = 0.0
    sim.set_value("ess_max_discharge_limit", 0.3)
    assert _num(sim, "plant_ess_power") == pytest.approx(-0.3)


def test_mode_gated_limits_before_spc113() -> None:
    sim = _sim(firmware=OLD_FIRMWARE)
    sim.plant.pv_kw = 8.0
    sim.plant.load_kw = 1.0
    sim.set_value("ess_max_charge_limit", 1.5)
    sim.set_value("pv_max_power_limit", 4.0)
    assert _num(sim, "plant_ess_power") == pytest.approx(5.0)  # ignored outside modes 3/4
    assert _num(sim, "plant_pv_power") == pytest.approx(8.0)  # ignored outside modes 3-6
    _take_control(sim, 2)
    assert _num(sim, "plant_ess_power") == pytest.approx(5.0)  # still ignored in mode 2
    sim.set_value("remote_ems_control_mode", 4)
    assert _num(sim, "plant_ess_power") == pytest.approx(1.5)
    assert _num(sim, "plant_pv_power") == pytest.approx(4.0)
    sim.set_value("ess_max_discharge_limit", 0.5)
    sim.set_value("remote_ems_control_mode", 6)
    assert _num(sim, "plant_ess_power") == pytest.approx(-0.5)
    sim.set_value("remote_ems_control_mode", 2)
    sim.plant.pv_kw = 0.0
    assert _num(sim, "plant_ess_power") == pytest.approx(-1.0)  # 40034 ignored in mode 2


def test_grid_caps_act_at_the_grid_point() -> None:
    sim = _sim()
    sim.plant.pv_kw = 9.0
    sim.plant.load_kw = 1.0
    sim.set_value("grid_export_limit", 1.0)
    assert _num(sim, "grid_active_power") == pytest.approx(-1.0)
    assert _num(sim, "plant_pv_power") == pytest.approx(7.0)  # curtailed: 1 load + 5 battery + 1
    night = _sim(start_time=NIGHT)
    night.plant.load_kw = 1.0
    _take_control(night, 3, grid_import_limit=3.0)
    assert _num(night, "grid_active_power") == pytest.approx(3.0)
    assert _num(night, "plant_ess_power") == pytest.approx(2.0)


def test_release_returns_to_self_consumption_not_the_app_mode() -> None:
    sim = _sim()
    sim.plant.app_mode = 2  # owner chose TOU in the app
    assert sim.value("plant_ems_work_mode") == 2
    _take_control(sim, 6)
    assert sim.value("plant_ems_work_mode") == 7
    sim.set_value("remote_ems_enable", 0)
    assert sim.value("plant_ems_work_mode") == 0
    sim.plant.pv_kw = 0.0
    sim.plant.load_kw = 1.0
    assert _num(sim, "plant_ess_power") == pytest.approx(-1.0)  # self-consumption physics


def test_temperatures_drift_with_power() -> None:
    sim = _sim(start_time=NIGHT, soc=10.0)
    idle = _sim(start_time=NIGHT, soc=10.0)
    _take_control(sim, 3)
    _take_control(idle, 1)
    sim.step(3600)
    idle.step(3600)
    assert _num(sim, "plant_ess_avg_cell_temperature") > _num(
        idle, "plant_ess_avg_cell_temperature"
    )
    assert _num(sim, "inv_pcs_temperature") > _num(idle, "inv_pcs_temperature")


def test_set_value_validation() -> None:
    sim = _sim()
    with pytest.raises(ValueError, match="rejected"):
        sim.set_value("remote_ems_control_mode", 7)
    with pytest.raises(ValueError, match="out of range"):
        sim.set_value("plant_ess_soc", 7000.0)  # does not fit a U16 with gain 10
    with pytest.raises(ValueError, match="not served on unit 247"):
        sim.set_value("inv_ess_soc", 50.0, unit_id=247)
    with pytest.raises(KeyError):
        sim.set_value("no_such_register", 1)
    sim.set_value("inv_alarm_3", 0b100, unit_id=1)
    assert sim.value("inv_alarm_3", 1) == 4
    sim.clear_values()
    assert sim.value("inv_alarm_3", 1) == 0
