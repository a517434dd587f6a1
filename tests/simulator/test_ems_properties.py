"""Property tests: the EMS dispatch and the integrator never break physical invariants."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st
import pytest

from simulator import Simulator
from simulator.ems import VALID_MODES, Controls, Inputs, dispatch, effective_mode

from .conftest import NIGHT, make_config

pytestmark = pytest.mark.pymodbus_compat

EPS = 1e-6
kw = st.floats(min_value=0.0, max_value=15.0, allow_nan=False)
limit = st.none() | kw
soc = st.floats(min_value=0.0, max_value=100.0, allow_nan=False)

controls_strategy = st.builds(
    Controls,
    running=st.booleans(),
    remote_enabled=st.booleans(),
    mode=st.sampled_from(sorted(VALID_MODES)),
    active_power_target_kw=st.floats(min_value=-12.0, max_value=12.0, allow_nan=False),
    charge_limit_kw=limit,
    discharge_limit_kw=limit,
    pv_limit_kw=limit,
    grid_export_limit_kw=limit,
    grid_import_limit_kw=limit,
    pcs_export_limit_kw=limit,
    pcs_import_limit_kw=limit,
    backup_soc=soc,
    charge_cutoff_soc=soc,
    discharge_cutoff_soc=soc,
)
inputs_strategy = st.builds(
    Inputs,
    pv_available_kw=kw,
    load_kw=st.floats(min_value=0.0, max_value=8.0, allow_nan=False),
    soc=soc,
    rated_charge_kw=st.just(5.0),
    rated_discharge_kw=st.just(5.0),
    inverter_kw=st.just(10.0),
)


@settings(max_examples=400, deadline=None)
@given(inputs=inputs_strategy, controls=controls_strategy, global_limits=st.booleans())
def test_dispatch_invariants(inputs: Inputs, controls: Controls, global_limits: bool) -> None:
    flows = dispatch(inputs, controls, global_limits)
    assert flows.grid_kw == pytest.approx(flows.load_kw - flows.pv_kw + flows.battery_kw)
    assert -EPS <= flows.pv_kw <= inputs.pv_available_kw + EPS
    assert -flows.discharge_cap_kw - EPS <= flows.battery_kw <= flows.charge_cap_kw + EPS
    assert flows.charge_cap_kw <= inputs.rated_charge_kw + EPS
    assert flows.discharge_cap_kw <= inputs.rated_discharge_kw + EPS
    if inputs.soc >= controls.charge_cutoff_soc:
        assert flows.battery_kw <= EPS
    if inputs.soc <= max(controls.discharge_cutoff_soc, controls.backup_soc):
        assert flows.battery_kw >= -EPS
    assert flows.inverter_ac_kw <= inputs.inverter_kw + EPS
    if controls.grid_export_limit_kw is not None:
        assert -flows.grid_kw <= controls.grid_export_limit_kw + EPS
    if controls.grid_import_limit_kw is not None and flows.grid_kw > (
        controls.grid_import_limit_kw + EPS
    ):
        assert flows.battery_kw <= EPS  # never charge while the import cap is exceeded
    if global_limits:
        if controls.charge_limit_kw is not None:
            assert flows.battery_kw <= controls.charge_limit_kw + EPS
        if controls.discharge_limit_kw is not None:
            assert -flows.battery_kw <= controls.discharge_limit_kw + EPS
        if controls.pv_limit_kw is not None:
            assert flows.pv_kw <= controls.pv_limit_kw + EPS
    if not controls.running:
        assert (flows.pv_kw, flows.battery_kw) == (0.0, 0.0)
    if controls.running and effective_mode(controls) == 1:
        assert flows.battery_kw == 0.0  # standby


@settings(max_examples=12, deadline=None)
@given(
    mode=st.sampled_from(sorted(VALID_MODES)),
    start_soc=st.floats(min_value=0.0, max_value=100.0),
    cutoff=st.floats(min_value=50.0, max_value=100.0),
    floor=st.floats(min_value=0.0, max_value=50.0),
    hours=st.integers(min_value=1, max_value=8),
)
def test_integration_keeps_soc_in_window_and_counters_rising(
    mode: int, start_soc: float, cutoff: float, floor: float, hours: int
) -> None:
    sim = Simulator(make_config(start_time=NIGHT, soc=start_soc))
    sim.set_value("ess_charge_cutoff_soc", round(cutoff, 1))
    sim.set_value("ess_discharge_cutoff_soc", round(floor, 1))
    sim.set_value("remote_ems_enable", 1)
    sim.set_value("remote_ems_control_mode", mode)
    low = min(start_soc, sim.plant.discharge_floor_soc)
    high = max(start_soc, sim.plant.controls.charge_cutoff_soc)
    keys = ("plant_pv_energy_total", "plant_grid_import_energy_total", "plant_load_energy_total")
    before = [sim.value(k) for k in keys]
    for _ in range(hours):
        sim.step(3600)
        assert low - EPS <= sim.plant.soc <= high + EPS
    after = [sim.value(k) for k in keys]
    for a, b in zip(before, after, strict=True):
        assert isinstance(a, float)
        assert isinstance(b, float)
        assert b >= a
