"""Seed the demo with a few simulated days of long-term statistics (marked as demo data).

Imports hourly statistics (recorder/import_statistics) for the plant's energy counters, battery
SoC, power, Amber prices and the PV forecast, for whole hours before the recorder's own first
state of those entities, so "Today", the Energy dashboard and the statistics graphs have data on
first open. Idempotent: the recorder keeps one row per statistic and hour, so a second run
writes the same rows again. A marker statistic, `sigenstor:demo_history`, names the seeded span.
    python -m replay.demo_seed --url http://127.0.0.1:8123 [--days 3]
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp

from replay.demo_history import COUNTERS, MEASUREMENTS, simulate, with_states

USER, PASSWORD = "demo", "sigenstor-demo"
MARKER = "sigenstor:demo_history"
Call = Callable[[dict[str, Any]], Awaitable[Any]]


async def login(session: aiohttp.ClientSession, url: str) -> str:
    """An access token for the demo user (the login flow, as the frontend does)."""
    client_id = f"{url}/"
    async with session.post(
        f"{url}/auth/login_flow",
        json={
            "client_id": client_id,
            "handler": ["homeassistant", None],
            "redirect_uri": client_id,
        },
    ) as resp:
        flow = await resp.json()
    async with session.post(
        f"{url}/auth/login_flow/{flow['flow_id']}",
        json={"client_id": client_id, "username": USER, "password": PASSWORD},
    ) as resp:
        code = (await resp.json())["result"]
    async with session.post(
        f"{url}/auth/token",
        data={"grant_type": "authorization_code", "code": code, "client_id": client_id},
    ) as resp:
        token: str = (await resp.json())["access_token"]
    return token


def _json_row(row: dict[str, float | datetime]) -> dict[str, float | str]:
    """A statistics row with its times as ISO 8601 text."""
    return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in row.items()}


def hour_floor(moment: datetime) -> datetime:
    """The whole hour at or before `moment`."""
    return moment.replace(minute=0, second=0, microsecond=0)


async def seed(call: Call, days: float = 3.0, wait_s: float = 90.0) -> dict[str, Any]:
    """Import the simulated past through websocket `call`; returns what was written.

    Waits up to `wait_s` for every counter's first reading (slow-tier registers come a little
    after the entities), since a counter's sums are joined to that reading.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait_s
    while True:
        result = await _seed_once(call, days, final=loop.time() >= deadline)
        if result is not None:
            return result
        await asyncio.sleep(3)


async def _seed_once(call: Call, days: float, final: bool) -> dict[str, Any] | None:
    """One attempt: None when a counter has no reading yet (unless `final`)."""
    registry = await call({"type": "config/entity_registry/list"})
    by_key = {
        e["translation_key"]: e["entity_id"]
        for e in registry
        if e.get("platform") == "sigenstor" and e["entity_id"].startswith("sensor.")
    }
    wanted = {k: by_key[k] for k in (*COUNTERS, *MEASUREMENTS) if k in by_key}
    if not wanted:
        raise SystemExit("no sigenstor sensors found to seed")
    config = await call({"type": "get_config"})
    zone = ZoneInfo(config["time_zone"])
    states = {s["entity_id"]: s for s in await call({"type": "get_states"})}
    now = datetime.now(UTC)
    history = await call(
        {
            "type": "history/history_during_period",
            "start_time": (now - timedelta(days=2)).isoformat(),
            "end_time": now.isoformat(),
            "entity_ids": list(wanted.values()),
            "minimal_response": True,
            "no_attributes": True,
        }
    )
    # The recorder's own statistics start with each entity's first state: seed whole hours
    # before the earliest of them, with the counters ending at their first recorded reading.
    first: dict[str, tuple[float, float]] = {}
    for key, entity_id in wanted.items():
        for row in history.get(entity_id, []):
            try:
                first[key] = (float(row.get("lu") or row.get("lc")), float(row["s"]))
                break
            except (TypeError, ValueError, KeyError):
                continue
    if not final and any(k in wanted and k not in first for k in COUNTERS):
        return None
    start_of_live = min((t for t, _ in first.values()), default=now.timestamp())
    end = hour_floor(datetime.fromtimestamp(start_of_live, zone))
    begin = end - timedelta(days=days)
    soc_now = first.get("battery_soc", (0.0, 50.0))[1]
    rows = with_states(
        simulate(begin, end, soc=soc_now),
        {k: v for k, (_, v) in first.items() if k in COUNTERS},
    )
    written: dict[str, int] = {}
    for key, entity_id in wanted.items():
        if key in COUNTERS and key not in first:
            continue  # no reading to join the sums to: leave this counter to the recorder
        state = states.get(entity_id, {})
        attributes = state.get("attributes", {})
        name = attributes.get("friendly_name", entity_id)
        metadata = {
            "has_mean": key in MEASUREMENTS,
            "has_sum": key in COUNTERS,
            "name": f"{name} (demo data)",
            "source": "recorder",
            "statistic_id": entity_id,
            "unit_of_measurement": attributes.get("unit_of_measurement"),
        }
        stats = [_json_row(r) for r in rows[key]]
        await call({"type": "recorder/import_statistics", "metadata": metadata, "stats": stats})
        written[entity_id] = len(stats)
    marker = {
        "has_mean": True,
        "has_sum": False,
        "name": f"SigenStor demo: statistics before {end.isoformat()} are simulated, not measured",
        "source": "sigenstor",
        "statistic_id": MARKER,
        "unit_of_measurement": None,
    }
    span = [
        {"start": (begin + timedelta(hours=h)).isoformat(), "mean": 1, "min": 1, "max": 1}
        for h in range(int(days * 24))
    ]
    await call({"type": "recorder/import_statistics", "metadata": marker, "stats": span})
    return {"from": begin.isoformat(), "until": end.isoformat(), "rows": written}


async def websocket_caller(
    session: aiohttp.ClientSession, url: str, token: str
) -> tuple[aiohttp.ClientWebSocketResponse, Call]:
    """An authenticated websocket and a request/answer `call` on it."""
    ws = await session.ws_connect(f"{url}/api/websocket")
    await ws.receive_json()
    await ws.send_json({"type": "auth", "access_token": token})
    if (await ws.receive_json()).get("type") != "auth_ok":
        raise SystemExit("websocket authentication failed")
    ids = iter(range(1, 1_000_000))

    async def call(payload: dict[str, Any]) -> Any:
        msg_id = next(ids)
        await ws.send_json({"id": msg_id, **payload})
        reply: dict[str, Any] = await ws.receive_json()
        while reply.get("id") != msg_id:
            reply = await ws.receive_json()
        if not reply.get("success"):
            raise SystemExit(f"{payload['type']} failed: {reply.get('error')}")
        return reply.get("result")

    return ws, call


async def main() -> None:
    """Log in as the demo user and seed."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default="http://127.0.0.1:8123")
    parser.add_argument("--days", type=float, default=3.0)
    args = parser.parse_args()
    async with aiohttp.ClientSession() as session:
        token = await login(session, args.url)
        ws, call = await websocket_caller(session, args.url, token)
        async with ws:
            result = await seed(call, args.days)
    rows = sum(result["rows"].values())
    print(f"==> demo history: {rows} hourly rows, {result['from']} to {result['until']}")


if __name__ == "__main__":
    asyncio.run(main())
