"""Sending a digest now, from the command line: Telegram when the bot has a token."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.channels.telegram.rendering import split

if TYPE_CHECKING:
    from bot.app import App
    from bot.mentors.digest import Digests
    from bot.storage.models import Mentor


class CannotDeliver(RuntimeError):
    pass


async def deliver_now(core: App, digests: Digests, mentor: Mentor) -> str:
    """Send the mentor's digest by Telegram; returns what was sent."""
    from telegram import Bot

    settings = core.settings
    if settings.telegram_token is None or mentor.telegram_user_id is None:
        raise CannotDeliver("sending needs LOOPBAANBOT_TELEGRAM_TOKEN and a mentor enrolled in "
                            "Telegram; use --dry-run to print it")
    text = await digests.text_for(mentor, mark_sent=True)
    bot = Bot(settings.telegram_token.get_secret_value(),
              base_url=settings.telegram_base_url or "https://api.telegram.org/bot")
    async with bot:
        for piece in split(text):
            await bot.send_message(mentor.telegram_user_id, piece)
    return text
