"""SigenClient against a real Modbus TCP server on 127.0.0.1 (tests/sigen/responder.py)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
import itertools
import logging
import time

import pymodbus
from pymodbus.client import AsyncModbusTcpClient
import pytest

from custom_components.sigenstor.sigen import client as client_mod, pymodbus_glue
from custom_components.sigenstor.sigen.client import Priority, SigenClient
from custom_components.sigenstor.sigen.codec import encode
from custom_components.sigenstor.sigen.exceptions import (
    SigenConnectionError,
    SigenModbusError,
    SigenTimeoutError,
    SigenUnsupportedError,
)
from custom_components.sigenstor.sigen.read_plan import plan_reads
from custom_components.sigenstor.sigen.registers import (
    PLANT_UNIT_ID,
    Access,
    DataType,
    Device,
    Register,
    Tier,
    get,
    registers_for,
)

from .responder import Responder

pytestmark = pytest.mark.pymodbus_compat

PLANT = PLANT_UNIT_ID
GAP = 0.05  # test spacing; the default 1.0 s has its own test


@pytest.fixture
async def server(socket_enabled: None) -> AsyncIterator[Responder]:
    responder = Responder()
    await responder.start()
    yield responder
    await responder.stop()


@pytest.fixture
async def client(server: Responder) -> AsyncIterator[SigenClient]:
    sigen = SigenClient(
        server.host, server.port, min_interval=GAP, timeout=0.5, reconnect_spacing=0.1
    )
    yield sigen
    await sigen.close()


def put(server: Responder, unit: int, key: str, value: float | int | str | None) -> None:
    reg = get(key)
    server.set_words(unit, reg.address, encode(reg, value))


def arrivals(server: Responder) -> list[float]:
    return [r.at for r in server.records]


def gaps(server: Responder) -> list[float]:
    times = arrivals(server)
    return [b - a for a, b in itertools.pairwise(times)]


async def test_reads_scaled_values_in_planned_blocks(server, client):
    put(server, PLANT, "plant_ess_soc", 65.5)
    put(server, PLANT, "grid_active_power", -2.345)
    put(server, PLANT, "plant_ems_work_mode", 7)
    put(server, PLANT, "plant_pv_power", 4.2)
    put(server, PLANT, "plant_ess_available_max_charge_power", 1.5)
    put(server, 1, "inv_model", "SigenStor EC 10.0 TP")
    put(server, 1, "inv_ess_avg_cell_temperature", -3.5)
    regs = registers_for(Device.PLANT, Tier.LIVE)
    values = await client.read(PLANT, regs, priority=Priority.LIVE)
    assert values["plant_ess_soc"] == 65.5
    assert values["grid_active_power"] == -2.345
    assert values["plant_ems_work_mode"] == 7
    assert values["plant_pv_power"] == 4.2
    assert values["plant_ess_available_max_charge_power"] == 1.5
    assert set(values) == {r.key for r in regs}
    assert len(server.records) == len(plan_reads(regs))
    assert {r.function_code for r in server.records} == {0x04}
    inv = await client.read(1, [get("inv_model"), get("inv_ess_avg_cell_temperature")])
    assert inv == {"inv_model": "SigenStor EC 10.0 TP", "inv_ess_avg_cell_temperature": -3.5}
    assert server.records[-1].unit_id == 1
    holding = await client.read(PLANT, [get("ess_max_charge_limit")])
    assert holding == {"ess_max_charge_limit": 0.0}
    assert server.records[-1].function_code == 0x03
    assert server.connections == 1
    assert client.stats.count == len(server.records)


async def test_spacing_counts_from_end_of_previous_request(server, client):
    server.delay = 0.03
    await client.read(PLANT, registers_for(Device.PLANT))
    assert len(server.records) >= 5
    # Arrival-to-arrival covers the answer delay plus the full spacing after the answer.
    assert min(gaps(server)) >= GAP + server.delay
    assert client.stats.min_spacing_s is not None
    assert client.stats.min_spacing_s >= GAP


async def test_default_spacing_is_one_second(server):
    sigen = SigenClient(server.host, server.port)
    try:
        regs = [get("plant_ess_soc"), get("plant_pv_energy_total"), get("total_load_power")]
        assert len(plan_reads(regs)) == 3
        await sigen.read(PLANT, regs)
    finally:
        await sigen.close()
    assert len(server.records) == 3
    assert min(gaps(server)) >= 1.0


async def test_concurrent_callers_are_serialised_and_spaced(server, client):
    regs = [get("plant_ess_soc")]
    await asyncio.gather(*(client.read(u, regs) for u in (PLANT, 1, 2, 3, PLANT, 1)))
    assert len(server.records) == 6
    assert min(gaps(server)) >= GAP


async def test_priority_order_write_first_then_live_slow_static(server, client):
    server.delay = 0.2
    soc = [get("plant_ess_soc")]
    first = asyncio.create_task(client.read(PLANT, soc, priority=Priority.SLOW))
    await asyncio.wait_for(server.seen.wait(), 1)  # the first read is on the wire
    tasks = [
        asyncio.create_task(client.read(11, soc, priority=Priority.STATIC)),
        asyncio.create_task(client.read(12, soc, priority=Priority.SLOW)),
        asyncio.create_task(client.read(13, soc, priority=Priority.LIVE)),
        asyncio.create_task(client.read(14, soc, priority=Priority.SLOW)),
        asyncio.create_task(client.write(15, {get("ess_backup_soc"): 20})),
    ]
    await asyncio.gather(first, *tasks)
    order = [r.unit_id for r in server.records]
    assert order == [PLANT, 15, 13, 12, 14, 11]
    assert server.records[1].function_code == 0x06


async def test_cancelled_waiter_does_not_block_the_slot(server, client):
    server.delay = 0.1
    soc = [get("plant_ess_soc")]
    first = asyncio.create_task(client.read(PLANT, soc))
    await asyncio.wait_for(server.seen.wait(), 1)
    doomed = asyncio.create_task(client.read(2, soc))
    later = asyncio.create_task(client.read(3, soc))
    await asyncio.sleep(0.01)
    doomed.cancel()
    await asyncio.gather(first, later)
    assert doomed.cancelled()
    assert [r.unit_id for r in server.records] == [PLANT, 3]


async def test_exception_02_marks_unsupported_without_reconnect(server, client):
    soc = get("plant_ess_soc")
    server.exceptions[PLANT, soc.address] = 0x02
    put(server, PLANT, "plant_pv_power", 3.0)
    regs = registers_for(Device.PLANT, Tier.LIVE)
    values = await client.read(PLANT, regs)
    assert "plant_ess_soc" not in values
    assert values["plant_pv_power"] == 3.0
    assert set(values) == {r.key for r in regs} - {"plant_ess_soc"}
    assert client.unsupported(PLANT) == frozenset({"plant_ess_soc"})
    assert client.unsupported(1) == frozenset()
    assert server.connections == 1
    # Later polls neither ask for the register nor read through it, and the unit is not
    # backing off: 0x02 is an answer, not a failure.
    assert client.backoff_remaining(PLANT) == 0
    mark = len(server.records)
    again = await client.read(PLANT, regs)
    assert again.keys() == values.keys()
    later = server.records[mark:]
    assert all(not r.address <= soc.address < r.address + r.count for r in later)
    assert len(later) <= len(plan_reads(regs)) + 1
    assert server.connections == 1


async def test_exception_02_in_a_bridged_hole_adds_a_cut(server, client):
    # 30073-30082 are documented as reserved; some firmware could refuse reading through them.
    server.exceptions[PLANT, 30075] = 0x02
    put(server, PLANT, "plant_ess_rated_capacity", 16.0)
    regs = [get("plant_merged_alarm_5"), get("plant_ess_rated_capacity")]
    assert len(plan_reads(regs)) == 1  # the planner bridges the 10-word hole
    values = await client.read(PLANT, regs)
    assert values == {"plant_merged_alarm_5": 0, "plant_ess_rated_capacity": 16.0}
    assert client.unsupported(PLANT) == frozenset()
    mark = len(server.records)
    await client.read(PLANT, regs)
    later = server.records[mark:]
    assert len(later) == 2
    assert all(not r.address <= 30075 < r.address + r.count for r in later)


async def test_read_block_skips_known_unsupported(server, client):
    server.exceptions[PLANT, get("plant_ess_soc").address] = 0x02
    (block,) = plan_reads([get("plant_ems_work_mode"), get("plant_ess_soc")])
    assert await client.read_block(PLANT, block) == {"plant_ems_work_mode": 0}
    mark = len(server.records)
    assert await client.read_block(PLANT, block) == {"plant_ems_work_mode": 0}
    assert len(server.records) == mark + 1


async def test_other_exception_codes_raise_modbus_error(server, client):
    server.exceptions[PLANT, get("plant_ess_soc").address] = 0x04
    with pytest.raises(SigenModbusError) as info:
        await client.read(PLANT, [get("plant_ess_soc")])
    assert info.value.code == 0x04
    assert not isinstance(info.value, SigenUnsupportedError)
    assert client.unsupported(PLANT) == frozenset()
    assert await client.read(PLANT, [get("plant_ems_work_mode")]) == {"plant_ems_work_mode": 0}
    assert server.connections == 1


async def test_dead_unit_backs_off_alone(server, client):
    soc = [get("inv_ess_soc")]
    server.silent_units.add(5)
    with pytest.raises(SigenTimeoutError):
        await client.read(5, soc)
    asked = len(server.records)
    # Backing off: fails at once without touching the plant.
    started = time.monotonic()
    with pytest.raises(SigenConnectionError, match="backing off"):
        await client.read(5, soc)
    assert time.monotonic() - started < 0.1
    assert len(server.records) == asked
    assert 0.5 < client.backoff_remaining(5) <= 1.0
    # Other units keep working meanwhile (over a fresh link).
    assert await client.read(1, soc) == {"inv_ess_soc": 0.0}
    assert client.backoff_remaining(1) == 0
    # After 1 s the unit is tried again; a second failure doubles the backoff.
    await asyncio.sleep(client.backoff_remaining(5) + 0.01)
    with pytest.raises(SigenTimeoutError):
        await client.read(5, soc)
    assert 1.5 < client.backoff_remaining(5) <= 2.0
    assert client.stats.timeouts == 2
    # Once it answers again, the backoff is cleared.
    server.silent_units.clear()
    await asyncio.sleep(client.backoff_remaining(5) + 0.01)
    assert await client.read(5, soc) == {"inv_ess_soc": 0.0}
    assert client.backoff_remaining(5) == 0


async def test_backoff_is_bounded(server):
    sigen = SigenClient(
        server.host,
        server.port,
        min_interval=0.0,
        timeout=0.2,
        max_backoff=0.3,
        reconnect_spacing=0.05,
    )
    server.silent_units.add(9)
    try:
        for _ in range(4):
            await asyncio.sleep(sigen.backoff_remaining(9))
            with pytest.raises(SigenTimeoutError):
                await sigen.read(9, [get("inv_ess_soc")])
        assert 0.2 < sigen.backoff_remaining(9) <= 0.3
    finally:
        await sigen.close()


async def test_gateway_exception_backs_off_without_dropping_link(server, client):
    server.exceptions[7, get("inv_ess_soc").address] = 0x0B
    with pytest.raises(SigenConnectionError, match="0x0B"):
        await client.read(7, [get("inv_ess_soc")])
    assert client.backoff_remaining(7) > 0
    assert await client.read(PLANT, [get("plant_ess_soc")]) == {"plant_ess_soc": 0.0}
    assert server.connections == 1


async def test_reconnects_after_server_restart(server, client):
    soc = [get("plant_ess_soc")]
    assert await client.read(PLANT, soc) == {"plant_ess_soc": 0.0}
    await server.stop()
    with pytest.raises(SigenConnectionError):
        await client.read(PLANT, soc)
    await server.start()  # same port
    put(server, PLANT, "plant_ess_soc", 42.0)
    await asyncio.sleep(client.backoff_remaining(PLANT) + 0.01)
    assert await client.read(PLANT, soc) == {"plant_ess_soc": 42.0}
    assert client.stats.connects == 2


async def test_dropped_connection_is_all_or_nothing_then_recovers(server, client):
    put(server, PLANT, "plant_ess_soc", 12.3)
    regs = [get("plant_ess_soc"), get("plant_pv_energy_total")]
    assert len(plan_reads(regs)) == 2
    # The first block is answered, then the plant drops the link on the second one.
    server.answer_first, server.drop_next = 1, 1
    started = time.monotonic()
    with pytest.raises(SigenConnectionError) as info:
        await client.read(PLANT, regs)
    assert not isinstance(info.value, SigenTimeoutError)
    assert time.monotonic() - started < 0.4  # noticed at once, not after the 0.5 s timeout
    assert len(server.records) == 2
    await asyncio.sleep(client.backoff_remaining(PLANT) + 0.01)
    assert await client.read(PLANT, regs) == {
        "plant_ess_soc": 12.3,
        "plant_pv_energy_total": 0.0,
    }
    assert server.connections == 2


async def test_writes_group_contiguous_registers(server, client):
    await client.write(
        PLANT,
        {
            get("remote_ems_control_mode"): 4,
            get("remote_ems_enable"): 1,
            get("independent_phase_control_enable"): 0,
            get("ess_max_charge_limit"): 3.5,
        },
    )
    (rec,) = server.records
    assert (rec.function_code, rec.address, rec.count) == (0x10, 40029, 5)
    assert rec.values == (1, 0, 4, 0, 3500)
    keys = ("remote_ems_enable", "remote_ems_control_mode", "ess_max_charge_limit")
    values = await client.read(PLANT, [get(k) for k in keys])
    assert values == {
        "remote_ems_enable": 1,
        "remote_ems_control_mode": 4,
        "ess_max_charge_limit": 3.5,
    }


async def test_write_function_codes(server, client):
    await client.write(PLANT, {get("ess_backup_soc"): 15})
    await client.write(PLANT, {get("pv_max_power_limit"): 6.0})
    await client.write(PLANT, {get("plant_start_stop"): 1, get("plant_active_power_setpoint"): -1})
    await client.write(PLANT, {get("ess_backup_soc"): 10, get("ess_discharge_cutoff_soc"): 10})
    await client.write(PLANT, {get("pcs_export_limit"): None})
    summary = [(r.function_code, r.address, r.values) for r in server.records]
    assert summary == [
        (0x06, 40046, (150,)),
        (0x10, 40036, (0, 6000)),
        (0x06, 40000, (1,)),  # write-only command: alone, 0x06
        (0x10, 40001, (0xFFFF, 0xFC18)),
        (0x06, 40046, (100,)),  # 40047 not in the write: two separate runs
        (0x06, 40048, (100,)),
        (0x10, 40042, (0xFFFF, 0xFFFF)),
    ]


async def test_invalid_writes_send_nothing(server, client):
    with pytest.raises(ValueError, match="not writable"):
        await client.write(PLANT, {get("plant_ess_soc"): 50})
    with pytest.raises(ValueError, match="out of range"):
        await client.write(PLANT, {get("remote_ems_enable"): 1, get("ess_backup_soc"): 7000})
    assert server.records == []


async def test_write_exception_02_raises_unsupported(server, client):
    server.exceptions[PLANT, 40032] = 0x02
    with pytest.raises(SigenUnsupportedError):
        await client.write(PLANT, {get("ess_max_charge_limit"): 1.0})
    assert client.unsupported(PLANT) == frozenset()


async def test_connect_errors(socket_enabled):
    probe = Responder()
    await probe.start()
    port = probe.port
    await probe.stop()
    sigen = SigenClient("127.0.0.1", port, timeout=0.5)
    with pytest.raises(SigenConnectionError):
        await sigen.connect()
    with pytest.raises(SigenConnectionError):
        await sigen.read(PLANT, [get("plant_ess_soc")])
    await sigen.close()


async def test_connect_and_request_timeout(server):
    server.silent_units.add(PLANT)
    sigen = SigenClient(server.host, server.port, min_interval=GAP, timeout=0.2)
    await sigen.connect()
    started = time.monotonic()
    with pytest.raises(SigenTimeoutError):
        await sigen.read(PLANT, [get("plant_ess_soc")])
    assert 0.2 <= time.monotonic() - started < 1.0
    await sigen.close()


async def test_unit_id_validated(client):
    with pytest.raises(ValueError, match="unit id"):
        await client.read(0, [get("plant_ess_soc")])
    with pytest.raises(ValueError, match="unit id"):
        await client.read(248, [get("plant_ess_soc")])


async def test_close_leaves_nothing_running(server):
    sigen = SigenClient(server.host, server.port, min_interval=0.5, timeout=0.5)
    before = asyncio.all_tasks()
    await sigen.read(PLANT, [get("plant_ess_soc")])
    # A queued request is waiting for its slot (timer armed) when close() runs.
    queued = asyncio.create_task(sigen.read(PLANT, [get("plant_ess_soc")]))
    await asyncio.sleep(0.05)
    await sigen.close()
    with pytest.raises(SigenConnectionError, match="closed"):
        await queued
    await sigen.close()  # idempotent
    for _ in range(3):
        await asyncio.sleep(0)
    assert asyncio.all_tasks() - before == set()
    loop = asyncio.get_running_loop()
    mine = [h for h in getattr(loop, "_scheduled", []) if not h.cancelled() and "Sigen" in repr(h)]
    assert mine == []
    with pytest.raises(SigenConnectionError, match="closed"):
        await sigen.read(PLANT, [get("plant_ess_soc")])
    assert len(server.records) == 1


async def test_unit_keyword_matches_pymodbus_version():
    major, minor = (int(x) for x in pymodbus.__version__.split(".")[:2])
    expected = "device_id" if (major, minor) >= (3, 10) else "slave"
    assert pymodbus_glue.unit_kwarg() == expected


async def test_logs_once_per_state_change(socket_enabled, caplog):
    probe = Responder()
    await probe.start()
    await probe.stop()
    sigen = SigenClient(
        "127.0.0.1", probe.port, min_interval=0.0, timeout=0.3, reconnect_spacing=0.05
    )
    caplog.set_level(logging.DEBUG)
    try:
        for _ in range(3):
            await asyncio.sleep(sigen.backoff_remaining(PLANT))
            with pytest.raises(SigenConnectionError):
                await sigen.read(PLANT, [get("plant_ess_soc")])
        # INFO: the entry's link monitor gives the owner the one WARNING of an outage.
        assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
        assert not any("Failed to connect" in r.getMessage() for r in caplog.records)
        await probe.start()  # same port: the plant is back
        await asyncio.sleep(sigen.backoff_remaining(PLANT))
        assert await sigen.read(PLANT, [get("plant_ess_soc")]) == {"plant_ess_soc": 0.0}
        ours = [r.getMessage() for r in caplog.records if r.name == client_mod.__name__]
        assert sum(m.startswith("Connected to") for m in ours) == 1
        assert sum(m.startswith("Cannot reach") for m in ours) == 1
    finally:
        await sigen.close()
        await probe.stop()


def custom(key: str, address: int) -> Register:
    return Register(
        key, address, 1, DataType.U16, 1, None, Access.RO, Device.PLANT, "V2.9", Tier.SLOW
    )


async def test_refused_hole_inside_a_half_adds_only_that_cut(server, client):
    regs = [custom("a", 30100), custom("b", 30105), custom("c", 30106), custom("d", 30107)]
    for reg in regs:
        server.set_words(PLANT, reg.address, [reg.address - 30000])
    server.exceptions[PLANT, 30102] = 0x02
    assert len(plan_reads(regs)) == 1
    assert await client.read(PLANT, regs) == {"a": 100, "b": 105, "c": 106, "d": 107}
    assert client.unsupported(PLANT) == frozenset()
    mark = len(server.records)
    assert await client.read(PLANT, regs) == {"a": 100, "b": 105, "c": 106, "d": 107}
    later = [(r.address, r.count) for r in server.records[mark:]]
    assert later == [(30100, 1), (30105, 3)]


async def test_cancelled_request_drops_the_link(server, client):
    put(server, PLANT, "plant_ess_soc", 33.0)
    server.delay = 0.3
    task = asyncio.create_task(client.read(PLANT, [get("plant_ess_soc")]))
    await asyncio.wait_for(server.seen.wait(), 1)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    server.delay = 0.0
    assert await client.read(PLANT, [get("plant_ess_soc")]) == {"plant_ess_soc": 33.0}
    assert server.connections == 2
    assert client.backoff_remaining(PLANT) == 0


async def test_connect_timeout_is_reported_as_timeout(server, monkeypatch):
    async def never_connects(self: object) -> bool:
        await asyncio.sleep(30)
        return True

    # A host that never completes the TCP handshake (unreachable from the sandbox otherwise).
    monkeypatch.setattr(AsyncModbusTcpClient, "connect", never_connects)
    sigen = SigenClient(server.host, server.port, timeout=0.2, reconnect_spacing=10)
    started = time.monotonic()
    with pytest.raises(SigenTimeoutError):
        await sigen.connect()
    assert time.monotonic() - started < 1.0
    # The next attempt waits for the link's spacing: no second connect at once.
    with pytest.raises(SigenConnectionError, match="reconnecting"):
        await sigen.read(PLANT, [get("plant_ess_soc")])
    assert sigen.backoff_remaining(PLANT) > 0
    assert sigen.stats.connect_attempts == 1
    await sigen.close()


async def test_short_response_is_a_transport_error(server, client):
    server.short_reads = True
    with pytest.raises(SigenConnectionError, match="got 1"):
        await client.read(PLANT, [get("grid_active_power")])
    assert client.stats.errors == 1
    server.short_reads = False
    await asyncio.sleep(client.backoff_remaining(PLANT))
    assert await client.read(PLANT, [get("grid_active_power")]) == {"grid_active_power": 0.0}


async def test_controller_requests_are_not_held_back_by_the_poll_backoff(server, client):
    soc = [get("plant_ess_soc")]
    server.silent_units.add(PLANT)
    with pytest.raises(SigenTimeoutError):
        await client.read(PLANT, soc)
    server.silent_units.clear()  # the plant answers again
    assert client.backoff_remaining(PLANT) > 0
    with pytest.raises(SigenConnectionError, match="backing off"):
        await client.read(PLANT, soc)  # a poll waits for the backoff
    # A controller read-back (and so a release) goes out at once, spaced like any request.
    assert await client.read(PLANT, soc, priority=Priority.WRITE) == {"plant_ess_soc": 0.0}
    assert client.backoff_remaining(PLANT) == 0


async def test_an_outage_costs_one_connection_attempt_per_spacing(socket_enabled):
    """Refused connections: requests meanwhile fail at once; one attempt per spacing."""
    probe = Responder()
    await probe.start()
    port = probe.port
    await probe.stop()
    sigen = SigenClient("127.0.0.1", port, min_interval=0.0, timeout=0.3, reconnect_spacing=0.4)
    soc = [get("plant_ess_soc")]
    try:
        loop = asyncio.get_running_loop()
        started = loop.time()
        while loop.time() - started < 1.0:  # a poller that does not wait
            with pytest.raises(SigenConnectionError):
                await sigen.read(PLANT, soc, priority=Priority.WRITE)
            await asyncio.sleep(0.02)
        assert sigen.stats.connect_attempts == 3  # at 0, 0.4 and 0.8 s
        await probe.start()  # same port: the plant is back
        await asyncio.sleep(sigen.backoff_remaining(PLANT))
        assert await sigen.read(PLANT, soc) == {"plant_ess_soc": 0.0}
        assert sigen.stats.connect_attempts == 4
    finally:
        await sigen.close()
        await probe.stop()


async def test_a_link_that_answered_reconnects_at_once(server, client):
    """One drop of a healthy link is no outage: the next request reconnects straight away."""
    soc = [get("plant_ess_soc")]
    assert await client.read(PLANT, soc) == {"plant_ess_soc": 0.0}
    server.drop_next = 1
    with pytest.raises(SigenConnectionError):
        await client.read(PLANT, soc)
    assert client.backoff_remaining(PLANT) == 0
    assert await client.read(PLANT, soc) == {"plant_ess_soc": 0.0}
