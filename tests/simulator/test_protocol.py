"""Protocol behaviour of the simulator seen through pymodbus and raw sockets."""

from __future__ import annotations

import asyncio
import itertools
import struct

from pymodbus.client import AsyncModbusTcpClient
import pytest

from custom_components.sigenstor.sigen import codec
from custom_components.sigenstor.sigen.registers import PLANT_UNIT_ID, Device, get, registers_for
from simulator import Simulator
from simulator.datastore import BLOCKS

from .conftest import RawClient, make_config, read, read_holding, write

pytestmark = pytest.mark.pymodbus_compat


def _words(value: int, count: int) -> list[int]:
    return [(value >> (16 * (count - 1 - i))) & 0xFFFF for i in range(count)]


async def test_reads_return_pinned_values_with_scaling(sim: Simulator, client) -> None:
    sim.set_value("plant_ess_soc", 63.4)
    sim.set_value("grid_active_power", -2.345)
    sim.set_value("inv_ess_avg_cell_temperature", -3.5, unit_id=1)
    soc = await read(client, 30014, 1)
    grid = await read(client, 30005, 2)
    temp = await read(client, 30603, 1, unit=1)
    assert soc.registers == [634]
    assert grid.registers == _words((-2345) & 0xFFFFFFFF, 2)
    assert temp.registers == [(-35) & 0xFFFF]
    assert codec.decode(get("grid_active_power"), grid.registers) == pytest.approx(-2.345)
    assert sim.value("plant_ess_soc") == pytest.approx(63.4)
    sim.clear_value("plant_ess_soc")
    assert (await read(client, 30014, 1)).registers == [500]  # physics again (initial 50 %)


async def test_strings_and_identity(sim: Simulator, client) -> None:
    model = await read(client, 30500, 15, unit=1)
    serial = await read(client, 30515, 10, unit=1)
    firmware = await read(client, 30525, 15, unit=1)
    assert codec.decode(get("inv_model"), model.registers) == sim.config.model
    assert codec.decode(get("inv_serial"), serial.registers) == sim.config.serial
    assert codec.decode(get("inv_firmware"), firmware.registers) == sim.config.firmware


async def test_both_read_codes_on_both_ranges(sim: Simulator, client) -> None:
    via_input = await read(client, 30000, 60)
    via_holding = await read_holding(client, 30000, 60)
    assert via_input.registers[2:] == via_holding.registers[2:]  # 30000-30001 is the clock
    limits_03 = await read_holding(client, 40032, 4)
    limits_04 = await read(client, 40032, 4)
    assert limits_03.registers == limits_04.registers == [0xFFFF] * 4  # unset limits


async def test_reserved_gaps_read_as_zero_and_outside_blocks_is_0x02(client) -> None:
    gap = await read(client, 30073, 10)
    assert gap.registers == [0] * 10
    across = await read(client, 30070, 20)  # rated discharge, alarm 5, gap, rated capacity
    assert not across.isError()
    outside = await read(client, 30287, 1)
    assert outside.isError()
    assert outside.exception_code == 0x02
    straddling = await read(client, 30280, 10)
    assert straddling.isError()
    assert straddling.exception_code == 0x02
    inverter_on_plant = await read(client, 30601, 1)
    assert inverter_on_plant.isError()
    assert inverter_on_plant.exception_code == 0x02
    plant_on_inverter = await read(client, 30014, 1, unit=1)
    assert plant_on_inverter.isError()
    assert plant_on_inverter.exception_code == 0x02


async def test_every_map_register_is_inside_a_block_and_readable(sim: Simulator, client) -> None:
    for device, unit in ((Device.PLANT, PLANT_UNIT_ID), (Device.INVERTER, 1)):
        blocks = BLOCKS[device]
        regs = registers_for(device)
        for reg in regs:
            assert any(lo <= reg.address and reg.end <= hi for lo, hi in blocks), reg.key
        for before, after in itertools.pairwise(regs):
            if after.address - before.end <= 16:  # the read planner reads through such holes
                assert any(lo <= before.address and after.end <= hi for lo, hi in blocks)
        for lo, hi in blocks:
            for start in range(lo, hi, 124):
                answer = await read(client, start, min(124, hi - start), unit=unit)
                assert not answer.isError(), (unit, start)


async def test_quantity_limits(raw: RawClient) -> None:
    ok = await raw.request(247, struct.pack(">BHH", 0x04, 30000, 124))
    assert ok[0] == 0x04
    assert ok[1] == 248
    too_many = await raw.request(247, struct.pack(">BHH", 0x04, 30000, 125))
    assert too_many == bytes([0x84, 0x03])
    zero = await raw.request(247, struct.pack(">BHH", 0x03, 40000, 0))
    assert zero == bytes([0x83, 0x03])
    words = [0] * 124
    pdu = struct.pack(">BHHB", 0x10, 40000, 124, 248) + struct.pack(">124H", *words)
    assert await raw.request(247, pdu) == bytes([0x90, 0x03])
    bad_count = struct.pack(">BHHB", 0x10, 40029, 2, 2) + struct.pack(">H", 1)
    assert await raw.request(247, bad_count) == bytes([0x90, 0x03])


