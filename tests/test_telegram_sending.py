"""Students' replies go out with do_api_request (the sent message is not read back): the same
request as send_message, and no warning in the bot's log."""

from __future__ import annotations

import subprocess
import sys

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup

from bot.channels.telegram.offline import OfflineBotApi
from bot.channels.telegram.sending import send_text
from tests.conftest import ROOT

KEYBOARD = InlineKeyboardMarkup([[InlineKeyboardButton("Goed", callback_data="a|dag|goed")],
                                 [InlineKeyboardButton("Zwaar", callback_data="a|dag|zwaar")]])


async def test_a_reply_is_the_request_send_message_makes() -> None:
    api = OfflineBotApi()
    bot = Bot("1:SENDING", request=api, get_updates_request=api)
    async with bot:
        for keyboard in (KEYBOARD, None):
            api.clear()
            await bot.send_message(501, "Hoe was je dag?", reply_markup=keyboard)
            await send_text(bot, 501, "Hoe was je dag?", keyboard)
            [by_ptb, ours] = api.calls
            assert ours.method == by_ptb.method == "sendMessage"
            assert ours.params == by_ptb.params
    assert api.sent()[-1] == {"chat_id": 501, "text": "Hoe was je dag?"}


def test_sending_a_reply_warns_nothing_even_where_warnings_are_errors() -> None:
    """Outside pytest's own filters: the bot's log stays free of PTB's 'use send_message'."""
    program = (
        "import asyncio\n"
        "from telegram import Bot\n"
        "from bot.channels.telegram.offline import OfflineBotApi\n"
        "from bot.channels.telegram.sending import send_text\n"
        "async def main():\n"
        "    api = OfflineBotApi()\n"
        "    async with Bot('1:SENDING', request=api, get_updates_request=api) as bot:\n"
        "        await send_text(bot, 501, 'hoi')\n"
        "    print(api.texts())\n"
        "asyncio.run(main())\n")
    done = subprocess.run([sys.executable, "-W", "error", "-c", program], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "['hoi']"
    assert "Warning" not in done.stderr
