"""Run the guard property (random plants x command sequences) outside pytest and count failures.

Run: python -m benchmarks.control_property [--examples 2000]. Each example is a random plant and a
sequence of up to ten proposals (owner commands through `ems.targets`, or raw register writes);
every write the guard allows is re-judged by the independent checker in
tests/control/property_model.py. The last stdout line is JSON:
{"property_examples": N, "unsafe_writes": K, ...} (K must be 0). The full control benchmark with
command latency builds on this.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
import sys
import time

if not __package__:  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.control.property_model import PROPERTY_EXAMPLES, Outcome, property_check


def run(examples: int) -> dict[str, object]:
    """Run `examples` scenarios and return the figures."""
    total = Outcome()
    runs = 0

    def collect(outcome: Outcome) -> None:
        nonlocal runs
        runs += 1
        total.add(outcome)

    started = time.perf_counter()
    property_check(examples, collect)()
    elapsed = time.perf_counter() - started
    for problem in total.unsafe[:10]:
        print(f"unsafe: {problem}", file=sys.stderr)
    for problem in total.blocked_releases[:10]:
        print(f"blocked release: {problem}", file=sys.stderr)
    return {
        "property_examples": runs,
        "unsafe_writes": len(total.unsafe),
        "blocked_releases": len(total.blocked_releases),
        "proposals": total.proposals,
        "allowed_writes": total.allowed,
        "seconds": round(elapsed, 2),
    }


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, run, print the JSON line; non-zero exit when a write was unsafe."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--examples", type=int, default=PROPERTY_EXAMPLES)
    args = parser.parse_args(argv)
    figures = run(args.examples)
    print(json.dumps(figures))
    return 1 if figures["unsafe_writes"] or figures["blocked_releases"] else 0


if __name__ == "__main__":
    sys.exit(main())