async def test_unknown_function_is_0x01(raw: RawClient) -> None:
    answer = await raw.request(247, struct.pack(">BHH", 0x01, 0, 8))  # read coils
    assert answer == bytes([0x81, 0x01])


async def test_write_rules(sim: Simulator, client) -> None:
    read_only = await write(client, 30014, [100])
    assert read_only.isError()
    assert read_only.exception_code == 0x02
    half_u32 = await write(client, 40032, [0])
    assert half_u32.isError()
    assert half_u32.exception_code == 0x02
    reserved = await write(client, 40026, [1])
    assert reserved.isError()
    assert reserved.exception_code == 0x02
    reserved_mode = await write(client, 40031, [7])
    assert reserved_mode.isError()
    assert reserved_mode.exception_code == 0x03
    too_high_soc = await write(client, 40047, [1001])
    assert too_high_soc.isError()
    assert too_high_soc.exception_code == 0x03
    # One multi-register write over 40029-40035 takes control (issue 3's fast path).
    ok = await write(client, 40029, [1, 0, 3, *_words(2500, 2), *_words(1000, 2)])
    assert not ok.isError()
    assert sim.value("remote_ems_enable") == 1
    assert sim.value("remote_ems_control_mode") == 3
    assert sim.value("ess_max_charge_limit") == pytest.approx(2.5)
    assert sim.value("ess_max_discharge_limit") == pytest.approx(1.0)
    assert sim.value("plant_ems_work_mode") == 7
    back = await read_holding(client, 40029, 7)
    assert back.registers == [1, 0, 3, *_words(2500, 2), *_words(1000, 2)]


async def test_write_only_registers_read_as_zero(sim: Simulator, client) -> None:
    assert (await read_holding(client, 40000, 1)).registers == [0]
    stop = await write(client, 40000, [0])
    assert not stop.isError()
    assert sim.value("plant_running_state") == 3
    assert sim.plant.battery_kw == 0.0
    await write(client, 40000, [1])
    assert sim.value("plant_running_state") == 1


async def test_broadcast_write_is_applied_without_reply(sim: Simulator, raw: RawClient) -> None:
    raw.send(0, struct.pack(">BHH", 0x06, 40047, 900))
    with pytest.raises(TimeoutError):
        await raw.receive(wait_s=0.3)
    assert sim.value("ess_charge_cutoff_soc") == pytest.approx(90.0)
    assert sim.value("plant_ess_charge_cutoff_soc") == pytest.approx(90.0)  # 30085 read-back
    assert sim.requests[-1].unit_id == 0
    assert sim.requests[-1].response == "broadcast"
    # The connection is still usable afterwards.
    answer = await raw.request(247, struct.pack(">BHH", 0x04, 30085, 2))
    assert answer[2:] == struct.pack(">HH", 900, 50)


async def test_unknown_unit_gets_no_answer(sim: Simulator, raw: RawClient) -> None:
    raw.send(9, struct.pack(">BHH", 0x04, 30500, 1))
    with pytest.raises(TimeoutError):
        await raw.receive(wait_s=0.3)
    assert sim.requests[-1].response == "offline"


async def test_bad_mbap_header_closes_connection(sim: Simulator) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", sim.port)
    writer.write(struct.pack(">HHHB", 1, 7, 6, 247) + struct.pack(">BHH", 4, 30000, 1))
    assert await asyncio.wait_for(reader.read(), 1.0) == b""
    writer.close()


async def test_multiple_inverters(socket_enabled: None) -> None:
    async with Simulator(make_config(inverters=3)) as sim:
        assert sim.unit_ids == (1, 2, 3, 247)
        modbus = AsyncModbusTcpClient("127.0.0.1", port=sim.port, timeout=1, retries=0)
        await modbus.connect()
        try:
            serials = set()
            for unit in (1, 2, 3):
                answer = await read(modbus, 30515, 10, unit=unit)
                serials.add(codec.decode(get("inv_serial"), answer.registers))
            assert len(serials) == 3
            plant_pv = sim.value("plant_pv_power")
            per_inverter = [sim.value("inv_pv_power", unit) for unit in (1, 2, 3)]
            assert isinstance(plant_pv, float)
            assert sum(v for v in per_inverter if isinstance(v, float)) == pytest.approx(
                plant_pv, abs=0.003
            )
        finally:
            modbus.close()


async def test_remote_ems_end_to_end_over_modbus(sim: Simulator, client) -> None:
    sim.plant.app_mode = 2  # the owner's TOU mode before we take control
    assert (await read(client, 30003, 1)).registers == [2]
    # Take control in one request: enable, phase control off, mode 6, charge and discharge caps.
    await write(client, 40029, [1, 0, 6, *_words(5000, 2), *_words(2000, 2)])
    assert (await read(client, 30003, 1)).registers == [7]
    battery = await read(client, 30037, 2)
    assert codec.decode(get("plant_ess_power"), battery.registers) == pytest.approx(-2.0)
    soc_before = (await read(client, 30014, 1)).registers[0]
    sim.step(1800)
    soc_after = (await read(client, 30014, 1)).registers[0]
    assert soc_after < soc_before
    await write(client, 40029, [0])
    assert (await read(client, 30003, 1)).registers == [0]  # self-consumption, not TOU
    assert (await read_holding(client, 40031, 1)).registers == [6]  # the mode register keeps
