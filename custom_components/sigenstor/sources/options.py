"""Options steps for the optional sources (Amber token and site, PV arrays) and Amber reauth."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from homeassistant.config_entries import ConfigFlow, ConfigFlowResult
from homeassistant.core import HomeAssistant
from homeassistant.helpers import selector
from homeassistant.helpers.aiohttp_client import async_get_clientsession
import voluptuous as vol

from ..const import LOGGER
from .amber import AMBER_BASE_URL, AmberAuthError, AmberClient, AmberError, Site
from .arrays import array_from_dict
from .const import (
    ARRAY_AC_LIMIT,
    ARRAY_AZIMUTH,
    ARRAY_EFFICIENCY,
    ARRAY_KWP,
    ARRAY_NAME,
    ARRAY_TILT,
    CONF_AMBER_BASE_URL,
    CONF_AMBER_SITE_ID,
    CONF_AMBER_TOKEN,
    CONF_OPEN_METEO_API_KEY,
    CONF_OPEN_METEO_BASE_URL,
    CONF_PRICE_SOURCE,
    CONF_PV_ARRAYS,
    PRICE_SOURCE_AMBER,
)
from .options_prices import PriceSourceOptionsFlow

# Menu entries the plant's options menu shows for the sources.
SOURCE_MENU: Final = ["amber", "solar", "prices"]
CONF_ARRAY: Final = "array"
CONF_REMOVE: Final = "remove"
ARRAY_FIELDS: Final = (
    ARRAY_NAME,
    ARRAY_KWP,
    ARRAY_TILT,
    ARRAY_AZIMUTH,
    ARRAY_AC_LIMIT,
    ARRAY_EFFICIENCY,
)
# Accepted in the Amber and add-array steps but never shown in the form (offline demo only).
HIDDEN_KEYS: Final = (CONF_AMBER_BASE_URL, CONF_OPEN_METEO_BASE_URL)
PASSWORD = selector.TextSelector(
    selector.TextSelectorConfig(type=selector.TextSelectorType.PASSWORD)
)
# The hidden base-URL keys ride along as extra keys.
TOKEN_SCHEMA: Final = vol.Schema({vol.Optional(CONF_AMBER_TOKEN): PASSWORD}, extra=vol.ALLOW_EXTRA)


async def validate_token(
    options: Mapping[str, Any], hass: HomeAssistant, token: str
) -> tuple[list[Site], str | None]:
    """Sites the token can see and an error key (invalid_auth, cannot_connect, no_sites)."""
    client = AmberClient(
        async_get_clientsession(hass),
        token,
        base_url=options.get(CONF_AMBER_BASE_URL) or AMBER_BASE_URL,
    )
    try:
        sites = await client.sites()
    except AmberAuthError:
        return [], "invalid_auth"
    except AmberError as err:
        LOGGER.debug("Amber site list failed: %s", err)
        return [], "cannot_connect"
    active = [site for site in sites if site.active]
    return active, None if active else "no_sites"


def hidden_options(user_input: Mapping[str, Any]) -> dict[str, str]:
    """The hidden base-URL overrides in a submitted form (http(s) URLs only)."""
    return {
        key: str(user_input[key])
        for key in HIDDEN_KEYS
        if str(user_input.get(key) or "").startswith(("http://", "https://"))
    }


def site_schema(sites: list[Site], current: str | None) -> vol.Schema:
    """A picker of the token's active sites, preselecting the current one."""
    options = [
        selector.SelectOptionDict(value=s.id, label=f"{s.nmi} ({s.network or s.id})") for s in sites
    ]
    default = current if current in {s.id for s in sites} else sites[0].id
    return vol.Schema(
        {
            vol.Required(CONF_AMBER_SITE_ID, default=default): selector.SelectSelector(
                selector.SelectSelectorConfig(options=options)
            )
        }
    )


def _number(low: float, high: float, step: float, unit: str = "") -> selector.NumberSelector:
    config = selector.NumberSelectorConfig(
        min=low, max=high, step=step, mode=selector.NumberSelectorMode.BOX
    )
    if unit:
        config["unit_of_measurement"] = unit
    return selector.NumberSelector(config)


