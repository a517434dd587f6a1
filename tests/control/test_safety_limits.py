"""Safety options: design defaults, hard bounds and clear translated errors."""

from __future__ import annotations

from dataclasses import fields, replace
import math

import pytest

from custom_components.sigenstor.control.limits import (
    HARD_BOUNDS,
    InputError,
    SafetyLimits,
    limits_from_options,
    validate_limits,
)


def test_defaults_are_the_design_guardrails() -> None:
    limits = SafetyLimits()
    assert (limits.min_soc, limits.max_soc) == (5.0, 98.0)
    assert (limits.min_temp_c, limits.max_temp_c) == (0.0, 45.0)
    assert limits.max_step_kw == 1.0
    assert limits.min_write_interval_s == 60.0
    assert limits.max_telemetry_age_s == 30.0
    assert validate_limits(limits) is limits


def test_every_limit_has_hard_bounds_containing_its_default() -> None:
    names = {f.name for f in fields(SafetyLimits)}
    assert set(HARD_BOUNDS) == names
    for name, (low, high) in HARD_BOUNDS.items():
        assert low <= getattr(SafetyLimits(), name) <= high


@pytest.mark.parametrize(
    ("name", "low", "high"),
    [
        ("min_soc", 0, 50),
        ("max_soc", 50, 100),
        ("min_temp_c", -20, 60),
        ("max_temp_c", -20, 60),
        ("max_step_kw", 0.1, 10),
        ("min_write_interval_s", 10, 3600),
    ],
)
def test_documented_hard_bounds(name: str, low: float, high: float) -> None:
    assert HARD_BOUNDS[name] == (low, high)


def _inside(name: str, value: float) -> SafetyLimits:
    """Limits with one field changed, others moved out of the way of cross-field checks."""
    base = SafetyLimits(min_soc=0, max_soc=100, min_temp_c=-20, max_temp_c=60)
    if name == "min_soc":
        base = replace(base, max_soc=100)
    if name == "max_soc":
        base = replace(base, min_soc=0)
    if name == "min_temp_c":
        base = replace(base, max_temp_c=60)
    if name == "max_temp_c":
        base = replace(base, min_temp_c=-20)
    return replace(base, **{name: value})


CASES = [(name, bound) for name, bounds in HARD_BOUNDS.items() for bound in bounds]


@pytest.mark.parametrize(("name", "bound"), CASES)
def test_bounds_are_inclusive(name: str, bound: float) -> None:
    if (name, bound) in {("min_temp_c", 60), ("max_temp_c", -20)}:
        # The extreme meets the other bound: the window would be empty.
        with pytest.raises(InputError, match="min_temp_not_below_max_temp"):
            validate_limits(_inside(name, bound))
        return
    if name == "min_soc" and bound == 50:
        limits = replace(SafetyLimits(), min_soc=50.0, max_soc=98.0)
    elif name == "max_soc" and bound == 50:
        limits = replace(SafetyLimits(), min_soc=5.0, max_soc=50.0)
    else:
        limits = _inside(name, bound)
    assert validate_limits(limits) == limits


@pytest.mark.parametrize(("name", "bound"), CASES)
def test_outside_the_bounds_is_refused_with_a_translation_key(name: str, bound: float) -> None:
    low, high = HARD_BOUNDS[name]
    value = bound - 0.01 if bound == low else bound + 0.01
    with pytest.raises(InputError) as caught:
        validate_limits(_inside(name, value))
    assert caught.value.translation_key == "limit_out_of_bounds"
    assert caught.value.placeholders["field"] == name
    assert caught.value.placeholders["min"] == str(low)
    assert caught.value.placeholders["max"] == str(high)
    assert isinstance(caught.value, ValueError)


def test_min_soc_must_stay_below_max_soc() -> None:
    assert validate_limits(SafetyLimits(min_soc=49.9, max_soc=50))
    with pytest.raises(InputError) as caught:
        validate_limits(SafetyLimits(min_soc=50, max_soc=50))
    assert caught.value.translation_key == "min_soc_not_below_max_soc"
    assert caught.value.placeholders == {"min_soc": "50", "max_soc": "50"}


@pytest.mark.parametrize(("low", "high"), [(20, 20), (30, 10)])
def test_min_temp_must_stay_below_max_temp(low: float, high: float) -> None:
    with pytest.raises(InputError) as caught:
        validate_limits(SafetyLimits(min_temp_c=low, max_temp_c=high))
    assert caught.value.translation_key == "min_temp_not_below_max_temp"


def test_options_override_defaults_and_ignore_other_keys() -> None:
    limits = limits_from_options({"min_soc": 10, "max_step_kw": 2.5, "host": "10.0.0.2"})
    assert limits == replace(SafetyLimits(), min_soc=10.0, max_step_kw=2.5)
    assert limits_from_options({}) == SafetyLimits()


@pytest.mark.parametrize("value", ["10", None, True, [1]])
def test_options_must_be_numbers(value: object) -> None:
    with pytest.raises(InputError) as caught:
        limits_from_options({"min_soc": value})
    assert caught.value.translation_key == "limit_not_a_number"
    assert caught.value.placeholders["field"] == "min_soc"


def test_nan_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        limits_from_options({"max_step_kw": math.nan})
    assert caught.value.translation_key == "limit_not_a_number"


@pytest.mark.parametrize(
    ("options", "key"),
    [
        ({"max_soc": 101}, "limit_out_of_bounds"),
        ({"min_soc": 60}, "limit_out_of_bounds"),
        ({"max_step_kw": 0}, "limit_out_of_bounds"),
        ({"min_write_interval_s": 5}, "limit_out_of_bounds"),
        ({"min_temp_c": -30}, "limit_out_of_bounds"),
        ({"max_temp_c": 70}, "limit_out_of_bounds"),
        ({"min_temp_c": 45}, "min_temp_not_below_max_temp"),
    ],
)
def test_options_outside_hard_bounds(options: dict[str, float], key: str) -> None:
    with pytest.raises(InputError) as caught:
        limits_from_options(options)
    assert caught.value.translation_key == key
    assert key in str(caught.value)
