"""Fault injection and the request log."""

from __future__ import annotations

import asyncio
import time

from pymodbus.client import AsyncModbusTcpClient
from pymodbus.exceptions import ModbusException
import pytest

from simulator import Simulator

from .conftest import read, read_holding, write

pytestmark = pytest.mark.pymodbus_compat


async def test_delay(sim: Simulator, client) -> None:
    sim.faults.delay_s = 0.25
    started = time.monotonic()
    answer = await read(client, 30014, 1)
    assert not answer.isError()
    assert time.monotonic() - started >= 0.25
    sim.faults.clear()
    started = time.monotonic()
    await read(client, 30014, 1)
    assert time.monotonic() - started < 0.2


async def test_offline_unit_times_out_while_others_answer(sim: Simulator) -> None:
    sim.faults.offline_units.add(1)
    modbus = AsyncModbusTcpClient("127.0.0.1", port=sim.port, timeout=0.3, retries=0)
    await modbus.connect()
    try:
        with pytest.raises(ModbusException):
            await read(modbus, 30601, 1, unit=1)
        assert sim.requests[-1].response == "offline"
        plant = await read(modbus, 30014, 1)  # the plant still answers on the same link
        assert not plant.isError()
    finally:
        modbus.close()


async def test_exception_injection(sim: Simulator, client) -> None:
    rule = sim.faults.exception_for(247, (40032, 40035), 0x02, function_codes=[0x06, 0x10])
    assert rule.code == 0x02
    rejected = await write(client, 40032, [0, 1000])
    assert rejected.isError()
    assert rejected.exception_code == 0x02
    assert sim.value("ess_max_charge_limit") is None  # nothing applied
    readable = await read(client, 40032, 2)
    assert not readable.isError()  # reads are not covered by this rule
    sim.faults.exception_for(None, range(30014, 30015), 0x04)
    failed = await read(client, 30010, 10)  # overlaps 30014
    assert failed.isError()
    assert failed.exception_code == 0x04
    other = await read(client, 30000, 10)
    assert not other.isError()
    assert sim.requests[-2].response == "exception"
    assert sim.requests[-2].exception_code == 0x04
    sim.faults.clear()
    assert not (await read(client, 30014, 1)).isError()


async def test_ignore_writes_acknowledges_without_applying(sim: Simulator, client) -> None:
    sim.faults.ignore_writes = True
    answer = await write(client, 40047, [800])
    assert not answer.isError()
    assert sim.value("ess_charge_cutoff_soc") == pytest.approx(100.0)
    assert sim.requests[-1].response == "ignored"
    invalid = await write(client, 40031, [7])  # still validated
    assert invalid.isError()
    assert invalid.exception_code == 0x03
    sim.faults.ignore_writes = False
    await write(client, 40047, [800])
    assert sim.value("ess_charge_cutoff_soc") == pytest.approx(80.0)


async def test_drop_connections_and_reconnect(sim: Simulator) -> None:
    modbus = AsyncModbusTcpClient(
        "127.0.0.1", port=sim.port, timeout=0.5, retries=0, reconnect_delay=0
    )
    await modbus.connect()
    try:
        assert not (await read(modbus, 30014, 1)).isError()
        for _ in range(20):
            if sim.connection_count:
                break
            await asyncio.sleep(0.01)
        assert sim.faults.drop_connections() == 1
        await asyncio.sleep(0.05)
        assert not modbus.connected
        assert await modbus.connect()
        assert not (await read(modbus, 30014, 1)).isError()
    finally:
        modbus.close()


async def test_drop_next_request(sim: Simulator) -> None:
    modbus = AsyncModbusTcpClient(
        "127.0.0.1", port=sim.port, timeout=0.5, retries=0, reconnect_delay=0
    )
    await modbus.connect()
    try:
        sim.faults.drop_next_requests = 1
        with pytest.raises(ModbusException):
            await read(modbus, 30014, 1)
        assert sim.requests[-1].response == "dropped"
        await asyncio.sleep(0.05)
        assert await modbus.connect()
        assert not (await read(modbus, 30014, 1)).isError()
    finally:
        modbus.close()


async def test_request_log_records_arrival_times(sim: Simulator, client) -> None:
    before = time.monotonic()
    await read(client, 30014, 1)
    await asyncio.sleep(0.2)
    await write(client, 40047, [950])
    after = time.monotonic()
    first, second = sim.requests[-2:]
    assert before <= first.monotonic < second.monotonic <= after
    assert second.monotonic - first.monotonic >= 0.2
    assert abs(first.wall - time.time()) < 5
    assert (first.unit_id, first.function_code, first.address, first.count) == (247, 4, 30014, 1)
    assert first.values is None
    assert not first.is_write
    assert first.response == "ok"
    assert (second.function_code, second.address, second.values) == (6, 40047, (950,))
    assert second.is_write
    assert second.exception_code is None
    assert first.connection == second.connection


async def test_lost_answer_after_the_write_was_applied(sim: Simulator) -> None:
    modbus = AsyncModbusTcpClient(
        "127.0.0.1", port=sim.port, timeout=0.5, retries=0, reconnect_delay=0
    )
    await modbus.connect()
    try:
        sim.faults.lose_next_answers = 1
        with pytest.raises(ModbusException):
            await write(modbus, 40029, [1])
        assert sim.requests[-1].response == "lost"
        assert sim.value("remote_ems_enable") == 1  # applied although never answered
        assert sim.faults.lose_next_answers == 0
        await asyncio.sleep(0.05)
        assert await modbus.connect()
        assert not (await write(modbus, 40029, [0])).isError()
        assert sim.value("remote_ems_enable") == 0
    finally:
        modbus.close()


async def test_slow_apply_shows_new_values_only_after_the_delay(sim: Simulator, client) -> None:
    sim.faults.apply_delay_s = 0.3
    assert not (await write(client, 40029, [1])).isError()
    assert sim.requests[-1].response == "delayed"
    assert not (await write(client, 40031, [3])).isError()
    assert (await read_holding(client, 40029, 3)).registers == [0, 0, 2]
    await asyncio.sleep(0.35)
    # Applied in arrival order, visible to reads and to the Python API alike.
    assert (await read_holding(client, 40029, 3)).registers == [1, 0, 3]
    assert sim.value("remote_ems_control_mode") == 3
    sim.faults.clear()
    assert sim.faults.apply_delay_s == 0


async def test_slow_apply_keeps_the_order_after_the_fault_is_off(sim: Simulator, client) -> None:
    sim.faults.apply_delay_s = 0.2
    assert not (await write(client, 40029, [1])).isError()
    sim.faults.apply_delay_s = 0.0
    assert not (await write(client, 40029, [0])).isError()  # waits behind the slow one
    assert sim.requests[-1].response == "delayed"
    assert sim.value("remote_ems_enable") == 0
    await asyncio.sleep(0.25)
    assert sim.value("remote_ems_enable") == 0  # 1 then 0, in order: never overtaken
    assert [r.response for r in sim.requests[-2:]] == ["delayed", "delayed"]
