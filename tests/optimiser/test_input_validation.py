"""Impossible inputs are refused by name before any planning: the runtime shows that message."""

from __future__ import annotations

import math

import numpy as np
import pytest

from custom_components.sigenstor.optimiser import DemandCharge, Horizon, PlanError, Site, plan

from .helpers import START, battery, horizon


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"max_charge_kw": -1.0}, "battery power limits must be >= 0"),
        ({"max_discharge_kw": math.nan}, "battery power limits must be >= 0"),
        ({"wear_cost_per_kwh": -0.01}, "wear cost must be a finite number >= 0"),
        ({"wear_cost_per_kwh": math.inf}, "wear cost must be a finite number >= 0"),
    ],
)
def test_impossible_battery_limits_are_refused(kwargs: dict[str, float], message: str) -> None:
    with pytest.raises(PlanError, match=message):
        plan(horizon([0.1, 0.2]), battery(**kwargs), soc_now=0.5)


@pytest.mark.parametrize("site", [Site(export_limit_kw=-1.0), Site(import_limit_kw=math.nan)])
def test_negative_or_missing_grid_limits_are_refused(site: Site) -> None:
    with pytest.raises(PlanError, match="grid limits must be >= 0"):
        plan(horizon([0.1, 0.2]), battery(), soc_now=0.5, site=site)


@pytest.mark.parametrize(
    "demand", [DemandCharge(rate_per_kw=-1.0), DemandCharge(rate_per_kw=1.0, peak_so_far_kw=-2.0)]
)
def test_negative_demand_charge_inputs_are_refused(demand: DemandCharge) -> None:
    h = Horizon.build(
        START,
        durations_h=[1, 1],
        buy=[0.1, 0.2],
        sell=[0.0, 0.0],
        pv_kw=[0, 0],
        load_kw=[1, 1],
        demand_window=[True, True],
    )
    with pytest.raises(PlanError, match="demand rate and peak so far must be >= 0"):
        plan(h, battery(), soc_now=0.5, demand=demand)


def test_an_empty_horizon_is_refused() -> None:
    empty = Horizon.build(START, durations_h=[], buy=[], sell=[], pv_kw=[], load_kw=[])
    with pytest.raises(PlanError, match="horizon has no steps"):
        plan(empty, battery(), soc_now=0.5)


def test_a_demand_window_of_the_wrong_length_is_refused() -> None:
    h = Horizon.build(
        START,
        durations_h=[1, 1],
        buy=[0.1, 0.2],
        sell=[0.0, 0.0],
        pv_kw=[0, 0],
        load_kw=[0, 0],
        demand_window=[True],
    )
    with pytest.raises(PlanError, match="demand_window must have one flag per step"):
        plan(h, battery(), soc_now=0.5)


@pytest.mark.parametrize(("pv", "load"), [([-0.5, 0.0], [0.0, 0.0]), ([0.0, 0.0], [0.0, -1.0])])
def test_negative_solar_or_load_is_refused(pv: list[float], load: list[float]) -> None:
    with pytest.raises(PlanError, match="pv_kw and load_kw must be >= 0"):
        plan(horizon([0.1, 0.2], pv=pv, load=load), battery(), soc_now=0.5)


def test_an_infinite_import_cap_step_is_no_cap() -> None:
    """An infinite import cap is allowed (no cap that step), unlike in every other series."""
    h = Horizon.build(
        START,
        durations_h=[1, 1],
        buy=[0.1, 0.2],
        sell=[0.0, 0.0],
        pv_kw=[0, 0],
        load_kw=[8, 1],
        import_cap_kw=np.array([math.inf, 0.5]),
    )
    first, second = plan(h, battery(), soc_now=0.5).steps
    assert first.grid_kw >= 3.0 - 1e-6  # 8 kW load, at most 5 kW from the battery
    assert second.grid_kw <= 0.5 + 1e-6


@pytest.mark.parametrize("cap", [math.nan, -1.0])
def test_a_missing_or_negative_import_cap_is_refused(cap: float) -> None:
    """NaN compared false everywhere and let any import through; inf alone means no cap."""
    h = Horizon.build(
        START,
        durations_h=[1, 1],
        buy=[0.1, 0.2],
        sell=[0, 0],
        pv_kw=[0, 0],
        load_kw=[1, 1],
        import_cap_kw=[math.inf, cap],
    )
    with pytest.raises(PlanError, match="import_cap_kw"):
        plan(h, battery(), soc_now=0.5)
