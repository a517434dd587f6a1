"""Remote-EMS planning: targets per command and firmware, completion, storage, messages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest

from custom_components.sigenstor.control import ems
from custom_components.sigenstor.control.ems import (
    ForceCharge,
    ForceExport,
    ForceHold,
    Release,
)
from custom_components.sigenstor.control.guard import CommandVerdict, Rule, check_command
from custom_components.sigenstor.control.limits import InputError
from custom_components.sigenstor.control.model import (
    ALLOWED_REGISTERS,
    CHARGE_CAP,
    DISCHARGE_CAP,
    ENABLE,
    MODE,
    PHASE,
)

from .helpers import LIMITS, NOW, regs, snap, state

MODERN = "V100R001C00SPC115"
OLD = "V100R001C21SPC112B107C"
FIRMWARES = [MODERN, "V100R001C00SPC113", OLD, None, "", "garbage"]
COMMANDS: list[ems.Command] = [
    ForceCharge(3.0, 90.0),
    ForceCharge(3.0, 90.0, timedelta(hours=1), "pv"),
    ForceExport(2.5, 20.0),
    ForceExport(2.5, 20.0, timedelta(minutes=30)),
    ForceHold(),
    ForceHold(timedelta(minutes=5)),
    Release(),
]
CONTROL_KEYS = [ENABLE, PHASE, MODE, CHARGE_CAP, DISCHARGE_CAP]


@pytest.mark.parametrize(
    ("firmware", "spc", "modern"),
    [
        ("V100R001C00SPC115", 115, True),
        ("V100R001C00SPC113", 113, True),
        ("V100R001C00SPC112", 112, False),
        ("V100R001C21SPC112B107C", 112, False),
        ("v100r001c00spc120", 120, True),
        ("V100R001C00SPC099", 99, False),
        ("V100R001C00", None, False),
        ("", None, False),
        (None, None, False),
    ],
)
def test_firmware_parsing(firmware: str | None, spc: int | None, modern: bool) -> None:
    assert ems.spc_number(firmware) == spc
    assert ems.limits_are_global(firmware) is modern


@dataclass(frozen=True)
class Behaviour:
    """What the plant may do under given registers, per the documented semantics (§6.2)."""

    grid_charge: bool
    pv_charge_kw: float  # 0 = no PV charging, inf = uncapped
    discharge_kw: float


def behaviour(writes: dict[str, float], modern: bool) -> Behaviour:
    """Independent reading of sigen_modbus.md §5/§6 for the five control registers."""
    inf = float("inf")
    charge_cap, discharge_cap = writes[CHARGE_CAP], writes[DISCHARGE_CAP]
    glob_c = charge_cap if modern else inf  # caps act outside modes 3-6 only from SPC113
    glob_d = discharge_cap if modern else inf
    if writes[ENABLE] == 0:  # vendor self-consumption
        return Behaviour(False, glob_c, glob_d)
    mode = writes[MODE]
    if mode == 1:
        return Behaviour(False, 0.0, 0.0)
    if mode == 2:
        return Behaviour(False, glob_c, glob_d)
    if mode in (3, 4):  # both may draw on the grid to reach the charge cap
        return Behaviour(True, charge_cap, 0.0)
    assert mode in (5, 6)
    return Behaviour(False, 0.0, discharge_cap)


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("firmware", FIRMWARES)
def test_targets_are_one_contiguous_write_of_allowed_registers(
    command: ems.Command, firmware: str | None
) -> None:
    writes = ems.targets(command, firmware, 5.0, 6.0)
    assert list(writes) == CONTROL_KEYS
    blocks = ems.write_blocks(writes)
    assert len(blocks) == 1
    assert ALLOWED_REGISTERS[next(iter(blocks[0]))][0] == 40029
    assert writes[PHASE] == 0
    assert 0 <= writes[CHARGE_CAP] <= 5.0
    assert 0 <= writes[DISCHARGE_CAP] <= 6.0


@pytest.mark.parametrize("firmware", FIRMWARES)
def test_force_charge_from_grid(firmware: str | None) -> None:
    writes = ems.targets(ForceCharge(3.0, 90.0), firmware, 5.0, 5.0)
    assert writes == {ENABLE: 1, PHASE: 0, MODE: 3, CHARGE_CAP: 3.0, DISCHARGE_CAP: 0.0}
    does = behaviour(writes, ems.limits_are_global(firmware))
    assert does.grid_charge
    assert does.pv_charge_kw == 3.0
    assert does.discharge_kw == 0


def test_force_charge_from_pv_modern_never_uses_the_grid() -> None:
    writes = ems.targets(ForceCharge(3.0, 90.0, source="pv"), MODERN, 5.0, 5.0)
    assert writes == {ENABLE: 1, PHASE: 0, MODE: 2, CHARGE_CAP: 3.0, DISCHARGE_CAP: 0.0}
    does = behaviour(writes, modern=True)
    assert does == Behaviour(grid_charge=False, pv_charge_kw=3.0, discharge_kw=0.0)
    assert ems.caveats(ForceCharge(3.0, 90.0, source="pv"), MODERN) == ()


@pytest.mark.parametrize("firmware", [OLD, None])
def test_force_charge_from_pv_old_firmware_uses_pv_first_mode(firmware: str | None) -> None:
    command = ForceCharge(3.0, 90.0, source="pv")
    writes = ems.targets(command, firmware, 5.0, 5.0)
    assert writes[MODE] == 4
    assert writes[CHARGE_CAP] == 3.0
    assert behaviour(writes, modern=False).discharge_kw == 0
    assert ems.caveats(command, firmware) == ("pv_charge_may_use_grid",)


@pytest.mark.parametrize("firmware", FIRMWARES)
def test_force_export(firmware: str | None) -> None:
    writes = ems.targets(ForceExport(2.5, 20.0), firmware, 5.0, 5.0)
    assert writes == {ENABLE: 1, PHASE: 0, MODE: 6, CHARGE_CAP: 0.0, DISCHARGE_CAP: 2.5}
    does = behaviour(writes, ems.limits_are_global(firmware))
    assert does == Behaviour(grid_charge=False, pv_charge_kw=0.0, discharge_kw=2.5)


@pytest.mark.parametrize("firmware", FIRMWARES)
def test_force_hold_never_grid_charges_nor_discharges(firmware: str | None) -> None:
    modern = ems.limits_are_global(firmware)
    writes = ems.targets(ForceHold(), firmware, 5.0, 6.0)
    does = behaviour(writes, modern)
    assert not does.grid_charge
    assert does.discharge_kw == 0
    # The same registers must also hold on the *other* semantics if we misread the firmware
    # as old; a modern reading is only trusted when the SPC says so.
    if modern:
        assert writes[MODE] == 2
        assert does.pv_charge_kw == 5.0  # PV surplus still charges
        assert ems.caveats(ForceHold(), firmware) == ()
    else:
        assert writes[MODE] == 1
        assert behaviour(writes, modern=True).discharge_kw == 0
        assert ems.caveats(ForceHold(), firmware) == ("hold_exports_pv_surplus",)


@pytest.mark.parametrize("firmware", FIRMWARES)
def test_release_restores_caps_to_rated(firmware: str | None) -> None:
    writes = ems.targets(Release(), firmware, 5.0, 6.0)
    assert writes == {ENABLE: 0, PHASE: 0, MODE: 2, CHARGE_CAP: 5.0, DISCHARGE_CAP: 6.0}
    # Even on global-limit firmware the plant is free to self-consume after a release.
    does = behaviour(writes, modern=True)
    assert does == Behaviour(grid_charge=False, pv_charge_kw=5.0, discharge_kw=6.0)
    assert "release_returns_to_self_consumption" in ems.caveats(Release(), firmware)


@pytest.mark.parametrize(
    ("command", "key", "expected"),
    [
        (ForceCharge(9.0, 90.0), CHARGE_CAP, 5.0),
        (ForceExport(9.0, 10.0), DISCHARGE_CAP, 6.0),
        (ForceCharge(1.23456, 90.0), CHARGE_CAP, 1.235),
        (ForceExport(0.0004, 10.0), DISCHARGE_CAP, 0.0),
    ],
)
def test_power_is_capped_at_rated_and_rounded(
    command: ems.Command, key: str, expected: float
) -> None:
    assert ems.targets(command, MODERN, 5.0, 6.0)[key] == expected


@pytest.mark.parametrize(
    ("command", "key"),
    [
        (ForceCharge(0.0, 90.0), "invalid_power"),
        (ForceCharge(-1.0, 90.0), "invalid_power"),
        (ForceExport(1001.0, 10.0), "invalid_power"),
        (ForceCharge(1.0, 100.5), "invalid_soc"),
        (ForceExport(1.0, -1.0), "invalid_soc"),
        (ForceCharge(1.0, 90.0, timedelta(0)), "invalid_duration"),
        (ForceHold(timedelta(seconds=-1)), "invalid_duration"),
        (ForceCharge(1.0, 90.0, None, "wind"), "invalid_source"),  # type: ignore[arg-type]
    ],
)
def test_invalid_commands(command: ems.Command, key: str) -> None:
    with pytest.raises(InputError) as caught:
        ems.targets(command, MODERN, 5.0, 5.0)
    assert caught.value.translation_key == key


@pytest.mark.parametrize("rated", [0.0, -1.0, float("nan"), float("inf")])
@pytest.mark.parametrize("command", COMMANDS)
def test_ratings_must_be_known(command: ems.Command, rated: float) -> None:
    for ratings in ((rated, 5.0), (5.0, rated)):
        with pytest.raises(InputError) as caught:
            ems.targets(command, MODERN, *ratings)
        assert caught.value.translation_key == "invalid_rating"


# --- guard integration -------------------------------------------------------------------------


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("firmware", [MODERN, OLD])
def test_owner_commands_pass_the_guard_in_normal_conditions(
    command: ems.Command, firmware: str
) -> None:
    writes = ems.targets(command, firmware, 5.0, 5.0)

    def judge(estop: bool) -> CommandVerdict:
        return check_command(
            writes,
            origin="override",
            automatic=False,
            snapshot=snap(registers=regs(enable=0)),
            state=state(estop=estop),
            limits=LIMITS,
            now=NOW,
        )

    verdict = judge(estop=False)
    assert verdict.allowed, verdict.reason
    assert verdict.writes == writes
    # The emergency stop blocks the owner's own forcing commands too; only a release passes.
    stopped = judge(estop=True)
    if isinstance(command, Release):
        assert stopped.allowed
    else:
        assert stopped.rule is Rule.EMERGENCY_STOP


@pytest.mark.parametrize("firmware", [MODERN, OLD])
def test_release_passes_the_guard_in_any_conditions(firmware: str) -> None:
    verdict = check_command(
        ems.targets(Release(), firmware, 5.0, 5.0),
        origin="safety",
        automatic=True,
        snapshot=snap(soc=0, temp=90, age_s=10_000, registers=regs(mode=6)),
        state=state(since_s=0, estop=True),
        limits=LIMITS,
        now=NOW,
    )
    assert verdict.allowed
    assert verdict.toward_safety


def test_force_charge_at_full_battery_is_refused() -> None:
    verdict = check_command(
        ems.targets(ForceCharge(3.0, 100.0), MODERN, 5.0, 5.0),
        origin="override",
        automatic=False,
        snapshot=snap(soc=98.0, registers=regs(enable=0)),
        state=state(),
        limits=LIMITS,
        now=NOW,
    )
    assert verdict.rule is Rule.MAX_SOC


def test_automatic_force_charge_from_idle_is_stepped() -> None:
    verdict = check_command(
        ems.targets(ForceCharge(4.0, 90.0), OLD, 5.0, 5.0),
        origin="optimiser",
        automatic=True,
        snapshot=snap(registers=regs(enable=0)),
        state=state(),
        limits=LIMITS,
        now=NOW,
    )
    assert verdict.allowed
    assert verdict.adjusted
    assert verdict.writes[CHARGE_CAP] == 1.0
    assert len(ems.write_blocks(verdict.writes)) == 1


# --- write blocks ------------------------------------------------------------------------------


def test_write_blocks_group_contiguous_registers() -> None:
    writes = {
        "ess_discharge_cutoff_soc": 10.0,
        ENABLE: 1,
        MODE: 2,
        "grid_export_limit": 3.0,
        "grid_import_limit": 4.0,
        "ess_charge_cutoff_soc": 90.0,
        "pv_max_power_limit": 8.0,
    }
    assert ems.write_blocks(writes) == [
        {ENABLE: 1},
        {MODE: 2},
        {"pv_max_power_limit": 8.0, "grid_export_limit": 3.0, "grid_import_limit": 4.0},
        {"ess_charge_cutoff_soc": 90.0, "ess_discharge_cutoff_soc": 10.0},
    ]
    assert ems.write_blocks({}) == []


# --- completion --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "soc", "elapsed_s", "done"),
    [
        (ForceCharge(3, 80), 79.9, 0, False),
        (ForceCharge(3, 80), 80.0, 0, True),
        (ForceCharge(3, 80), 95.0, 0, True),
        (ForceCharge(3, 80), None, 10**6, False),
        (ForceCharge(3, 80, timedelta(minutes=10)), 50.0, 599, False),
        (ForceCharge(3, 80, timedelta(minutes=10)), 50.0, 600, True),
        (ForceCharge(3, 80, timedelta(minutes=10)), None, 600, True),
        (ForceExport(3, 20), 20.1, 0, False),
        (ForceExport(3, 20), 20.0, 0, True),
        (ForceExport(3, 20), 5.0, 0, True),
        (ForceExport(3, 20, timedelta(hours=1)), 50.0, 3599.9, False),
        (ForceExport(3, 20, timedelta(hours=1)), 50.0, 3600, True),
        (ForceHold(), 0.0, 10**7, False),
        (ForceHold(), 100.0, 10**7, False),
        (ForceHold(), None, 10**7, False),
        (ForceHold(timedelta(seconds=30)), 50.0, 29, False),
        (ForceHold(timedelta(seconds=30)), 50.0, 30, True),
        (Release(), 50.0, 0, True),
    ],
)
def test_is_complete(command: ems.Command, soc: float | None, elapsed_s: float, done: bool) -> None:
    started = NOW - timedelta(seconds=elapsed_s)
    assert ems.is_complete(command, soc, started, NOW) is done


@pytest.mark.parametrize(
    ("command", "elapsed_s", "left"),
    [
        (ForceHold(timedelta(minutes=5)), 60, timedelta(minutes=4)),
        (ForceHold(timedelta(minutes=5)), 600, timedelta(0)),
        (ForceCharge(3, 80), 60, None),
        (Release(), 0, None),
    ],
)
def test_remaining(command: ems.Command, elapsed_s: float, left: timedelta | None) -> None:
    assert ems.remaining(command, NOW - timedelta(seconds=elapsed_s), NOW) == left


# --- storage -----------------------------------------------------------------------------------


@pytest.mark.parametrize("command", COMMANDS)
def test_storage_round_trip(command: ems.Command) -> None:
    data = ems.to_dict(command)
    assert data["type"] == type(command).__name__
    assert all(not isinstance(v, timedelta) for v in data.values())
    assert ems.from_dict(data) == command


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"type": "Explode"},
        {"type": "ForceCharge", "power_kw": "3", "target_soc": 80},
        {"type": "ForceCharge", "power_kw": 3},
        {"type": "ForceCharge", "power_kw": 3, "target_soc": 80, "source": "wind"},
        {"type": "ForceExport", "power_kw": -3, "floor_soc": 10},
        {"type": "ForceHold", "duration": -5},
        {"type": "ForceHold", "duration": "soon"},
    ],
)
def test_bad_stored_commands_raise_command_error(data: dict[str, object]) -> None:
    with pytest.raises(InputError):
        ems.from_dict(data)


# --- messages ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "name"),
    [
        (0, "maximum self-consumption"),
        (1, "AI mode"),
        (2, "time of use (TOU)"),
        (5, "full feed-in to grid"),
        (6, "VPP scheduling"),
        (7, "remote EMS"),
        (9, "custom"),
        (4, "unknown mode 4"),
        (None, "unknown"),
    ],
)
def test_ems_work_mode_names(value: int | None, name: str) -> None:
    assert ems.ems_work_mode_name(value) == name


def test_release_message_names_the_previous_mode() -> None:
    assert "time of use (TOU)" in ems.release_message(2)
    assert "mySigen app" in ems.release_message(2)
    assert "mode it was in before" in ems.release_message(0)
    for unknown in (None, 7):
        assert "unknown" in ems.release_message(unknown)
    for value in (0, 1, 2, 5, 6, 7, 9, None):
        assert ems.release_message(value).startswith("Remote EMS released")


@pytest.mark.parametrize(
    "duration",
    [timedelta(days=7, seconds=1), timedelta(hours=99_999_999), timedelta(days=999_999_999)],
)
def test_hostile_durations_are_refused(duration: timedelta) -> None:
    for command in (
        ForceHold(duration),
        ForceCharge(2, 80, duration),
        ForceExport(2, 20, duration),
    ):
        with pytest.raises(InputError) as err:
            ems.validate(command)
        assert err.value.translation_key == "duration_too_long"
    # A stored override with such a duration is dropped as invalid, never trusted.
    with pytest.raises(InputError):
        ems.from_dict({"type": "ForceHold", "duration": duration.total_seconds()})


def test_seven_days_is_the_longest_duration() -> None:
    assert ems.validate(ForceHold(timedelta(days=7))) == ForceHold(timedelta(days=7))
