"""A scripted HTTP server on 127.0.0.1 for client tests (HTTP faked at the HTTP layer)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
import json
from pathlib import Path
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer

FIXTURES = Path(__file__).parent.parent / "fixtures"


def fixture(name: str) -> Any:
    """Load one of our JSON fixtures."""
    return json.loads((FIXTURES / name).read_text())


@dataclass
class Reply:
    """One scripted response."""

    status: int = 200
    body: Any = None
    raw: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Seen:
    """One request the server received."""

    path: str
    query: dict[str, str]
    headers: dict[str, str]


class FakeApi:
    """Serves scripted replies per path and records every request."""

    def __init__(self) -> None:
        self.replies: dict[str, list[Reply]] = {}
        self.seen: list[Seen] = []
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self.server = TestServer(app, host="127.0.0.1")

    def add(self, path: str, reply: Reply) -> None:
        """Queue a reply for a path; the last one repeats."""
        self.replies.setdefault(path, []).append(reply)

    @property
    def base_url(self) -> str:
        """Base URL including ``/v1``."""
        return str(self.server.make_url("/v1"))

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        self.seen.append(Seen(request.path, dict(request.query), dict(request.headers)))
        queue = self.replies.get(request.path)
        if not queue:
            return web.Response(status=404, text="not scripted")
        reply = queue.pop(0) if len(queue) > 1 else queue[0]
        if reply.delay:
            await asyncio.sleep(reply.delay)
        body = reply.raw if reply.raw is not None else json.dumps(reply.body).encode()
        return web.Response(
            status=reply.status,
            body=body,
            headers=reply.headers,
            content_type="application/json",
        )
