"""Price forecasts of other integrations' entities to price series (pure: no Home Assistant).

The attribute and action-response shapes read here are the ones those projects document or
produce (facts taken from their sources, no code):

- core ``amberelectric`` forecast sensors: ``forecasts`` items with ``start_time``, ``end_time``
  and ``per_kwh`` in $/kWh, feed-in already positive when exporting pays
  (homeassistant/components/amberelectric/sensor.py);
- HACS ``nordpool`` (custom-components/nordpool): ``raw_today`` / ``raw_tomorrow`` items with
  ``start``, ``end`` and ``value`` in the sensor's unit (per kWh, MWh or Wh by its price type);
- HACS Octopus Energy (BottlecapDave/HomeAssistant-OctopusEnergy): the rates event entities'
  ``rates`` items with ``start``, ``end`` and ``value_inc_vat`` in pounds per kWh;
- HACS ENTSO-e (JaccoR/hass-entso-e): ``prices`` (or ``prices_today`` / ``prices_tomorrow``)
  items with ``time`` and ``price`` per kWh, each lasting until the next one starts;
- Tibber-style ``today`` / ``tomorrow`` lists (dicts with ``startsAt`` and ``total``, or bare
  numbers spread evenly over the day);
- core ``nordpool``'s ``get_prices_for_date`` action: ``{area: [{start, end, price}]}`` per MWh
  (homeassistant/components/nordpool/services.py);
- core ``tibber``'s ``get_prices`` action: ``{"prices": {home: [{start_time, price}]}}`` per kWh
  (homeassistant/components/tibber/services.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
import math
from typing import Any, Final

from .price_series import Series, clean_series

_START_KEYS: Final = ("start", "start_time", "startsAt", "time", "from")
_END_KEYS: Final = ("end", "end_time", "endsAt", "to")
_VALUE_KEYS: Final = ("value_inc_vat", "per_kwh", "total", "value", "price")
# Minor currency units by their usual symbols: a hundredth of the main unit.
_MINOR_UNITS: Final = frozenset({"c", "ct", "cent", "cents", "¢", "p", "öre", "øre", "ore"})
_ENERGY: Final = {"wh": 1000.0, "kwh": 1.0, "mwh": 0.001}
_SYMBOLS: Final = {"$": None, "€": "EUR", "£": "GBP", "kr": None}
_DAY: Final = timedelta(days=1)


class PriceShapeError(ValueError):
    """The entity holds no price forecast this module knows; ``key`` names why (translated)."""

    def __init__(self, key: str) -> None:
        """Keep the translation key."""
        super().__init__(key)
        self.key = key


@dataclass(frozen=True, slots=True)
class PriceUnit:
    """How to turn an entity's values into main currency units per kWh."""

    factor: float
    currency: str | None  # ISO code when the unit names one


def parse_unit(unit: str | None) -> PriceUnit:
    """``EUR/kWh``, ``c/kWh``, ``SEK/MWh``, ``$/kWh``...; None (event entities) is per kWh."""
    if not unit:
        return PriceUnit(1.0, None)
    money, slash, energy = unit.strip().partition("/")
    scale = _ENERGY.get(energy.strip().lower()) if slash else None
    if scale is None:
        raise PriceShapeError("price_entity_unit")
    money = money.strip()
    if money.lower() in _MINOR_UNITS:
        return PriceUnit(scale / 100, None)
    if money in _SYMBOLS:
        return PriceUnit(scale, _SYMBOLS[money])
    if len(money) == 3 and money.isalpha():
        return PriceUnit(scale, money.upper())
    raise PriceShapeError("price_entity_unit")


def _moment(value: Any, tz: tzinfo) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    local = moment if moment.tzinfo is not None else moment.replace(tzinfo=tz)
    # In UTC: arithmetic between two times of one zone would ignore a change of offset.
    return local.astimezone(UTC)


def _first(item: Mapping[str, Any], keys: Sequence[str]) -> Any:
    return next((item[k] for k in keys if item.get(k) is not None), None)


