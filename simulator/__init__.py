"""SigenStor Modbus TCP simulator: a plant (unit 247) and N inverters on 127.0.0.1.

The Modbus TCP server is written directly on asyncio streams (MBAP header + PDU for function
codes 0x03, 0x04, 0x06 and 0x10, exception responses 0x01-0x04) rather than on pymodbus'
server classes: that API changed incompatibly between pymodbus 3.8.3 and 3.16, and the
simulator needs hooks for fault injection and request timing that the server classes hide.
The integration's client is pymodbus and is tested against this server.

Register layout, types and gains come from `custom_components.sigenstor.sigen.registers` and
the codec from `...sigen.codec`; this package adds physics (`plant`, `curves`), Remote EMS
semantics (`ems`), the register image (`datastore`, `values`), the protocol (`server`) and
fault injection (`faults`). Run `python -m simulator --help`.
"""

from __future__ import annotations

from .config import SimConfig
from .core import Simulator
from .faults import Faults, RequestRecord
from .plant import PlantState

__all__ = ["Faults", "PlantState", "RequestRecord", "SimConfig", "Simulator"]
