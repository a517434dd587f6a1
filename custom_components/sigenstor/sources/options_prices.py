"""Options steps choosing the optimiser's price source: Amber, a rate plan, or price entities.

The rate plan is entered season by season, period by period; each period is checked as it is
added, each season's week and the year's seasons when they are done, and nothing is stored until
the whole plan is valid (a refused form changes nothing).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Final

from homeassistant.config_entries import ConfigFlowResult, OptionsFlow
from homeassistant.helpers import selector
import voluptuous as vol

from .const import (
    CONF_AMBER_TOKEN,
    CONF_PRICE_ENTITIES,
    CONF_PRICE_SOURCE,
    CONF_SELL_ENTITIES,
    CONF_TOU_PLAN,
    PRICE_SOURCE_AMBER,
    PRICE_SOURCE_ENTITY,
    PRICE_SOURCE_TOU,
)
from .price_attrs import PriceShapeError
from .price_source import async_read_entity
from .tariff import (
    DAY_KEYS,
    Period,
    Season,
    TariffError,
    TouPlan,
    check_full_week,
    check_full_year,
    check_period,
    check_season_dates,
    clock,
    parse_month_day,
    period_from_dict,
    validate_plan,
)

SEASON_NAME: Final = "season_name"
SEASON_START: Final = "season_start"
SEASON_END: Final = "season_end"
SUPPLY: Final = "supply_per_day"
DAYS: Final = "days"
PERIOD_START: Final = "period_start"
PERIOD_END: Final = "period_end"
BUY: Final = "buy"
SELL: Final = "sell"
NEXT: Final = "next"
NEXT_CHOICES: Final = ("period", "season", "finish")
PRICE_RANGE: Final = (-1000.0, 1000.0)  # c/kWh; negative prices exist on wholesale tariffs


def _cents(unit: str) -> selector.NumberSelector:
    return selector.NumberSelector(
        selector.NumberSelectorConfig(
            min=PRICE_RANGE[0],
            max=PRICE_RANGE[1],
            step=0.01,
            mode=selector.NumberSelectorMode.BOX,
            unit_of_measurement=unit,
        )
    )


def _entities(multiple: bool = True) -> selector.EntitySelector:
    return selector.EntitySelector(
        selector.EntitySelectorConfig(domain=["sensor", "event"], multiple=multiple)
    )


def _summary(periods: list[Period]) -> str:
    """One line per period so far, for the form's description."""
    lines = [
        f"{', '.join(DAY_KEYS[d] for d in sorted(p.days))} {clock(p.start)}-{clock(p.end)}: "
        f"{p.buy:g} / {p.sell:g}"
        for p in periods
    ]
    return "; ".join(lines) or "(none)"


