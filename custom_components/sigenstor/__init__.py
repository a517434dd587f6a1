"""The SigenStor integration: a Sigenergy plant over local Modbus TCP."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import chain
import logging

from homeassistant.const import CONF_HOST, CONF_PORT, EVENT_HOMEASSISTANT_STOP, Platform
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryNotReady
from homeassistant.helpers import (
    config_validation as cv,
    device_registry as dr,
    entity_registry as er,
)
from homeassistant.helpers.event import async_track_time_interval
from homeassistant.helpers.typing import ConfigType

from .automation.runtime import OPTIMISER_KEYS, OptimiserRuntime, async_remove_optimiser_data
from .automation.schedule_store import ScheduleManager, async_remove_schedule_data
from .binary_sensor import ALARMS
from .const import (
    CONF_INVERTERS,
    CONF_LIVE_INTERVAL,
    CONF_MIN_REQUEST_INTERVAL,
    CONF_MODEL,
    CONF_SERIAL,
    CONF_SLOW_INTERVAL,
    DEFAULT_LIVE_INTERVAL,
    DEFAULT_MIN_REQUEST_INTERVAL,
    DEFAULT_SLOW_INTERVAL,
    DEFAULT_STATIC_INTERVAL,
    DOMAIN,
)
from .control.controller import SigenController
from .control.plant_view import CONTROL_KEYS
from .control.release import async_start_releaser, async_stop_releaser
from .control.store import async_remove_control_data
from .coordinator import LinkMonitor, Plant, SigenCoordinator
from .devices import async_remove_stale_devices, is_stale
from .entity import SigenEntityDescription
from .first_read import FirstRead
from .frontend_setup import async_setup_frontend
from .identifiers import inverter_identifier, plant_identifier, unique_id_for
from .models import SigenConfigEntry, SigenRuntimeData
from .sensor import SENSORS
from .services import async_setup_services
from .sigen import PLANT_UNIT_ID, Device, SigenClient, SigenError, Tier
from .sources.runtime import async_setup_sources

PLATFORMS: list[Platform] = [
    Platform.BINARY_SENSOR,
    Platform.BUTTON,
    Platform.CALENDAR,
    Platform.NUMBER,
    Platform.SELECT,
    Platform.SENSOR,
]
CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)
_LOGGER = logging.getLogger(__name__)

# Device info registers, read whatever entities are enabled.
INVERTER_INFO_KEYS = ("inv_model", "inv_serial", "inv_firmware")


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register the control actions (once, for every entry) and the Lovelace cards."""
    async_setup_services(hass)
    await async_setup_frontend(hass)
    return True


def parse_unit_ids(text: str) -> tuple[int, ...]:
    """Parse '1, 2' into (1, 2); raise ValueError on anything that is not a unit id 1-246."""
    ids = tuple(int(part) for part in text.replace(";", ",").split(",") if part.strip())
    if not ids or any(not 1 <= unit <= 246 for unit in ids) or len(set(ids)) != len(ids):
        raise ValueError(text)
    return ids


def tier_intervals(entry: SigenConfigEntry) -> dict[Tier, timedelta]:
    """Poll interval of each tier from the entry's options."""
    return {
        Tier.LIVE: timedelta(
            seconds=entry.options.get(CONF_LIVE_INTERVAL, DEFAULT_LIVE_INTERVAL.total_seconds())
        ),
        Tier.SLOW: timedelta(
            seconds=entry.options.get(CONF_SLOW_INTERVAL, DEFAULT_SLOW_INTERVAL.total_seconds())
        ),
        Tier.STATIC: DEFAULT_STATIC_INTERVAL,
    }


def needed_keys(
    hass: HomeAssistant, entry: SigenConfigEntry, serial: str, inverter_ids: tuple[int, ...]
) -> dict[tuple[int, Tier], set[str]]:
    """Registers that the enabled entities need, per unit and tier."""
    registry = er.async_get(hass)
    keys: dict[tuple[int, Tier], set[str]] = {
        (unit, tier): set() for unit in (PLANT_UNIT_ID, *inverter_ids) for tier in Tier
    }
    for unit in inverter_ids:
        keys[(unit, Tier.STATIC)].update(INVERTER_INFO_KEYS)
    for (device, tier), control_keys in chain(CONTROL_KEYS.items(), OPTIMISER_KEYS.items()):
        for unit in (PLANT_UNIT_ID,) if device is Device.PLANT else inverter_ids:
            keys[(unit, tier)].update(control_keys)
    descriptions: chain[SigenEntityDescription] = chain(SENSORS, ALARMS)
    for description in descriptions:
        units = (PLANT_UNIT_ID,) if description.device is Device.PLANT else inverter_ids
        for unit in units:
            platform = "binary_sensor" if description in ALARMS else "sensor"
            entity_id = registry.async_get_entity_id(
                platform, DOMAIN, unique_id_for(serial, unit, description.key)
            )
            registry_entry = registry.async_get(entity_id) if entity_id else None
            enabled = (
                registry_entry.disabled_by is None
                if registry_entry is not None
                else description.entity_registry_enabled_default
            )
            if enabled:
                keys[(unit, description.tier)].update(description.keys)
    return keys


