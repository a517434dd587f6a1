"""Entity names say what they are to an owner; device classes match the value."""

from __future__ import annotations

import json
from pathlib import Path
import re

from homeassistant.components.sensor import SensorDeviceClass

from custom_components.sigenstor.binary_sensor import ALARMS
from custom_components.sigenstor.sensor import SENSORS

STRINGS = Path(__file__).parents[2] / "custom_components" / "sigenstor" / "strings.json"


def test_alarm_names_name_what_they_watch() -> None:
    """No "alarm 2": each alarm word is named after the conditions it carries."""
    names = json.loads(STRINGS.read_text(encoding="utf-8"))["entity"]["binary_sensor"]
    alarm_names = [names[d.key]["name"] for d in ALARMS]
    assert not [n for n in alarm_names if re.search(r"\d$", n)]
    plant = [names[d.key]["name"] for d in ALARMS if d.device.value == "plant"]
    assert len(set(plant)) == len(plant)


def test_every_state_of_charge_is_a_battery_level() -> None:
    """Plant and inverter SoC both carry the battery device class (icons, Energy, voice)."""
    socs = [d for d in SENSORS if d.key.endswith("battery_soc")]
    assert {d.key for d in socs} >= {"battery_soc", "inverter_battery_soc"}
    assert all(d.device_class is SensorDeviceClass.BATTERY for d in socs)