def _items(raw: Any, tz: tzinfo) -> list[tuple[datetime, datetime | None, float]]:
    """Dict items with a start, an optional end and a value; others are skipped."""
    out: list[tuple[datetime, datetime | None, float]] = []
    for item in raw if isinstance(raw, list) else ():
        if not isinstance(item, Mapping):
            continue
        start, end, value = (_first(item, keys) for keys in (_START_KEYS, _END_KEYS, _VALUE_KEYS))
        try:
            out.append(
                (
                    _moment(start, tz),
                    None if end is None else _moment(end, tz),
                    float(value),
                )
            )
        except (TypeError, ValueError):
            continue  # a missing price (tomorrow not yet published) or an odd row
    return out


def _close(items: list[tuple[datetime, datetime | None, float]]) -> Series:
    """Give open items the next item's start as end (the last: the step before it, or 1 h)."""
    items = sorted(items, key=lambda item: item[0])
    out = []
    for index, (start, given, value) in enumerate(items):
        if given is not None:
            end = given
        elif index + 1 < len(items):
            end = items[index + 1][0]
        else:
            end = start + (start - items[index - 1][0] if index else timedelta(hours=1))
        out.append((start, end, value))
    return clean_series(out)


def _even(values: list[Any], day: date, tz: tzinfo) -> Series:
    """Bare numbers spread evenly over a local day (24 hourly or 96 quarter-hourly values)."""
    numbers = [v for v in values if isinstance(v, int | float) and math.isfinite(v)]
    if not numbers or len(numbers) != len(values):
        return ()
    midnight = datetime.combine(day, time(), tz).astimezone(UTC)
    step = (datetime.combine(day + _DAY, time(), tz).astimezone(UTC) - midnight) / len(values)
    return clean_series(
        (midnight + i * step, midnight + (i + 1) * step, float(v)) for i, v in enumerate(values)
    )


def _pair(attrs: Mapping[str, Any], names: tuple[str, str], tz: tzinfo, today: date) -> Series:
    items: list[tuple[datetime, datetime, float]] = []
    for name, day in zip(names, (today, today + _DAY), strict=True):
        raw = attrs.get(name)
        if isinstance(raw, list) and raw and not isinstance(raw[0], Mapping):
            items += _even(raw, day, tz)
        else:
            items += _close(_items(raw, tz))
    return clean_series(items)


type _Reader = Callable[[Mapping[str, Any]], Series]


def _shapes(today: date, tz: tzinfo) -> tuple[tuple[str, _Reader], ...]:
    return (
        ("amberelectric", lambda a: _close(_items(a.get("forecasts"), tz))),
        ("nordpool", lambda a: _pair(a, ("raw_today", "raw_tomorrow"), tz, today)),
        ("octopus_energy", lambda a: _close(_items(a.get("rates"), tz))),
        ("entsoe", lambda a: _close(_items(a.get("prices"), tz))),
        ("entsoe", lambda a: _pair(a, ("prices_today", "prices_tomorrow"), tz, today)),
        ("today_tomorrow", lambda a: _pair(a, ("today", "tomorrow"), tz, today)),
    )


def series_from_attributes(
    attributes: Mapping[str, Any], tz: tzinfo, today: date
) -> tuple[str, Series]:
    """The shape found and its series in the entity's unit; PriceShapeError when none fits."""
    for shape, read in _shapes(today, tz):
        series = read(attributes)
        if series:
            return shape, series
    raise PriceShapeError("price_entity_no_forecast")


def series_from_nordpool_response(response: Mapping[str, Any], area: str | None) -> Series:
    """Core Nord Pool's action response for one area (the only one when ``area`` is None)."""
    areas = [a for a in response if area is None or a.upper() == area.upper()]
    rows = response.get(areas[0]) if areas else None
    return _close(_items(rows, UTC))  # the action sends offsets; UTC is a fallback only


def series_from_tibber_response(response: Mapping[str, Any]) -> Series:
    """Core Tibber's action response: the first home's prices."""
    homes = response.get("prices")
    if not isinstance(homes, Mapping) or not homes:
        return ()
    return _close(_items(next(iter(homes.values())), UTC))


def scaled(series: Iterable[tuple[datetime, datetime, float]], factor: float) -> Series:
    """The series with every value multiplied by ``factor``."""
    return tuple((start, end, value * factor) for start, end, value in series)