async def async_setup_entry(hass: HomeAssistant, entry: SigenConfigEntry) -> bool:
    """Connect, take the first live reading, then poll each tier at its own pace."""
    host: str = entry.data[CONF_HOST]
    inverter_ids = parse_unit_ids(entry.data[CONF_INVERTERS])
    # A releaser still at work after the last unload goes first: one connection per plant.
    releaser = await async_stop_releaser(hass, entry.entry_id)
    serial: str = entry.data[CONF_SERIAL]
    client = SigenClient(
        host,
        entry.data[CONF_PORT],
        min_interval=entry.options.get(CONF_MIN_REQUEST_INTERVAL, DEFAULT_MIN_REQUEST_INTERVAL),
    )
    plant = Plant(
        client=client,
        link=LinkMonitor(host),
        serial=serial,
        model=entry.data.get(CONF_MODEL, "SigenStor"),
        inverter_ids=inverter_ids,
    )
    intervals = tier_intervals(entry)
    for (unit, tier), keys in needed_keys(hass, entry, serial, inverter_ids).items():
        plant.coordinators[(unit, tier)] = SigenCoordinator(
            hass,
            entry,
            client,
            plant.link,
            unit_id=unit,
            tier=tier,
            keys=keys,
            interval=intervals[tier],
        )

    # Setup waits only for the plant's live values (one request, which also brings its static
    # values and alarms): every request costs a one-second slot, so the inverters and slower
    # tiers fill in from the background, each unit's tiers read together (first_read.py).
    first = {
        unit: FirstRead(client, [c for (u, _), c in plant.coordinators.items() if u == unit])
        for unit in (PLANT_UNIT_ID, *inverter_ids)
    }
    plant_live = plant.coordinator(PLANT_UNIT_ID, Tier.LIVE)
    try:
        await client.connect()
        while first[PLANT_UNIT_ID].waiting_for(plant_live):
            await first[PLANT_UNIT_ID].async_step()
    except SigenError as err:
        await client.close()
        if releaser is not None:  # the plant may still be forced: keep releasing it
            async_start_releaser(hass, entry.entry_id, releaser)
        raise ConfigEntryNotReady(
            translation_domain=DOMAIN,
            translation_key="cannot_connect",
            translation_placeholders={"error": str(err)},
        ) from err

    _start_polling(hass, entry, plant, list(first.values()))
    _track_device_info(hass, entry, plant)
    # Built bottom-up and complete: no room looks another up through the entry.
    sources = await async_setup_sources(hass, entry, plant)
    schedules = ScheduleManager(hass, entry.entry_id)
    await schedules.async_load()
    controller = SigenController(hass, entry, plant)
    await controller.async_load()
    optimiser = OptimiserRuntime(
        hass, entry, plant, controller=controller, sources=sources, schedules=schedules
    )
    entry.runtime_data = SigenRuntimeData(plant, controller, sources, schedules, optimiser)
    entry.async_create_background_task(
        hass, _start_control(controller, optimiser), f"{DOMAIN} control start"
    )

    async def _close(_: Event | None = None) -> None:
        # Release Remote EMS before the link goes: the plant never reverts on its own.
        await optimiser.async_shutdown()
        await controller.async_shutdown(final=True)
        await client.close()

    entry.async_on_unload(hass.bus.async_listen_once(EVENT_HOMEASSISTANT_STOP, _close))
    entry.async_on_unload(entry.add_update_listener(_async_options_updated))
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    if removed := async_remove_stale_devices(hass, entry):
        _LOGGER.info("Removed devices no longer configured: %s", ", ".join(removed))
    return True


async def async_remove_config_entry_device(
    hass: HomeAssistant, entry: SigenConfigEntry, device: dr.DeviceEntry
) -> bool:
    """Let the owner delete a device only when nothing configured stands behind it."""
    return is_stale(hass, entry, device)


