"""SigenClient against the project's simulator: its intended peer on 127.0.0.1."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
import itertools
import logging

import pytest

from custom_components.sigenstor.sigen.client import Priority, SigenClient
from custom_components.sigenstor.sigen.exceptions import (
    SigenConnectionError,
    SigenModbusError,
    SigenTimeoutError,
)
from custom_components.sigenstor.sigen.read_plan import plan_reads
from custom_components.sigenstor.sigen.registers import (
    PLANT_UNIT_ID,
    Device,
    Register,
    Tier,
    get,
    registers_for,
)
from simulator import SimConfig, Simulator

pytestmark = pytest.mark.pymodbus_compat

GAP = 0.03


@pytest.fixture
async def sim(socket_enabled: None) -> AsyncIterator[Simulator]:
    simulator = Simulator(
        SimConfig(port=0, inverters=2, speed=0, seed=3, start_time=datetime(2026, 1, 15, 12, 0))
    )
    await simulator.start()
    yield simulator
    await simulator.stop()


@pytest.fixture
async def client(sim: Simulator) -> AsyncIterator[SigenClient]:
    sigen = SigenClient(sim.host, sim.port, min_interval=GAP, timeout=0.5)
    yield sigen
    await sigen.close()


def readable(device: Device, tier: Tier | None = None) -> list[Register]:
    return [r for r in registers_for(device, tier) if r.readable]


@pytest.mark.parametrize(("device", "unit"), [(Device.PLANT, PLANT_UNIT_ID), (Device.INVERTER, 2)])
async def test_every_register_matches_the_simulator(sim, client, device, unit):
    regs = readable(device)
    values = await client.read(unit, regs)
    assert client.unsupported(unit) == frozenset()
    assert set(values) == {r.key for r in regs}
    mismatches = {
        r.key: (values[r.key], sim.value(r.key, unit))
        for r in regs
        if values[r.key] != sim.value(r.key, unit)
    }
    assert mismatches == {}
    assert len(sim.requests) == len(plan_reads(regs))
    assert all(rec.count <= 124 for rec in sim.requests)


async def test_requests_are_spaced_at_the_server(sim, client):
    for tier in Tier:
        await client.read(PLANT_UNIT_ID, readable(Device.PLANT, tier), priority=Priority.LIVE)
        await client.read(1, readable(Device.INVERTER, tier))
    times = [rec.monotonic for rec in sim.requests]
    assert len(times) >= 10
    assert min(b - a for a, b in itertools.pairwise(times)) >= GAP


async def test_unsupported_register_and_offline_unit(sim, client):
    sim.faults.exception_for(PLANT_UNIT_ID, get("plant_ess_soh").address, 0x02)
    values = await client.read(PLANT_UNIT_ID, readable(Device.PLANT, Tier.SLOW))
    assert "plant_ess_soh" not in values
    assert client.unsupported(PLANT_UNIT_ID) == frozenset({"plant_ess_soh"})
    sim.faults.offline_units.add(1)
    with pytest.raises(SigenTimeoutError):
        await client.read(1, readable(Device.INVERTER, Tier.LIVE))
    with pytest.raises(SigenConnectionError, match="backing off"):
        await client.read(1, readable(Device.INVERTER, Tier.LIVE))
    live = await client.read(2, readable(Device.INVERTER, Tier.LIVE))
    assert live["inv_ess_soc"] == sim.value("inv_ess_soc", 2)


async def test_remote_ems_write_and_reconnect(sim, client):
    await client.write(
        PLANT_UNIT_ID,
        {get("remote_ems_enable"): 1, get("remote_ems_control_mode"): 4},
    )
    writes = [rec for rec in sim.requests if rec.is_write]
    # 40030 is not part of the write, so these are two single-word 0x06 requests.
    assert [(w.function_code, w.address, w.count) for w in writes] == [
        (0x06, 40029, 1),
        (0x06, 40031, 1),
    ]
    assert sim.value("remote_ems_control_mode") == 4
    sim.faults.drop_connections()
    mode = await client.read(PLANT_UNIT_ID, [get("plant_ems_work_mode")])
    assert mode == {"plant_ems_work_mode": 7}  # remote EMS, read over a new connection
    assert client.stats.connects == 2


async def test_exception_replies_log_nothing_from_pymodbus(sim, client, caplog):
    """An exception reply is the request's error, not one pymodbus ERROR line per reply."""
    caplog.set_level(logging.DEBUG)
    sim.faults.exception_for(PLANT_UNIT_ID, (30000, 30100), 0x04)
    soc = get("plant_ess_soc")
    for _ in range(3):
        with pytest.raises(SigenModbusError):
            await client.read(PLANT_UNIT_ID, [soc], priority=Priority.LIVE)
    loud = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert loud == []
    # Someone else's pymodbus messages still get through.
    logging.getLogger("pymodbus.logging").error("Exception response 131 / 0")
    assert [r for r in caplog.records if r.levelno >= logging.WARNING]


async def test_spacing_holds_across_clients_of_one_plant(sim):
    """A probe, then the entry's own client: the second client's first request waits."""
    soc = [get("plant_ess_soc")]
    probe = SigenClient(sim.host, sim.port, min_interval=0.3, timeout=0.5)
    await probe.read(PLANT_UNIT_ID, soc)
    await probe.close()
    entry = SigenClient(sim.host, sim.port, min_interval=0.3, timeout=0.5)
    try:
        await entry.read(PLANT_UNIT_ID, soc)
    finally:
        await entry.close()
    first, second = sim.requests[-2:]
    assert second.monotonic - first.monotonic >= 0.3


async def test_a_plant_that_turns_slow_keeps_delivering(sim, client):
    """Answers slower than the base timeout: one timeout, then every read answered, no drops."""
    regs = [get("plant_ess_soc")]
    await client.read(PLANT_UNIT_ID, regs)
    sim.faults.delay_s = 0.8  # the base timeout is 0.5 s
    with pytest.raises(SigenTimeoutError):
        await client.read(PLANT_UNIT_ID, regs)
    connects = client.stats.connects
    for _ in range(3):  # the next request waits longer, then the timeout has learnt
        await client.read(PLANT_UNIT_ID, regs, priority=Priority.WRITE)
    assert client.stats.connects == connects + 1  # the one reconnect after the timeout
    assert client.stats.timeouts == 1
