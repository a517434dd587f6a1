"""Tiered polling coordinators: one per (Modbus unit, tier), all sharing one spaced client."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
import time

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.event import async_call_later
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed
from homeassistant.util import dt as dt_util

from .const import DOMAIN, LOGGER
from .sigen import Priority, Register, SigenClient, SigenError, Tier, Value, get

type SigenData = dict[str, Value]

TIER_PRIORITY: dict[Tier, Priority] = {
    Tier.LIVE: Priority.LIVE,
    Tier.SLOW: Priority.SLOW,
    Tier.STATIC: Priority.STATIC,
}


@dataclass
class LinkMonitor:
    """Which Modbus units answer, so an outage logs one WARNING and its recovery one INFO.

    Kept per unit, not per tier: a unit that answers any poll is up, even when a slower tier of
    it failed earlier (that tier reads again at its next slot). A second unit failing during an
    outage, or one of two recovering, logs only at DEBUG.
    """

    host: str
    down: dict[int, datetime] = field(default_factory=dict)  # unit id -> silent since
    last_error: str | None = None
    recovered: Callable[[int], None] | None = None  # called when a silent unit answers again

    @property
    def down_since(self) -> datetime | None:
        """When the outage began (the first unit that stopped answering), None when none is."""
        return min(self.down.values(), default=None)

    def unit_down_since(self, unit_id: int) -> datetime | None:
        """When this unit stopped answering, None while it answers."""
        return self.down.get(unit_id)

    @callback
    def report_failure(self, unit_id: int, err: Exception) -> None:
        """Note a failed poll of a unit; log only the first failure of an outage."""
        self.last_error = str(err)
        if unit_id in self.down:
            return
        if self.down:
            LOGGER.debug("SigenStor unit %s stopped answering too (%s)", unit_id, err)
        else:
            LOGGER.warning(
                "SigenStor plant stopped answering (unit %s: %s); entities unavailable",
                unit_id,
                err,
            )
        self.down[unit_id] = dt_util.utcnow()

    @callback
    def report_success(self, unit_id: int) -> None:
        """Note a good poll of a unit; log once when the last silent unit answers again."""
        if self.down.pop(unit_id, None) is None:
            return
        if self.down:
            LOGGER.debug("SigenStor unit %s answers again", unit_id)
        else:
            LOGGER.info("SigenStor plant answering again")
            self.last_error = None
        if self.recovered is not None:
            self.recovered(unit_id)


class SigenCoordinator(DataUpdateCoordinator[SigenData]):
    """Holds the latest committed values of one unit's registers in one tier."""

    config_entry: ConfigEntry

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry,
        client: SigenClient,
        link: LinkMonitor,
        *,
        unit_id: int,
        tier: Tier,
        keys: Iterable[str],
        interval: timedelta,
    ) -> None:
        """Set up a coordinator that the scheduler polls at a fixed rate."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=f"SigenStor unit {unit_id} {tier.value}",
            # Polls are triggered at a fixed rate by async_start(); the base class would
            # drift by the duration of each poll (each request costs a one-second slot).
            update_interval=None,
        )
        self.client = client
        self.link = link
        self.unit_id = unit_id
        self.tier = tier
        self.interval = interval
        self.registers: tuple[Register, ...] = tuple(sorted({get(k) for k in keys}, key=_addr))
        self.last_read_at: float | None = None
        self.polls = 0
        self.missed = False  # a poll kept back during an outage (see `_keeps_through_outage`)
        self._polling = False
        self._probe: CALLBACK_TYPE | None = None  # a live poll due when the link may reopen

    @property
    def source(self) -> str:
        """Name of this coordinator in diagnostics."""
        return f"{self.unit_id}/{self.tier.value}"

    async def _read(self) -> SigenData:
        """Read every register of this tier in one all-or-nothing call."""
        if not self.registers:
            return {}
        return await self.client.read(
            self.unit_id, self.registers, priority=TIER_PRIORITY[self.tier]
        )

    async def _async_update_data(self) -> SigenData:
        """The base class's refresh: a failure is a translated `UpdateFailed`."""
        try:
            return await self._read()
        except SigenError as err:
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="cannot_connect",
                translation_placeholders={"error": str(err)},
            ) from err

    async def async_refresh(self) -> None:
        """Every refresh (`homeassistant.update_entity`, a requested one) is one of our polls.

        So its failure reaches the link monitor, which logs an outage once, instead of the base
        class logging an ERROR per tier.
        """
        await self.async_poll()

    async def async_request_refresh(self) -> None:
        """A requested refresh is a poll too (HA 2026 debounces straight to its private refresh)."""
        await self.async_poll()

    async def async_poll(self) -> bool:
        """Poll once; commit only when all reads succeeded. Returns success."""
        if self._polling:
            return False
        if self._keeps_through_outage():
            self.missed = True  # read with the catch-up when the unit answers again
            return False
        self._polling = True
        try:
            data = await self._read()
        except SigenError as err:
            self.async_failed(err)
            self._schedule_probe()
            return False
        finally:
            self._polling = False
        self.async_commit(data)
        return True

    @callback
    def _schedule_probe(self) -> None:
        """Poll the live tier again the moment the link or the unit may be tried again.

        Not at the next tick: a reconnect allowed 10 s after the last attempt would otherwise
        wait for the tick after that (up to one live interval more), so the first good read
        after an outage comes within the reconnect spacing, not the spacing plus a tick.
        """
        if self.tier is not Tier.LIVE or self._probe is not None:
            return
        wait = self.client.backoff_remaining(self.unit_id)
        if wait <= 0 or wait >= self.interval.total_seconds():
            return  # the next tick is as early

        @callback
        def _due(_: datetime) -> None:
            self._probe = None
            self.config_entry.async_create_background_task(
                self.hass, self.async_poll(), f"{self.name} probe"
            )

        self._probe = async_call_later(self.hass, wait, _due)

    async def async_shutdown(self) -> None:
        """Cancel a pending probe, then the base class's shutdown."""
        if self._probe is not None:
            self._probe()
            self._probe = None
        await super().async_shutdown()

    def _keeps_through_outage(self) -> bool:
        """Whether this poll waits for the unit to answer again instead of failing.

        While a unit is known silent (a live poll failed), its slow and static tiers are not
        sent (the live polls probe the link) and keep their values up to twice their interval
        old: a short outage does not blank a minute's worth of energies and alarms.
        """
        if self.tier is Tier.LIVE or self.last_read_at is None:
            return False
        if self.link.unit_down_since(self.unit_id) is None:
            return False
        return time.monotonic() - self.last_read_at < 2 * self.interval.total_seconds()

    @callback
    def async_commit(self, data: SigenData) -> None:
        """A complete read of this tier (by its own poll or a shared first read)."""
        self.missed = False
        self.polls += 1
        self.last_read_at = time.monotonic()
        self.async_set_updated_data(data)
        self.link.report_success(self.unit_id)  # after: a catch-up skips this tier

    @callback
    def async_failed(self, err: SigenError) -> None:
        """A failed read of this tier."""
        self.link.report_failure(self.unit_id, err)
        if self.last_update_success:
            # Set state directly: the base class would log once per tier, we log once per plant.
            self.last_exception = err
            self.last_update_success = False
            self.async_update_listeners()

    def value(self, key: str) -> Value:
        """Latest committed value of a register, None if unknown."""
        return None if self.data is None else self.data.get(key)


