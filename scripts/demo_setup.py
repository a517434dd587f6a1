"""Onboard a fresh Home Assistant and add SigenStor through its real config flow."""

from __future__ import annotations

import argparse
import asyncio
import os
from pathlib import Path
import sys
import time
from typing import Any

import aiohttp

USER, PASSWORD = "demo", "sigenstor-demo"
ROOT = Path(__file__).resolve().parent.parent


async def wait_for(session: aiohttp.ClientSession, url: str, limit_s: float) -> None:
    """Wait until Home Assistant answers HTTP."""
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        try:
            async with session.get(f"{url}/api/onboarding") as resp:
                if resp.status in (200, 401, 404):
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(1)
    raise SystemExit(f"Home Assistant did not start within {limit_s:.0f} s")


async def onboard(session: aiohttp.ClientSession, url: str) -> str:
    """Create the demo user, finish onboarding and return an access token."""
    client_id = f"{url}/"
    async with session.post(
        f"{url}/api/onboarding/users",
        json={
            "client_id": client_id,
            "name": "Demo",
            "username": USER,
            "password": PASSWORD,
            "language": "en",
        },
    ) as resp:
        resp.raise_for_status()
        auth_code = (await resp.json())["auth_code"]
    async with session.post(
        f"{url}/auth/token",
        data={"grant_type": "authorization_code", "code": auth_code, "client_id": client_id},
    ) as resp:
        resp.raise_for_status()
        token: str = (await resp.json())["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    for step, body in (
        ("core_config", {}),
        ("analytics", {}),
        ("integration", {"client_id": client_id, "redirect_uri": f"{url}/?auth_callback=1"}),
    ):
        async with session.post(f"{url}/api/onboarding/{step}", json=body, headers=headers) as r:
            if r.status not in (200, 403):
                raise SystemExit(f"onboarding step {step} failed: {r.status}")
    return token


async def add_integration(
    session: aiohttp.ClientSession, url: str, token: str, modbus_port: int
) -> dict[str, Any]:
    """Run the integration's user step as the UI would."""
    headers = {"Authorization": f"Bearer {token}"}
    async with session.post(
        f"{url}/api/config/config_entries/flow",
        json={"handler": "sigenstor", "show_advanced_options": False},
        headers=headers,
    ) as resp:
        resp.raise_for_status()
        flow = await resp.json()
    async with session.post(
        f"{url}/api/config/config_entries/flow/{flow['flow_id']}",
        json={"host": "127.0.0.1", "port": modbus_port, "inverters": "1"},
        headers=headers,
    ) as resp:
        resp.raise_for_status()
        result: dict[str, Any] = await resp.json()
    if result.get("step_id") == "amber":  # optional at setup; the demo adds it in the options
        async with session.post(
            f"{url}/api/config/config_entries/flow/{flow['flow_id']}", json={}, headers=headers
        ) as resp:
            resp.raise_for_status()
            result = await resp.json()
    if result.get("type") != "create_entry":
        raise SystemExit(f"config flow did not create an entry: {result}")
    return result


async def options_flow(
    session: aiohttp.ClientSession, url: str, token: str, entry_id: str, steps: list[dict[str, Any]]
) -> dict[str, Any]:
    """Run one options flow of the entry: each dict is posted to the next step."""
    headers = {"Authorization": f"Bearer {token}"}
    base = f"{url}/api/config/config_entries/options/flow"
    async with session.post(base, json={"handler": entry_id}, headers=headers) as resp:
        resp.raise_for_status()
        result: dict[str, Any] = await resp.json()
    for body in steps:
        async with session.post(f"{base}/{result['flow_id']}", json=body, headers=headers) as resp:
            resp.raise_for_status()
            result = await resp.json()
        if result.get("errors"):
            raise SystemExit(f"options step {result.get('step_id')} failed: {result['errors']}")
    if result.get("type") != "create_entry":
        raise SystemExit(f"options flow did not finish: {result}")
    return result


