"""Config flow: host and unit ids, tested against the plant before anything is saved."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from homeassistant.config_entries import ConfigFlowResult
from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.core import callback
from homeassistant.helpers import selector
from homeassistant.helpers.service_info.dhcp import DhcpServiceInfo
import voluptuous as vol

from . import parse_unit_ids
from .automation.demand_options import DemandOptionsFlow
from .const import (
    CONF_INVERTERS,
    CONF_LIVE_INTERVAL,
    CONF_MODEL,
    CONF_SERIAL,
    CONF_SLOW_INTERVAL,
    DEFAULT_INVERTERS,
    DEFAULT_LIVE_INTERVAL,
    DEFAULT_MIN_REQUEST_INTERVAL,
    DEFAULT_PORT,
    DEFAULT_SLOW_INTERVAL,
    DOMAIN,
    LIVE_INTERVAL_RANGE,
    LOGGER,
    SLOW_INTERVAL_RANGE,
)
from .control.limits import InputError, limits_from_options, validate_intervals
from .control.options import control_options_schema
from .models import SigenConfigEntry
from .sigen import PLANT_UNIT_ID, SigenClient, SigenError, SigenTimeoutError, get
from .sources.amber import Site
from .sources.const import CONF_AMBER_SITE_ID, CONF_AMBER_TOKEN
from .sources.options import (
    SOURCE_MENU,
    TOKEN_SCHEMA,
    AmberReauthFlow,
    SourcesOptionsFlow,
    hidden_options,
    site_schema,
    validate_token,
)

PROBE_TIMEOUT = 3.0
PROBE_MIN_INTERVAL = DEFAULT_MIN_REQUEST_INTERVAL


class ProbeError(Exception):
    """The plant could not be confirmed; `reason` is the translated error key."""

    def __init__(self, reason: str) -> None:
        """Keep the error key."""
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class PlantInfo:
    """What the probe learned."""

    serial: str
    model: str


async def probe(host: str, port: int, unit_ids: tuple[int, ...]) -> PlantInfo:
    """Read the plant and each inverter's model and serial; raise ProbeError on failure."""
    client = SigenClient(host, port, min_interval=PROBE_MIN_INTERVAL, timeout=PROBE_TIMEOUT)
    try:
        try:
            await client.connect()
            await client.read(PLANT_UNIT_ID, [get("plant_ems_work_mode")])
        except SigenTimeoutError as err:
            raise ProbeError("timeout") from err
        except SigenError as err:
            raise ProbeError("cannot_connect") from err
        infos: list[PlantInfo] = []
        for unit in unit_ids:
            try:
                values = await client.read(unit, [get("inv_model"), get("inv_serial")])
            except SigenError as err:
                # The plant answered on 247, so a silent or refusing unit is a wrong id.
                LOGGER.debug("Unit %s did not answer: %s", unit, err)
                raise ProbeError("invalid_unit_id") from err
            serial = values.get("inv_serial")
            if not serial:
                raise ProbeError("invalid_unit_id")
            infos.append(PlantInfo(serial=str(serial), model=str(values.get("inv_model") or "")))
        return infos[0]
    finally:
        await client.close()


def _user_schema(defaults: Mapping[str, Any]) -> vol.Schema:
    return vol.Schema(
        {
            vol.Required(CONF_HOST, default=defaults.get(CONF_HOST, vol.UNDEFINED)): str,
            vol.Required(CONF_PORT, default=defaults.get(CONF_PORT, DEFAULT_PORT)): vol.All(
                vol.Coerce(int), vol.Range(min=1, max=65535)
            ),
            vol.Required(
                CONF_INVERTERS, default=defaults.get(CONF_INVERTERS, DEFAULT_INVERTERS)
            ): str,
        }
    )