def _addr(register: Register) -> int:
    return register.address


def value_of(data: Mapping[str, Value] | None, key: str) -> float | None:
    """Numeric value of a register, or None."""
    if data is None:
        return None
    raw = data.get(key)
    return float(raw) if isinstance(raw, int | float) else None


def house_load_kw(data: Mapping[str, Value] | None) -> float | None:
    """The house's load from the plant's energy balance (kW), None while a term is unknown."""
    # No load register before protocol V2.8, so derive it from the energy balance:
    # load = PV - battery (+ charging) + grid (+ importing).
    pv = value_of(data, "plant_pv_power")
    battery = value_of(data, "plant_ess_power")
    grid = value_of(data, "grid_active_power")
    if pv is None or battery is None or grid is None:
        return None
    return round(pv - battery + grid, 3)


@dataclass
class Plant:
    """The plant's link and its coordinators, one per (unit, tier): what every room reads."""

    client: SigenClient
    link: LinkMonitor
    serial: str
    model: str
    inverter_ids: tuple[int, ...]
    coordinators: dict[tuple[int, Tier], SigenCoordinator] = field(default_factory=dict)

    def coordinator(self, unit_id: int, tier: Tier) -> SigenCoordinator:
        """The coordinator that polls this unit's tier."""
        return self.coordinators[(unit_id, tier)]
