"""Generate custom_components/sigenstor/sigen/map_v29.py from the Sigenergy register CSV.

Usage: python scripts/gen_register_map.py [CSV] [--check]

The CSV (default ../shared/reference/sigen_registers.csv) transcribes the vendor document
"Sigenergy Modbus Protocol" V2.9. Only the plant and inverter groups are emitted, status
"current" only, without RESERVED rows and without the 50000+ ESS pre-heating block.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path
import subprocess
import sys

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CSV = ROOT.parent / "shared" / "reference" / "sigen_registers.csv"
OUTPUT = ROOT / "custom_components" / "sigenstor" / "sigen" / "map_v29.py"

# CSV group -> device name used by registers.Device.
GROUPS = {
    "plant_read": "plant",
    "plant_write": "plant",
    "inverter_read": "inverter",
    "inverter_write": "inverter",
}
PREHEAT_START = 50000  # ESS pre-heating block: PV M1-HYA/HYB only, out of scope.

HEADER = '''\
"""Sigenergy Modbus register map, generated from the vendor's "Sigenergy Modbus Protocol" V2.9.

Do not edit: regenerate with `python scripts/gen_register_map.py`. Source table:
shared/reference/sigen_registers.csv (plant and inverter groups, current registers only).
Row: (key, address, word count, data type, gain, unit, access, device, first protocol version).
"""

from typing import Final

Row = tuple[str, int, int, str, int, str | None, str, str, str]

ROWS: Final[tuple[Row, ...]] = (
'''


def load_rows(csv_path: Path) -> list[tuple[str, int, int, str, int, str | None, str, str, str]]:
    """Return the selected rows of the CSV as compact tuples, ordered by device and address."""
    rows = []
    with csv_path.open(newline="", encoding="utf-8") as handle:
        for rec in csv.DictReader(handle):
            device = GROUPS.get(rec["group"])
            address = int(rec["address"])
            if (
                device is None
                or rec["status"] != "current"
                or rec["data_type"] == "RESERVED"
                or address >= PREHEAT_START
            ):
                continue
            rows.append(
                (
                    rec["name"],
                    address,
                    int(rec["count"]),
                    rec["data_type"],
                    int(rec["gain"]),
                    rec["unit"] or None,
                    rec["access"],
                    device,
                    rec["first_doc_version"],
                )
            )
    rows.sort(key=lambda r: (r[7] != "plant", r[1]))
    return rows


def _literal(value: object) -> str:
    """Python literal in the style ruff format keeps (double quotes, no escapes for UTF-8)."""
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return repr(value)


def render(rows: list[tuple[str, int, int, str, int, str | None, str, str, str]]) -> str:
    """Render the module text."""
    body = "".join(f"    ({', '.join(_literal(v) for v in row)}),\n" for row in rows)
    return HEADER + body + ")\n"


def _ruff_format(text: str) -> str:
    """Pass the text through `ruff format` so the committed file stays format-clean."""
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--stdin-filename", str(OUTPUT), "-"],
        input=text,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def main() -> int:
    """Write (or with --check, verify) the generated module."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", nargs="?", type=Path, default=DEFAULT_CSV)
    parser.add_argument("--check", action="store_true", help="fail if the module is stale")
    args = parser.parse_args()
    text = _ruff_format(render(load_rows(args.csv)))
    if args.check:
        if OUTPUT.read_text(encoding="utf-8") != text:
            print(f"{OUTPUT} is stale; rerun scripts/gen_register_map.py", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT} ({text.count(chr(10))} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
