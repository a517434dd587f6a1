"""The simulator's own clock, the speed factor and the command line."""

from __future__ import annotations

import asyncio

import pytest

from simulator import Simulator
from simulator.__main__ import build_parser, config_from_args, main

from .conftest import make_config

pytestmark = pytest.mark.pymodbus_compat


async def test_speed_factor_advances_simulated_time(socket_enabled: None) -> None:
    async with Simulator(make_config(speed=600.0)) as sim:
        start = sim.plant.elapsed_s
        loop = asyncio.get_running_loop()
        real_start = loop.time()
        await asyncio.sleep(0.5)
        real = loop.time() - real_start
        advanced = sim.plant.elapsed_s - start
    # Up to one tick (0.1 s real, more on a busy machine) may still be pending when we look.
    assert 600 * (real - 0.3) <= advanced <= 600 * real + 1
    assert sim.plant.elapsed_s == pytest.approx(advanced + start)


async def test_speed_zero_freezes_the_clock(socket_enabled: None) -> None:
    async with Simulator(make_config(speed=0.0)) as sim:
        await asyncio.sleep(0.25)
        assert sim.plant.elapsed_s == 0.0
        sim.step(90)
        assert sim.plant.elapsed_s == 90.0


def test_help_explains_every_option(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    for option in (
        "--host",
        "--port",
        "--inverters",
        "--speed",
        "--soc",
        "--capacity-kwh",
        "--pv-kwp",
        "--firmware",
        "--start-time",
        "--seed",
    ):
        assert option in text
    assert "SPC113" in text
    assert "40029" in text


def test_arguments_map_to_config() -> None:
    args = build_parser().parse_args(
        [
            *("--inverters", "2", "--speed", "60", "--firmware", "V100R001C00SPC112"),
            *("--start-time", "2026-01-15T11:00+10:00", "--seed", "7", "--port", "0"),
        ]
    )
    config = config_from_args(args)
    assert (config.inverters, config.speed, config.seed, config.port) == (2, 60.0, 7, 0)
    assert config.start_time is not None
    assert config.start_time.hour == 11
    assert config.host == "127.0.0.1"
    assert build_parser().parse_args([]).port == 5020
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--inverters", "0"])
