"""The webhook server: Telegram's secret checked in constant time, a health endpoint."""

from __future__ import annotations

import hmac
import json
import logging
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


def web_app(application: Application[Any, Any, Any, Any, Any, Any], secret: str, path: str,
            database: AsyncEngine) -> Starlette:
    expected = secret.encode()

    async def telegram(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, expected):
            log.warning("webhook call refused: wrong or missing secret token")
            return Response(status_code=403)
        try:
            update = Update.de_json(json.loads(await request.body()), application.bot)
        except (ValueError, TypeError, KeyError):
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
