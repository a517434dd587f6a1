"""Read the simulator's Remote EMS registers over its own Modbus link and print them as JSON."""

from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path
import sys

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from custom_components.sigenstor.sigen import registers
from custom_components.sigenstor.sigen.client import SigenClient

KEYS = ("remote_ems_enable", "remote_ems_control_mode", "ess_max_charge_limit", "plant_ess_soc")


async def main() -> None:
    """Connect as a second client (the e2e's independent witness) and read once."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5020)
    args = parser.parse_args()
    client = SigenClient(args.host, args.port, min_interval=0.05)
    try:
        await client.connect()
        values = await client.read(247, [registers.get(key) for key in KEYS])
    finally:
        await client.close()
    print(json.dumps({key: values.get(key) for key in KEYS}))


if __name__ == "__main__":
    asyncio.run(main())