class PriceSourceOptionsFlow(OptionsFlow):
    """The price source steps of the plant's options menu."""

    _seasons: list[Season]
    _season: Season | None = None
    _periods: list[Period]
    _supply: float | None = None

    def _store(self, **changes: Any) -> ConfigFlowResult:
        options = {**self.config_entry.options, **changes}
        return self.async_create_entry(data={k: v for k, v in options.items() if v is not None})

    async def async_step_prices(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Choose where the optimiser's prices come from."""
        menu = ["prices_tou", "prices_entity"]
        if self.config_entry.options.get(CONF_AMBER_TOKEN):
            menu.insert(0, "prices_amber")
        current = self.config_entry.options.get(CONF_PRICE_SOURCE) or PRICE_SOURCE_AMBER
        return self.async_show_menu(
            step_id="prices", menu_options=menu, description_placeholders={"current": current}
        )

    async def async_step_prices_amber(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Plan with Amber's prices again."""
        if user_input is not None:
            return self._store(**{CONF_PRICE_SOURCE: PRICE_SOURCE_AMBER})
        return self.async_show_form(step_id="prices_amber", data_schema=vol.Schema({}))

    async def async_step_prices_entity(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Pick the buy (and optional sell) price entities; each must hold a forecast."""
        errors: dict[str, str] = {}
        placeholders = {"entity": ""}
        options = self.config_entry.options
        if user_input is not None:
            buy = list(user_input.get(CONF_PRICE_ENTITIES) or [])
            sell = list(user_input.get(CONF_SELL_ENTITIES) or [])
            if not buy:
                errors[CONF_PRICE_ENTITIES] = "price_entity_missing"
            for field, entities in ((CONF_PRICE_ENTITIES, buy), (CONF_SELL_ENTITIES, sell)):
                for entity in entities:
                    try:
                        await async_read_entity(self.hass, entity)
                    except PriceShapeError as err:
                        errors.setdefault(field, err.key)
                        placeholders["entity"] = placeholders["entity"] or entity
            if not errors:
                return self._store(
                    **{
                        CONF_PRICE_SOURCE: PRICE_SOURCE_ENTITY,
                        CONF_PRICE_ENTITIES: buy,
                        CONF_SELL_ENTITIES: sell or None,
                    }
                )
        shown = user_input or options
        # Suggested, not default, values: a default would fill a field the user emptied.
        schema = vol.Schema(
            {
                vol.Required(
                    CONF_PRICE_ENTITIES,
                    description={"suggested_value": shown.get(CONF_PRICE_ENTITIES)},
                ): _entities(),
                vol.Optional(
                    CONF_SELL_ENTITIES,
                    description={"suggested_value": shown.get(CONF_SELL_ENTITIES)},
                ): _entities(),
            }
        )
        return self.async_show_form(
            step_id="prices_entity",
            data_schema=schema,
            errors=errors,
            description_placeholders=placeholders,
        )

    async def async_step_prices_tou(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """A season of the rate plan: its name and dates (and, first, the supply charge)."""
        if not hasattr(self, "_seasons"):  # a fresh plan each time the options open
            self._seasons, self._periods = [], []
        errors: dict[str, str] = {}
        placeholders: dict[str, str] = {"season": "", "date": ""}
        first = not self._seasons
        if user_input is not None:
            try:
                name = str(user_input.get(SEASON_NAME) or "").strip()
                if not name:
                    raise TariffError("tou_season_name")
                try:
                    first_day = parse_month_day(user_input[SEASON_START])
                    last_day = parse_month_day(user_input[SEASON_END])
                except (KeyError, ValueError) as err:
                    raise TariffError("tou_invalid") from err
                season = Season(name, first_day, last_day)
                check_season_dates(self._seasons, season)
            except TariffError as err:
                errors["base"] = err.key
                placeholders.update(err.placeholders)
            else:
                if first:
                    supply = user_input.get(SUPPLY)
                    self._supply = float(supply) if supply is not None else None
                self._season, self._periods = season, []
                return await self.async_step_prices_tou_period()
        year = date.today().year
        defaults = user_input or {}
        fields: dict[Any, Any] = {
            vol.Required(SEASON_NAME, default=defaults.get(SEASON_NAME, "")): str,
            vol.Required(
                SEASON_START, default=defaults.get(SEASON_START, f"{year}-01-01")
            ): selector.DateSelector(),
            vol.Required(
                SEASON_END, default=defaults.get(SEASON_END, f"{year}-12-31")
            ): selector.DateSelector(),
        }
        if first:
            fields[vol.Optional(SUPPLY)] = _cents("c/day")
        return self.async_show_form(
            step_id="prices_tou",
            data_schema=vol.Schema(fields),
            errors=errors,
            description_placeholders=placeholders,
        )

    async def async_step_prices_tou_period(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Add a period to the season, then add another, start a new season, or finish."""
        current = self._season
        assert current is not None
        errors: dict[str, str] = {}
        placeholders = {"day": "", "start": "", "end": "", "date": ""}
        if user_input is not None:
            try:
                self._add_period(user_input)
                choice = user_input.get(NEXT, "period")
                if choice != "period":
                    check_full_week(self._periods)
                    season = Season(
                        current.name,
                        current.first,
                        current.last,
                        tuple(self._periods),
                    )
                    if choice == "season":
                        self._seasons.append(season)
                        self._season, self._periods = None, []
                        return await self.async_step_prices_tou()
                    return self._finish([*self._seasons, season])
            except TariffError as err:
                errors["base"] = err.key
                placeholders.update(err.placeholders)
        return self.async_show_form(
            step_id="prices_tou_period",
            data_schema=self._period_schema(),
            errors=errors,
            description_placeholders={
                **placeholders,
                "season": current.name,
                "periods": _summary(self._periods),
            },
        )

    def _add_period(self, user_input: dict[str, Any]) -> None:
        """Check and add the submitted period; a form without one adds nothing."""
        days = list(user_input.get(DAYS) or [])
        times = (user_input.get(PERIOD_START), user_input.get(PERIOD_END))
        if not days and times == (None, None) and user_input.get(NEXT) != "period":
            return  # only moving on
        if not days:
            raise TariffError("tou_period_no_days")
        if None in times or user_input.get(BUY) is None or user_input.get(SELL) is None:
            raise TariffError("tou_period_incomplete")
        period = period_from_dict(
            {
                "days": days,
                "start": times[0],
                "end": times[1],
                "buy": user_input[BUY],
                "sell": user_input[SELL],
            }
        )
        check_period(self._periods, period)
        self._periods.append(period)

    def _finish(self, seasons: list[Season]) -> ConfigFlowResult:
        check_full_year(seasons)
        plan = TouPlan(tuple(seasons), self._supply)
        validate_plan(plan)
        return self._store(**{CONF_PRICE_SOURCE: PRICE_SOURCE_TOU, CONF_TOU_PLAN: plan.as_dict()})

    @staticmethod
    def _period_schema() -> vol.Schema:
        return vol.Schema(
            {
                vol.Optional(DAYS): selector.SelectSelector(
                    selector.SelectSelectorConfig(
                        options=list(DAY_KEYS), multiple=True, translation_key="weekday"
                    )
                ),
                vol.Optional(PERIOD_START): selector.TimeSelector(),
                vol.Optional(PERIOD_END): selector.TimeSelector(),
                vol.Optional(BUY): _cents("c/kWh"),
                vol.Optional(SELL): _cents("c/kWh"),
                vol.Required(NEXT, default="period"): selector.SelectSelector(
                    selector.SelectSelectorConfig(
                        options=list(NEXT_CHOICES), translation_key="tou_next"
                    )
                ),
            }
        )
