"""The webhook server: Telegram's secret checked in constant time, a health endpoint."""

from __future__ import annotations

import hmac
import json
import logging
import time
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from telegram import Update
from telegram.ext import Application

from bot.storage import health

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


MAX_BODY = 1_000_000  # Telegram's updates are a few kilobytes


class _Refusals:
    """Refused calls are counted and logged at most once a minute: anyone can send them, and
    the log must not fill up."""

    def __init__(self, every: float = 60.0) -> None:
        self.every = every
        self.counts: dict[str, int] = {}
        self.last = 0.0

    def note(self, why: str) -> None:
        self.counts[why] = self.counts.get(why, 0) + 1
        now = time.monotonic()
        if now - self.last >= self.every:
            summary = ", ".join(f"{n} x {reason}" for reason, n in sorted(self.counts.items()))
            log.warning("webhook calls refused since the last note: %s", summary)
            self.counts.clear()
            self.last = now


def web_app(application: Application[Any, Any, Any, Any, Any, Any], secret: str, path: str,
            database: AsyncEngine) -> Starlette:
    expected = secret.encode()
    refusals = _Refusals()

    async def telegram(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, expected):
            refusals.note("wrong or missing secret token")
            return Response(status_code=403)
        update = _update(await request.body(), application)
        if update is None:
            refusals.note("not an update")
            return Response(status_code=400)
        # Processed before answering: if this process dies, Telegram delivers it again.
        await application.update_processor.process_update(
            update, application.process_update(update))
        return Response(status_code=200)

    async def healthz(_: Request) -> Response:
        report = await health.check(database)
        return JSONResponse(report, status_code=200 if report["ok"] else 503)

    return Starlette(routes=[Route(path, telegram, methods=["POST"]),
                             Route("/health", healthz, methods=["GET"])])


def _update(body: bytes, application: Application[Any, Any, Any, Any, Any, Any]
            ) -> Update | None:
    """The body as a Telegram update, or None for anything else (a list, a string, null,
    a message that is text, nesting thousands deep, a body of megabytes)."""
    if len(body) > MAX_BODY:
        return None
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or type(data.get("update_id")) is not int:
        return None
    try:
        return Update.de_json(data, application.bot)
    except Exception:  # PTB meets a shape it does not know: not an update we can handle
        return None