async def _start_control(controller: SigenController, optimiser: OptimiserRuntime) -> None:
    """Start the optimiser only once the controller has reconciled the plant."""
    await controller.async_start()
    await optimiser.async_start()


def _start_polling(
    hass: HomeAssistant, entry: SigenConfigEntry, plant: Plant, first: list[FirstRead]
) -> None:
    """Finish the first reads in the background, then poll each coordinator at a fixed rate.

    While a unit's first reads run, its polls wait (what they would read is seconds old).

    When a silent unit answers again, every tier that missed its poll reads at the next free
    slot (catch-up), instead of staying unavailable until its next turn (a minute or more).
    """

    @callback
    def _catch_up(_: int) -> None:
        missed: dict[int, list[SigenCoordinator]] = {}
        for (unit, _tier), coordinator in plant.coordinators.items():
            failed = coordinator.registers and (
                coordinator.missed or not coordinator.last_update_success
            )
            if failed and plant.link.unit_down_since(unit) is None:  # silent ones wait
                missed.setdefault(unit, []).append(coordinator)
        for unit, coordinators in missed.items():  # read like the first reads: fewest requests
            if reading[unit].done:
                reading[unit] = reader = FirstRead(plant.client, coordinators)
                entry.async_create_background_task(
                    hass, reader.async_run(), f"sigenstor catch-up unit {unit}"
                )

    plant.link.recovered = _catch_up
    reading = {reader.unit_id: reader for reader in first}
    for coordinator in plant.coordinators.values():
        if not coordinator.registers:
            continue

        @callback
        def _tick(_: datetime, coordinator: SigenCoordinator = coordinator) -> None:
            if not reading[coordinator.unit_id].done:  # its values are seconds old: rest first
                return
            entry.async_create_background_task(
                hass, coordinator.async_poll(), f"sigenstor poll {coordinator.name}"
            )

        entry.async_on_unload(
            async_track_time_interval(
                hass, _tick, coordinator.interval, name=coordinator.name, cancel_on_shutdown=True
            )
        )
    for reader in first:
        entry.async_create_background_task(
            hass, reader.async_run(), f"sigenstor first read unit {reader.unit_id}"
        )


def _track_device_info(hass: HomeAssistant, entry: SigenConfigEntry, plant: Plant) -> None:
    """Copy model, serial and firmware into the device registry when the static tier reads."""
    registry = dr.async_get(hass)
    for unit in plant.inverter_ids:
        coordinator = plant.coordinator(unit, Tier.STATIC)

        @callback
        def _update(coordinator: SigenCoordinator = coordinator, unit: int = unit) -> None:
            model = coordinator.value("inv_model")
            serial = coordinator.value("inv_serial")
            firmware = coordinator.value("inv_firmware")
            info = {
                "model": str(model) if model else None,
                "serial_number": str(serial) if serial else None,
                "sw_version": str(firmware) if firmware else None,
            }
            device = registry.async_get_device({inverter_identifier(plant.serial, unit)})
            if device is not None:
                registry.async_update_device(device.id, **info)  # type: ignore[arg-type]
            plant_device = registry.async_get_device({plant_identifier(plant.serial)})
            if plant_device is not None and unit == plant.inverter_ids[0] and firmware:
                registry.async_update_device(plant_device.id, sw_version=str(firmware))

        entry.async_on_unload(coordinator.async_add_listener(_update))


async def _async_options_updated(hass: HomeAssistant, entry: SigenConfigEntry) -> None:
    """Apply new poll intervals."""
    await hass.config_entries.async_reload(entry.entry_id)


async def async_unload_entry(hass: HomeAssistant, entry: SigenConfigEntry) -> bool:
    """Unload platforms and close the Modbus connection."""
    runtime = entry.runtime_data
    runtime.controller.writer.stopping = True  # from here on only a release reaches the plant
    unloaded = await hass.config_entries.async_unload_platforms(entry, PLATFORMS)
    if not unloaded:
        runtime.controller.writer.stopping = False
        return False
    await runtime.optimiser.async_shutdown()
    await runtime.controller.async_shutdown()
    await runtime.client.close()
    return True


async def async_remove_entry(hass: HomeAssistant, entry: SigenConfigEntry) -> None:
    """Forget the stored override and emergency-stop state of a removed plant."""
    await async_remove_control_data(hass, entry.entry_id)
    await async_remove_optimiser_data(hass, entry.entry_id)
    await async_remove_schedule_data(hass, entry.entry_id)