async def add_sources(
    session: aiohttp.ClientSession, url: str, token: str, entry_id: str, replay_url: str
) -> None:
    """Add Amber and two PV arrays through the options menu, pointed at the replay server."""
    # The replay server's token and site (replay.DEMO_TOKEN, replay.SITE_ID).
    sys.path.insert(0, str(ROOT))
    from replay import DEMO_TOKEN, SITE_ID  # noqa: PLC0415  (the checkout's replay package)

    hidden = {"amber_base_url": replay_url, "open_meteo_base_url": replay_url}
    await options_flow(
        session,
        url,
        token,
        entry_id,
        [
            {"next_step_id": "amber"},
            {"amber_token": DEMO_TOKEN, **hidden},
            {"amber_site_id": SITE_ID},
        ],
    )
    # Each options change reloads the entry; give it a moment before the next flow.
    await asyncio.sleep(3)
    arrays = (
        {"name": "North roof", "kwp": 6.6, "tilt": 20, "azimuth": 0, "efficiency": 0.93},
        {
            "name": "West roof",
            "kwp": 3.3,
            "tilt": 15,
            "azimuth": 270,
            "ac_limit_kw": 3.0,
            "efficiency": 0.93,
        },
    )
    for array in arrays:
        await options_flow(
            session,
            url,
            token,
            entry_id,
            [{"next_step_id": "solar"}, {"next_step_id": "solar_add"}, array],
        )
        await asyncio.sleep(3)


async def show_plan(
    session: aiohttp.ClientSession, url: str, token: str, entry_id: str, limit_s: float = 90
) -> None:
    """Wait for the optimiser's first plan (shadow mode, the default: it plans, never writes)."""
    headers = {"Authorization": f"Bearer {token}"}
    sensor = f"{url}/api/states/sensor.sigenstor_optimiser_decision"
    deadline = asyncio.get_running_loop().time() + limit_s
    # Watch the decision sensor rather than call the action while the entry still reloads.
    while asyncio.get_running_loop().time() < deadline:
        async with session.get(sensor, headers=headers) as resp:
            if resp.status == 200 and (await resp.json())["state"] not in ("idle", "unavailable"):
                break
        await asyncio.sleep(3)
    service = f"{url}/api/services/sigenstor/get_plan?return_response"
    async with session.post(service, json={"config_entry_id": entry_id}, headers=headers) as resp:
        plan: dict[str, Any] = (await resp.json()).get("service_response", {})
    if not plan.get("steps"):
        print(f"==> optimiser has no plan yet: {plan.get('reason')}", file=sys.stderr)
        return
    print(
        f"==> optimiser ({plan['mode']}): {plan['decision']} - {plan['reason']}; "
        f"{len(plan['steps'])} steps",
        file=sys.stderr,
    )


DASHBOARD = "sigenstor-dashboard"


async def seed_history(session: aiohttp.ClientSession, url: str, token: str) -> str | None:
    """Import a few simulated days of statistics (replay/demo_seed.py); the seam's time."""
    if os.environ.get("SIGEN_DEMO_NO_HISTORY"):
        return None
    sys.path.insert(0, str(ROOT))
    from replay.demo_seed import seed, websocket_caller  # noqa: PLC0415  (the checkout's replay)

    ws, call = await websocket_caller(session, url, token)
    async with ws:
        result = await seed(call)
    rows = sum(result["rows"].values())
    print(f"==> demo history: {rows} hourly rows until {result['until']}", file=sys.stderr)
    return str(result["until"])


def demo_note(until: str) -> dict[str, Any]:
    """A markdown card that says which part of the charts is simulated."""
    return {
        "type": "markdown",
        "content": (
            f"**Demo data.** Statistics before {until[:16].replace('T', ' ')} are simulated by "
            "`replay/demo_seed.py` (statistic `sigenstor:demo_history`), not measured; "
            "everything after comes from the simulator through the integration."
        ),
    }


async def add_dashboard(
    session: aiohttp.ClientSession,
    url: str,
    token: str,
    entry_id: str | None,
    seeded_until: str | None = None,
) -> None:
    """Load docs/dashboard.yaml as a storage-mode dashboard and set up the energy dashboard."""
    from homeassistant.util.yaml import parse_yaml  # noqa: PLC0415  (in the demo's venv)

    config = parse_yaml((ROOT / "docs" / "dashboard.yaml").read_text())
    if seeded_until and isinstance(config, dict):
        for view in config.get("views", []):
            if view.get("path") in ("history", "energy"):
                view.setdefault("cards", []).insert(0, demo_note(seeded_until))
    async with session.ws_connect(f"{url}/api/websocket") as ws:
        await ws.receive_json()
        await ws.send_json({"type": "auth", "access_token": token})
        if (await ws.receive_json()).get("type") != "auth_ok":
            raise SystemExit("websocket authentication failed")
        ids = iter(range(1, 1000))

        async def call(payload: dict[str, Any]) -> dict[str, Any]:
            msg_id = next(ids)
            await ws.send_json({"id": msg_id, **payload})
            reply: dict[str, Any] = await ws.receive_json()
            while reply.get("id") != msg_id:
                reply = await ws.receive_json()
            if not reply.get("success"):
                raise SystemExit(f"{payload['type']} failed: {reply.get('error')}")
            return reply

        await call(
            {
                "type": "lovelace/dashboards/create",
                "url_path": DASHBOARD,
                "title": "SigenStor",
                "icon": "mdi:home-battery",
                "show_in_sidebar": True,
                "require_admin": False,
                "mode": "storage",
            }
        )
        await call({"type": "lovelace/config/save", "url_path": DASHBOARD, "config": config})
        await call({"type": "energy/save_prefs", **energy_prefs(entry_id)})


