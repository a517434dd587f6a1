"""Price entities' attribute shapes (recorded-shape fixtures) to price series and snapshots."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
import json
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from custom_components.sigenstor.sources.amber_models import ChannelType, IntervalType
from custom_components.sigenstor.sources.price_attrs import (
    PriceShapeError,
    parse_unit,
    scaled,
    series_from_attributes,
    series_from_nordpool_response,
    series_from_tibber_response,
)
from custom_components.sigenstor.sources.price_series import snapshot_from_series

FIXTURES = Path(__file__).parent.parent / "fixtures" / "price_entities"
CET = timezone(timedelta(hours=1))
TODAY = date(2025, 3, 10)


def fixture(name: str) -> dict[str, Any]:
    """One recorded-shape fixture."""
    data: dict[str, Any] = json.loads((FIXTURES / name).read_text())
    return data


def attributes(name: str) -> dict[str, Any]:
    """The attributes of a recorded entity state."""
    attrs: dict[str, Any] = fixture(name)["attributes"]
    return attrs


@pytest.mark.parametrize(
    ("unit", "factor", "currency"),
    [
        ("$/kWh", 1.0, None),
        ("EUR/kWh", 1.0, "EUR"),
        ("SEK/MWh", 0.001, "SEK"),
        ("c/kWh", 0.01, None),
        ("öre/kWh", 0.01, None),
        ("p/kWh", 0.01, None),
        ("€/kWh", 1.0, "EUR"),
        ("nok/Wh", 1000.0, "NOK"),
        (None, 1.0, None),
    ],
)
def test_units(unit: str | None, factor: float, currency: str | None) -> None:
    """Per kWh, MWh and Wh, in main or minor currency units."""
    parsed = parse_unit(unit)
    assert parsed.factor == pytest.approx(factor)
    assert parsed.currency == currency


@pytest.mark.parametrize("unit", ["kWh", "°C", "EUR", "EUR/h", "dollars/kWh"])
def test_unit_refused(unit: str) -> None:
    """A unit that is no price per energy is refused with its own key."""
    with pytest.raises(PriceShapeError) as err:
        parse_unit(unit)
    assert err.value.key == "price_entity_unit"


def test_core_amber_forecasts() -> None:
    """Core amberelectric: start one second after the boundary, $/kWh, 30-minute steps."""
    shape, series = series_from_attributes(
        attributes("amberelectric_general_forecast.json"), UTC, TODAY
    )
    assert shape == "amberelectric"
    assert len(series) == 6
    start, end, value = series[0]
    assert (end - start) == timedelta(minutes=30) - timedelta(seconds=1)
    assert end == datetime(2025, 3, 10, 4, 30, tzinfo=UTC)
    assert value == pytest.approx(0.21)
    assert [v for _, _, v in series][3] == pytest.approx(0.52)


def test_hacs_nordpool_raw_today() -> None:
    """HACS nordpool: raw_today start/end/value; an empty raw_tomorrow adds nothing."""
    shape, series = series_from_attributes(attributes("nordpool_hacs.json"), CET, TODAY)
    assert shape == "nordpool"
    assert len(series) == 24
    assert series[0][0] == datetime(2025, 3, 10, tzinfo=CET)
    assert series[-1][1] == datetime(2025, 3, 11, tzinfo=CET)
    assert series[18][2] == pytest.approx(1.712)


def test_hacs_nordpool_per_mwh_scaled() -> None:
    """The MWh price type scales by its unit to the same per-kWh prices."""
    attrs = attributes("nordpool_hacs_mwh.json")
    unit = parse_unit(attrs["unit_of_measurement"])
    _, series = series_from_attributes(attrs, CET, TODAY)
    kwh = scaled(series, unit.factor)
    _, reference = series_from_attributes(attributes("nordpool_hacs.json"), CET, TODAY)
    assert [round(v, 4) for _, _, v in kwh] == [round(v, 4) for _, _, v in reference]


def test_octopus_rates_event() -> None:
    """Octopus Energy rates event: start/end/value_inc_vat in pounds per kWh."""
    shape, series = series_from_attributes(attributes("octopus_current_day_rates.json"), UTC, TODAY)
    assert shape == "octopus_energy"
    assert len(series) == 14
    assert all(end - start == timedelta(minutes=30) for start, end, _ in series)
    assert series[-1][2] == pytest.approx(0.2287)


def test_entsoe_prices_run_until_the_next() -> None:
    """ENTSO-e: time/price items last until the next starts; the last as long as the one before."""
    shape, series = series_from_attributes(attributes("entsoe_average.json"), CET, TODAY)
    assert shape == "entsoe"
    assert len(series) == 12
    assert all(end - start == timedelta(minutes=15) for start, end, _ in series)
    assert series[1][2] == pytest.approx(0.1)


def test_tibber_style_today() -> None:
    """Tibber-style today: startsAt and total, hourly."""
    shape, series = series_from_attributes(attributes("tibber_hacs.json"), CET, TODAY)
    assert shape == "today_tomorrow"
    assert len(series) == 24
    assert series[2][2] == pytest.approx(1.3)
    assert series[23][1] == datetime(2025, 3, 11, tzinfo=CET)


def test_bare_numbers_spread_over_the_day() -> None:
    """Today/tomorrow as bare numbers (no raw lists): spread evenly over each local day."""
    attrs = {"today": [0.1] * 24, "tomorrow": [0.2] * 96}
    _, series = series_from_attributes(attrs, CET, TODAY)
    assert len(series) == 24 + 96
    assert series[24][0] == datetime(2025, 3, 11, tzinfo=CET)
    assert series[25][0] - series[24][0] == timedelta(minutes=15)


def test_bare_numbers_on_a_dst_day() -> None:
    """On the day clocks go forward a day has 23 hours: 23 hourly values end at midnight."""
    berlin = ZoneInfo("Europe/Berlin")
    _, series = series_from_attributes({"today": [0.1] * 23}, berlin, date(2025, 3, 30))
    assert series[0][1] - series[0][0] == timedelta(hours=1)
    assert series[-1][1] == datetime(2025, 3, 31, tzinfo=berlin)


def test_no_forecast_refused() -> None:
    """A plain price sensor (a state, no forecast) is refused with its own key."""
    with pytest.raises(PriceShapeError) as err:
        series_from_attributes({"unit_of_measurement": "EUR/kWh"}, CET, TODAY)
    assert err.value.key == "price_entity_no_forecast"


def test_rows_without_prices_are_skipped() -> None:
    """Tomorrow not yet published (None values) and odd rows do not break today's prices."""
    attrs = attributes("nordpool_hacs.json")
    attrs["raw_tomorrow"] = [{"start": "2025-03-11T00:00:00+01:00", "end": None, "value": None}]
    attrs["raw_today"] = [*attrs["raw_today"], "garbage", {"start": "not a time", "value": 1}]
    _, series = series_from_attributes(attrs, CET, TODAY)
    assert len(series) == 24