class SigenConfigFlow(AmberReauthFlow, domain=DOMAIN):
    """Add a SigenStor plant."""

    VERSION = 1
    _discovered_host: str | None = None
    _pending: tuple[str, dict[str, Any]]
    _hidden: dict[str, str] = {}
    _token: str
    _sites: list[Site]

    async def _validate(
        self, user_input: dict[str, Any], errors: dict[str, str]
    ) -> PlantInfo | None:
        try:
            unit_ids = parse_unit_ids(user_input[CONF_INVERTERS])
        except ValueError:
            errors[CONF_INVERTERS] = "invalid_unit_id"
            return None
        try:
            return await probe(user_input[CONF_HOST], user_input[CONF_PORT], unit_ids)
        except ProbeError as err:
            errors["base"] = err.reason
            return None

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask for the plant's address and the inverters' unit ids."""
        errors: dict[str, str] = {}
        if user_input is not None:
            info = await self._validate(user_input, errors)
            if info is not None:
                await self.async_set_unique_id(info.serial)
                self._abort_if_unique_id_configured(
                    updates={CONF_HOST: user_input[CONF_HOST], CONF_PORT: user_input[CONF_PORT]}
                )
                self._pending = (
                    info.model or "SigenStor",
                    {**user_input, CONF_SERIAL: info.serial, CONF_MODEL: info.model},
                )
                return await self.async_step_amber()
        return self.async_show_form(
            step_id="user", data_schema=_user_schema(user_input or {}), errors=errors
        )

    async def async_step_dhcp(self, discovery_info: DhcpServiceInfo) -> ConfigFlowResult:
        """A Sigenergy device joined the network: confirm it and learn its serial."""
        host = discovery_info.ip
        # A plant already set up at this address is not probed: it allows one client at a
        # one-second pace, and DHCP reports it again at every restart.
        self._async_abort_entries_match({CONF_HOST: host})
        try:
            info = await probe(host, DEFAULT_PORT, (1,))
        except ProbeError:
            return self.async_abort(reason="cannot_connect")
        await self.async_set_unique_id(info.serial)
        # A known plant that moved to a new address only needs its host updated.
        self._abort_if_unique_id_configured(updates={CONF_HOST: host})
        self._discovered_host = host
        self.context["title_placeholders"] = {"name": info.model or "SigenStor"}
        return await self.async_step_discovery_confirm()

    async def async_step_discovery_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Confirm the discovered plant and its inverter unit ids."""
        assert self._discovered_host is not None
        errors: dict[str, str] = {}
        if user_input is not None:
            data = {CONF_HOST: self._discovered_host, CONF_PORT: DEFAULT_PORT, **user_input}
            info = await self._validate(data, errors)
            if info is not None:
                self._pending = (
                    info.model or "SigenStor",
                    {**data, CONF_SERIAL: self.unique_id, CONF_MODEL: info.model},
                )
                return await self.async_step_amber()
        return self.async_show_form(
            step_id="discovery_confirm",
            data_schema=vol.Schema({vol.Required(CONF_INVERTERS, default=DEFAULT_INVERTERS): str}),
            description_placeholders={"host": self._discovered_host},
            errors=errors,
        )

    async def async_step_amber(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Optionally add Amber Electric prices now (also possible later in the options)."""
        errors: dict[str, str] = {}
        if user_input is not None:
            self._hidden = hidden_options(user_input)
            token = str(user_input.get(CONF_AMBER_TOKEN) or "").strip()
            if not token:
                return self._create({})
            sites, error = await validate_token(self._hidden, self.hass, token)
            if error is None:
                self._token, self._sites = token, sites
                return await self.async_step_amber_site()
            # The plant's own cannot_connect message would mislead here.
            errors["base"] = "amber_cannot_connect" if error == "cannot_connect" else error
        return self.async_show_form(
            step_id="amber",
            data_schema=TOKEN_SCHEMA,
            errors=errors,
        )

    async def async_step_amber_site(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Pick the Amber site whose prices to follow."""
        if user_input is not None:
            return self._create(
                {CONF_AMBER_TOKEN: self._token, CONF_AMBER_SITE_ID: user_input[CONF_AMBER_SITE_ID]}
            )
        return self.async_show_form(
            step_id="amber_site", data_schema=site_schema(self._sites, None)
        )

    def _create(self, options: dict[str, Any]) -> ConfigFlowResult:
        title, data = self._pending
        return self.async_create_entry(
            title=title, data=data, options={**options, **self._hidden} if options else {}
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change the host or port of a configured plant."""
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            data = {**entry.data, **user_input}
            info = await self._validate(data, errors)
            if info is not None:
                await self.async_set_unique_id(info.serial)
                self._abort_if_unique_id_mismatch(reason="wrong_plant")
                return self.async_update_reload_and_abort(entry, data_updates=user_input)
        defaults = user_input or entry.data
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=vol.Schema(
                {
                    vol.Required(CONF_HOST, default=defaults[CONF_HOST]): str,
                    vol.Required(CONF_PORT, default=defaults[CONF_PORT]): vol.All(
                        vol.Coerce(int), vol.Range(min=1, max=65535)
                    ),
                }
            ),
            errors=errors,
        )

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: SigenConfigEntry) -> SigenOptionsFlow:
        """Poll intervals."""
        return SigenOptionsFlow()


def _seconds(low: int, high: int) -> selector.NumberSelector:
    return selector.NumberSelector(
        selector.NumberSelectorConfig(
            min=low,
            max=high,
            step=1,
            unit_of_measurement="s",
            mode=selector.NumberSelectorMode.BOX,
        )
    )


# Error messages of the safety limits use these; empty until a limit is refused.
_EMPTY_PLACEHOLDERS = dict.fromkeys(("field", "value", "min", "max"), "")


class SigenOptionsFlow(SourcesOptionsFlow, DemandOptionsFlow):
    """Tune how often each tier is read; add prices and PV arrays; the demand tariff."""

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Choose what to change."""
        menu = ["polling", *SOURCE_MENU, "demand"]
        if self.config_entry.options.get(CONF_AMBER_TOKEN):
            menu.insert(menu.index("amber") + 1, "amber_remove")
        return self.async_show_menu(step_id="init", menu_options=menu)

    async def async_step_polling(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Show the poll intervals."""
        errors: dict[str, str] = {}
        placeholders: dict[str, str] = {}
        if user_input is not None:
            try:
                validate_intervals(
                    limits_from_options(user_input),
                    user_input[CONF_LIVE_INTERVAL],
                    user_input[CONF_SLOW_INTERVAL],
                )
            except InputError as err:
                errors["base"] = err.translation_key
                placeholders = err.placeholders
            else:
                return self.async_create_entry(data={**self.config_entry.options, **user_input})
        options = {**self.config_entry.options, **(user_input or {})}
        schema = vol.Schema(
            {
                vol.Required(
                    CONF_LIVE_INTERVAL,
                    default=options.get(CONF_LIVE_INTERVAL, DEFAULT_LIVE_INTERVAL.total_seconds()),
                ): _seconds(*LIVE_INTERVAL_RANGE),
                vol.Required(
                    CONF_SLOW_INTERVAL,
                    default=options.get(CONF_SLOW_INTERVAL, DEFAULT_SLOW_INTERVAL.total_seconds()),
                ): _seconds(*SLOW_INTERVAL_RANGE),
                **control_options_schema(options),
            }
        )
        return self.async_show_form(
            step_id="polling",
            data_schema=schema,
            errors=errors,
            description_placeholders={**_EMPTY_PLACEHOLDERS, **placeholders},
        )