def _array_schema(defaults: Mapping[str, Any]) -> vol.Schema:
    limit = defaults.get(ARRAY_AC_LIMIT)
    return vol.Schema(
        {
            vol.Required(ARRAY_NAME, default=defaults.get(ARRAY_NAME, vol.UNDEFINED)): str,
            vol.Required(ARRAY_KWP, default=defaults.get(ARRAY_KWP, vol.UNDEFINED)): _number(
                0.1, 1000, 0.01, "kWp"
            ),
            vol.Required(ARRAY_TILT, default=defaults.get(ARRAY_TILT, 20)): _number(0, 90, 1, "°"),
            vol.Required(ARRAY_AZIMUTH, default=defaults.get(ARRAY_AZIMUTH, 0)): _number(
                0, 359, 1, "°"
            ),
            vol.Optional(
                ARRAY_AC_LIMIT, description={"suggested_value": limit} if limit else None
            ): _number(0.1, 1000, 0.01, "kW"),
            vol.Required(ARRAY_EFFICIENCY, default=defaults.get(ARRAY_EFFICIENCY, 0.93)): _number(
                0.5, 1.0, 0.01
            ),
        }
    )


class SourcesOptionsFlow(PriceSourceOptionsFlow):
    """Amber, PV array and price source steps of the plant's options menu."""

    _sites: list[Site]
    _token: str
    _editing: str | None = None
    _hidden: dict[str, str] = {}

    def _arrays(self) -> list[dict[str, Any]]:
        return [dict(a) for a in self.config_entry.options.get(CONF_PV_ARRAYS, [])]

    def _save(self, **changes: Any) -> ConfigFlowResult:
        options = {**self.config_entry.options, **self._hidden, **changes}
        return self.async_create_entry(data={k: v for k, v in options.items() if v is not None})

    async def async_step_amber(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask for the Amber API token (empty keeps the stored one; removal is its own step)."""
        errors: dict[str, str] = {}
        if user_input is not None:
            self._hidden = hidden_options(user_input)
            stored = str(self.config_entry.options.get(CONF_AMBER_TOKEN) or "")
            token = str(user_input.get(CONF_AMBER_TOKEN) or "").strip() or stored
            options = {**self.config_entry.options, **self._hidden}
            sites, error = (
                await validate_token(options, self.hass, token) if token else ([], "token_missing")
            )
            if error is None:
                self._token, self._sites = token, sites
                return await self.async_step_amber_site()
            errors["base"] = error
        return self.async_show_form(
            step_id="amber",
            data_schema=TOKEN_SCHEMA,
            errors=errors,
        )

    async def async_step_amber_remove(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Remove Amber (its token and site) after a confirmation."""
        if user_input is not None:
            # Without Amber the optimiser has no prices until another source is chosen.
            source = self.config_entry.options.get(CONF_PRICE_SOURCE)
            return self._save(
                **{
                    CONF_AMBER_TOKEN: None,
                    CONF_AMBER_SITE_ID: None,
                    CONF_PRICE_SOURCE: None if source == PRICE_SOURCE_AMBER else source,
                }
            )
        return self.async_show_form(step_id="amber_remove", data_schema=vol.Schema({}))

    async def async_step_amber_site(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Pick the site whose prices to follow."""
        if user_input is not None:
            return self._save(
                **{
                    CONF_AMBER_TOKEN: self._token,
                    CONF_AMBER_SITE_ID: user_input[CONF_AMBER_SITE_ID],
                    # Setting Amber up makes it the optimiser's price source (the richest one).
                    CONF_PRICE_SOURCE: PRICE_SOURCE_AMBER,
                }
            )
        return self.async_show_form(
            step_id="amber_site",
            data_schema=site_schema(self._sites, self.config_entry.options.get(CONF_AMBER_SITE_ID)),
        )

    async def async_step_solar(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Choose what to change about the PV arrays."""
        steps = ["solar_add"]
        if self._arrays():
            steps += ["solar_edit", "solar_remove"]
        return self.async_show_menu(step_id="solar", menu_options=[*steps, "solar_api_key"])

    async def async_step_solar_add(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Add a PV array."""
        return await self._array_form("solar_add", user_input, None)

    async def async_step_solar_edit(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Pick the array to edit."""
        if user_input is not None:
            self._editing = user_input[CONF_ARRAY]
            return await self.async_step_solar_edit_array()
        return self.async_show_form(
            step_id="solar_edit",
            data_schema=vol.Schema({vol.Required(CONF_ARRAY): self._array_picker(False)}),
        )

    async def async_step_solar_edit_array(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Edit the picked array."""
        return await self._array_form("solar_edit_array", user_input, self._editing)

    async def async_step_solar_remove(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Remove arrays."""
        if user_input is not None:
            gone = set(user_input[CONF_REMOVE])
            return self._save(
                **{CONF_PV_ARRAYS: [a for a in self._arrays() if a[ARRAY_NAME] not in gone]}
            )
        return self.async_show_form(
            step_id="solar_remove",
            data_schema=vol.Schema({vol.Required(CONF_REMOVE): self._array_picker(True)}),
        )

    async def async_step_solar_api_key(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Optional Open-Meteo commercial API key (empty uses the free service)."""
        if user_input is not None:
            key = str(user_input.get(CONF_OPEN_METEO_API_KEY) or "").strip()
            return self._save(**{CONF_OPEN_METEO_API_KEY: key or None})
        return self.async_show_form(
            step_id="solar_api_key",
            data_schema=vol.Schema({vol.Optional(CONF_OPEN_METEO_API_KEY): PASSWORD}),
        )

    def _array_picker(self, multiple: bool) -> selector.SelectSelector:
        names = [a[ARRAY_NAME] for a in self._arrays()]
        return selector.SelectSelector(
            selector.SelectSelectorConfig(options=names, multiple=multiple)
        )

    async def _array_form(
        self, step_id: str, user_input: dict[str, Any] | None, editing: str | None
    ) -> ConfigFlowResult:
        """Show, validate and store one array (added, or replacing ``editing``)."""
        arrays = self._arrays()
        errors: dict[str, str] = {}
        if user_input is not None:
            self._hidden = hidden_options(user_input)
            item = {k: user_input[k] for k in ARRAY_FIELDS if user_input.get(k) not in (None, "")}
            item[ARRAY_NAME] = str(item[ARRAY_NAME]).strip()
            others = [a for a in arrays if a[ARRAY_NAME] != editing]
            try:
                array_from_dict(item)
            except (KeyError, TypeError, ValueError):
                errors["base"] = "invalid_array"
            else:
                if any(a[ARRAY_NAME] == item[ARRAY_NAME] for a in others):
                    errors[ARRAY_NAME] = "duplicate_array"
                else:
                    kept = [item if a[ARRAY_NAME] == editing else a for a in arrays]
                    return self._save(**{CONF_PV_ARRAYS: kept if editing else [*arrays, item]})
        defaults = user_input or next((a for a in arrays if a[ARRAY_NAME] == editing), {})
        return self.async_show_form(
            step_id=step_id,
            data_schema=_array_schema(defaults).extend({}, extra=vol.ALLOW_EXTRA),
            errors=errors,
        )


class AmberReauthFlow(ConfigFlow):
    """Reauthentication when Amber rejects the stored token (401/403 while polling)."""

    async def async_step_reauth(self, entry_data: Mapping[str, Any]) -> ConfigFlowResult:
        """Amber rejected the token: ask for a new one."""
        return await self.async_step_reauth_confirm()

    async def async_step_reauth_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Validate the new token against the configured site."""
        entry = self._get_reauth_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            token = str(user_input[CONF_AMBER_TOKEN]).strip()
            sites, error = await validate_token(entry.options, self.hass, token)
            if error is None and entry.options.get(CONF_AMBER_SITE_ID) not in {s.id for s in sites}:
                error = "site_not_found"
            if error is None:
                return self.async_update_reload_and_abort(
                    entry, options={**entry.options, CONF_AMBER_TOKEN: token}
                )
            # The config flow's cannot_connect text is about the plant.
            errors["base"] = "amber_cannot_connect" if error == "cannot_connect" else error
        return self.async_show_form(
            step_id="reauth_confirm",
            data_schema=vol.Schema({vol.Required(CONF_AMBER_TOKEN): PASSWORD}),
            errors=errors,
        )