def energy_prefs(entry_id: str | None) -> dict[str, Any]:
    """Energy dashboard sources from the plant's counters (the demo's entity ids)."""
    grid = {
        "type": "grid",
        "flow_from": [
            {
                "stat_energy_from": "sensor.sigenstor_grid_import_energy",
                "stat_cost": None,
                "entity_energy_price": "sensor.amber_electric_general_price",
                "number_energy_price": None,
            }
        ],
        "flow_to": [
            {
                "stat_energy_to": "sensor.sigenstor_grid_export_energy",
                "stat_compensation": None,
                "entity_energy_price": "sensor.amber_electric_feed_in_earnings_rate",
                "number_energy_price": None,
            }
        ],
        "cost_adjustment_day": 0,
    }
    solar = {
        "type": "solar",
        "stat_energy_from": "sensor.sigenstor_solar_energy",
        "config_entry_solar_forecast": [entry_id] if entry_id else None,
    }
    battery = {
        "type": "battery",
        "stat_energy_from": "sensor.sigenstor_battery_discharge_energy",
        "stat_energy_to": "sensor.sigenstor_battery_charge_energy",
    }
    return {"energy_sources": [grid, solar, battery], "device_consumption": []}


async def add_schedule(
    session: aiohttp.ClientSession, url: str, token: str, entry_id: str, tries: int = 10
) -> None:
    """Add one example schedule, a weekday 01:00-05:00 charge, through the set_schedule action."""
    headers = {"Authorization": f"Bearer {token}"}
    body = {
        "config_entry_id": entry_id,
        "name": "Weekday night charge",
        "action": "charge",
        "start": "01:00",
        "end": "05:00",
        "days": ["mon", "tue", "wed", "thu", "fri"],
        "power": 3,
        "target_soc": 90,
    }
    for _ in range(tries):
        # The entry may still be reloading after an options change: retry briefly.
        async with session.post(
            f"{url}/api/services/sigenstor/set_schedule", json=body, headers=headers
        ) as resp:
            if resp.status == 200:
                return
            error = f"{resp.status} {await resp.text()}"
        await asyncio.sleep(2)
    raise SystemExit(f"set_schedule failed: {error}")


async def main() -> None:
    """Onboard, configure and write the credentials file."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default="http://127.0.0.1:8123")
    parser.add_argument("--modbus-port", type=int, default=5020)
    parser.add_argument("--credentials", type=Path, required=True)
    parser.add_argument("--timeout", type=float, default=240)
    parser.add_argument("--replay-url", help="replay server base URL (Amber and Open-Meteo)")
    args = parser.parse_args()
    async with aiohttp.ClientSession() as session:
        await wait_for(session, args.url, args.timeout)
        token = await onboard(session, args.url)
        entry = await add_integration(session, args.url, token, args.modbus_port)
        if args.replay_url:
            entry_id = entry["result"]["entry_id"]
            await add_sources(session, args.url, token, entry_id, args.replay_url)
            await show_plan(session, args.url, token, entry_id)
        if new_entry_id := entry.get("result", {}).get("entry_id"):
            await add_schedule(session, args.url, token, new_entry_id)
        seeded = await seed_history(session, args.url, token)
        await add_dashboard(
            session, args.url, token, entry.get("result", {}).get("entry_id"), seeded
        )
    args.credentials.write_text(
        f"Home Assistant is running at {args.url}\n"
        f"Log in as '{USER}' with password '{PASSWORD}'.\n"
        f"SigenStor entry: {entry.get('title')}\n"
        f"Dashboard: {args.url}/{DASHBOARD}/home\n"
    )
    print("==> demo ready", file=sys.stderr)


if __name__ == "__main__":
    asyncio.run(main())