def test_core_nordpool_action_picks_the_area() -> None:
    """Core nordpool's action response: the entity's area, per MWh as sent."""
    response = fixture("nordpool_core_action.json")
    se4 = series_from_nordpool_response(response, "se4")
    assert [v for _, _, v in se4] == [52.1, 50.4, 49.9, 75.5]
    assert series_from_nordpool_response(response, "FI") == ()


def test_core_tibber_action() -> None:
    """Core tibber's action response: start_time only, hourly."""
    series = series_from_tibber_response(fixture("tibber_core_action.json"))
    assert len(series) == 6
    assert series[0][1] - series[0][0] == timedelta(hours=1)
    assert series_from_tibber_response({"prices": {}}) == ()


def test_snapshot_is_what_the_optimiser_reads() -> None:
    """Buy and sell series become a snapshot: current, forecasts, feed-in as earnings."""
    _, buy = series_from_attributes(attributes("octopus_current_day_rates.json"), UTC, TODAY)
    sell = tuple((s, e, 0.15) for s, e, _ in buy)
    now = datetime(2025, 3, 10, 1, 10, tzinfo=UTC)
    snapshot = snapshot_from_series("Price entities", now, buy, sell)
    current = snapshot.current()
    assert current is not None
    assert current.start == datetime(2025, 3, 10, 1, 0, tzinfo=UTC)
    assert current.per_kwh == pytest.approx(0.1401)
    assert snapshot.feed_in_earn == pytest.approx(0.15)
    assert len(snapshot.actuals()) == 2
    assert snapshot.forecasts()[0].kind is IntervalType.FORECAST
    assert snapshot.price_series(ChannelType.FEED_IN, advanced=True)[0][2] == pytest.approx(0.15)
    assert snapshot.spike_status is not None
    assert snapshot.demand_window is None
