"""Sending a reply without reading the sent message back.

python-telegram-bot's `send_message` turns the Bot API's answer (the message as sent) into a
`Message`: about a tenth of the CPU of a student's turn on this machine (bench/README.md), for
an object no reply uses. `do_api_request` sends the same request through the same rate
limiter and returns the answer as it came. PTB warns when it is asked for a method it has
(`send_message`): here that is the point, so that one warning is silenced, nothing else.
"""

from __future__ import annotations

import warnings
from typing import Any

from telegram import Bot, InlineKeyboardMarkup
from telegram.warnings import PTBUserWarning

warnings.filterwarnings("ignore", message=r"Please use 'Bot\.send_message'",
                        category=PTBUserWarning)


async def send_text(bot: Bot, chat_id: int, text: str,
                    keyboard: InlineKeyboardMarkup | None = None) -> None:
    """sendMessage, as `bot.send_message(chat_id, text, reply_markup=keyboard)` sends it; the
    same errors (Forbidden when the student blocked the bot, and so on)."""
    api_kwargs: dict[str, Any] = {"chat_id": chat_id, "text": text}
    if keyboard is not None:
        api_kwargs["reply_markup"] = keyboard
    await bot.do_api_request("send_message", api_kwargs=api_kwargs)
