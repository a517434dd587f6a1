"""Command line: `python -m simulator --help`."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
from datetime import datetime
import logging
import signal
import sys

from .config import GLOBAL_LIMITS_FROM_SPC, SimConfig, limits_are_global
from .core import Simulator

KEEP_REQUESTS = 10_000

DESCRIPTION = """\
SigenStor Modbus TCP simulator. Serves a plant on unit 247 and N inverters on unit ids 1..N
with the vendor's V2.9 register map, driven by plant physics: a PV day curve (sunrise ~06:00,
sunset ~18:00 local, mild seeded clouds), a household load curve (0.4 kW base, morning and
evening peaks), a battery (95 % one-way efficiency, rated charge/discharge half the inverter
rating), grid balance (+ import), accumulating energy counters and temperatures.

Remote EMS: write 40029 = 1 to take control (30003 reads 7), 40031 selects the mode
(0 PCS remote via 40001, 1 standby, 2 max self-consumption, 3 charge grid-first,
4 charge PV-first, 5 discharge PV-first, 6 discharge ESS-first), 40032/40034 cap battery
charge/discharge, 40036 caps PV, 40038/40040 cap grid export/import, 40046-40048 set backup,
charge cut-off and discharge cut-off SOC. Writing 40029 = 0 returns to self-consumption.
"""

EPILOG = f"""\
firmware: from SPC{GLOBAL_LIMITS_FROM_SPC} (protocol V2.9) 40032/40034/40036 act in every mode; with
an earlier firmware (e.g. V100R001C00SPC112) 40032 acts only in modes 3/4, 40034 only in 5/6
and 40036 only in 3-6.

protocol: function codes 0x03/0x04 (reads, 1-124 registers, either code on any range),
0x06/0x10 (writes, 1-123 registers). Addresses outside the documented blocks answer 0x02,
reserved gaps inside them read as 0, unset limits read 0xFFFFFFFF, writes to read-only
registers answer 0x02, out-of-range values 0x03. Unit 0 is the plant broadcast address:
writes are applied and never answered. Unknown unit ids get no answer (client timeout).

fault injection and request logs are available from Python (simulator.Simulator); see
simulator/README.md. Use --log-level debug to log every request.

example: python -m simulator --port 5020 --inverters 2 --speed 60 --start-time 2026-01-15T11:00
"""


def _start_time(text: str) -> datetime:
    """Parse an ISO date-time (naive = local time)."""
    try:
        return datetime.fromisoformat(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(f"not an ISO date-time: {text!r}") from err


def _inverters(text: str) -> int:
    """Inverter count: 1..246 (unit ids 1..N)."""
    value = int(text)
    if not 1 <= value <= 246:
        raise argparse.ArgumentTypeError("--inverters must be 1..246")
    return value


def build_parser() -> argparse.ArgumentParser:
    """Argument parser with the full help text."""
    parser = argparse.ArgumentParser(
        prog="python -m simulator",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add = parser.add_argument
    add("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    add("--port", type=int, default=5020, help="TCP port, 0 = any free port (default: %(default)s)")
    add("--inverters", type=_inverters, default=1, help="inverters on unit ids 1..N (default: 1)")
    add(
        "--speed",
        type=float,
        default=1.0,
        help="simulated seconds per real second; 60 = one hour per minute, 0 = frozen clock "
        "(default: %(default)s)",
    )
    add("--soc", type=float, default=50.0, help="initial state of charge in %% (default: 50)")
    add("--capacity-kwh", type=float, default=16.0, help="battery capacity of the plant (16)")
    add("--pv-kwp", type=float, default=10.0, help="PV peak power of the plant (10)")
    add(
        "--firmware",
        default="V100R001C00SPC115",
        help="firmware string; SPC113+ = V2.9 limit semantics (default: %(default)s)",
    )
    add(
        "--start-time",
        type=_start_time,
        default=None,
        help="simulated start, ISO 8601 (e.g. 2026-01-15T11:00+10:00); drives the PV day curve; "
        "default: now",
    )
    add("--seed", type=int, default=0, help="seed of the cloud and load noise (default: 0)")
    add("--model", default="SigenStor EC 10.0 TP", help="model string; its kW sets the rating")
    add("--serial", default="SIG1234567890", help="serial of inverter 1 (default: %(default)s)")
    add(
        "--log-level",
        default="info",
        choices=["debug", "info", "warning", "error"],
        help="debug logs every request (default: %(default)s)",
    )
    return parser


def config_from_args(args: argparse.Namespace) -> SimConfig:
    """SimConfig from parsed arguments."""
    return SimConfig(
        host=args.host,
        port=args.port,
        inverters=args.inverters,
        speed=args.speed,
        soc=args.soc,
        capacity_kwh=args.capacity_kwh,
        pv_kwp=args.pv_kwp,
        firmware=args.firmware,
        start_time=args.start_time,
        seed=args.seed,
        model=args.model,
        serial=args.serial,
    )


async def _serve(config: SimConfig) -> None:
    """Run until cancelled."""
    async with Simulator(config) as sim:
        units = ", ".join(str(u) for u in sim.unit_ids)
        semantics = "V2.9 (global limits)" if limits_are_global(config.firmware) else "pre-V2.9"
        print(
            f"SigenStor simulator listening on {sim.host}:{sim.port} "
            f"(units {units}; firmware {config.firmware}, {semantics}; speed x{config.speed}; "
            f"simulated time {sim.plant.now.isoformat(timespec='seconds')}). Ctrl-C to stop.",
            flush=True,
        )
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):  # not on Windows
                loop.add_signal_handler(signum, stop.set)
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), 60)
            # A long-running demo keeps only the recent request log.
            del sim.requests[:-KEEP_REQUESTS]
    print("SigenStor simulator stopped.", flush=True)


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(config_from_args(args)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
