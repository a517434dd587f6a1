"""Run the replay server: ``python -m replay --port 8787 --seed 1``."""

from __future__ import annotations

import argparse
import logging

from aiohttp import web

from .server import DEMO_TOKEN, SITE_ID, ReplayConfig, create_app


def main(argv: list[str] | None = None) -> None:
    """Parse arguments and serve until interrupted."""
    parser = argparse.ArgumentParser(
        prog="python -m replay",
        description=(
            "Serve synthetic, clock-driven Amber (/v1/sites, /v1/sites/{id}/prices/current) and "
            "Open-Meteo (/v1/forecast) responses for offline demos. "
            "Base URL for both clients: http://HOST:PORT/v1"
        ),
    )
    parser.add_argument("--host", default="127.0.0.1", help="bind address (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8787, help="TCP port (default 8787)")
    parser.add_argument("--seed", type=int, default=1, help="seed for prices and cloud")
    parser.add_argument("--token", default=DEMO_TOKEN, help="Amber API token to accept")
    parser.add_argument("--rate-limit", type=int, default=50, help="Amber requests per window")
    parser.add_argument("--rate-window", type=int, default=300, help="Amber window in seconds")
    parser.add_argument(
        "--open-meteo-limit", type=int, default=600, help="Open-Meteo requests per minute"
    )
    parser.add_argument(
        "--controlled-load", action="store_true", help="add a controlledLoad channel"
    )
    args = parser.parse_args(argv)
    config = ReplayConfig(
        seed=args.seed,
        token=args.token,
        rate_limit=args.rate_limit,
        rate_window=args.rate_window,
        open_meteo_per_minute=args.open_meteo_limit,
        controlled_load=args.controlled_load,
    )
    logging.basicConfig(level=logging.INFO)
    print(f"replay: base URL http://{args.host}:{args.port}/v1, site {SITE_ID}", flush=True)
    web.run_app(create_app(config), host=args.host, port=args.port, print=None)


if __name__ == "__main__":
    main()
