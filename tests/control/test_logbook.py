"""Logbook lines: one readable sentence per command, not register names."""

from __future__ import annotations

from typing import Any

from homeassistant.core import Event

from custom_components.sigenstor.const import EVENT_WRITE
from custom_components.sigenstor.logbook import describe_write


def _line(origin: str, result: str, registers: dict[str, float], **extra: Any) -> str:
    data = {"origin": origin, "result": result, "registers": registers, **extra}
    return describe_write(Event(EVENT_WRITE, data))["message"]


def test_taking_control_reads_as_the_command() -> None:
    block = {
        "remote_ems_enable": 1,
        "independent_phase_control_enable": 0,
        "remote_ems_control_mode": 3,
        "ess_max_charge_limit": 3.0,
        "ess_max_discharge_limit": 5.0,
    }
    assert _line("manual", "ok", block) == "Owner took control: charge from the grid at 3 kW: done"
    block |= {"remote_ems_control_mode": 6}
    assert _line("optimiser", "ok", block) == (
        "Optimiser took control: export from the battery at 5 kW: done"
    )


def test_release_and_refusal() -> None:
    assert _line("schedule", "ok", {"remote_ems_enable": 0}) == (
        "Schedule gave control back to the plant: done"
    )
    refused = _line("optimiser", "refused", {"grid_export_limit": 9.0}, reason="above the rating")
    assert refused == "Optimiser set the grid export limit to 9 kW: refused (above the rating)"
    assert "remote_ems" not in _line("manual", "ok", {"remote_ems_enable": 0})
