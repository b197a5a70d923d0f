"""Bot turns as Telegram messages: split under Telegram's limit, options as inline buttons."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.channels.telegram.callbacks import ANSWER
from bot.core.conversation import BotTurn

MAX_MESSAGE = 4096


@dataclass(frozen=True)
class OutgoingMessage:
    text: str
    keyboard: InlineKeyboardMarkup | None = None


def split(text: str, limit: int = MAX_MESSAGE) -> list[str]:
    """Pieces of at most `limit` characters, cut at a paragraph, line or word where possible."""
    pieces: list[str] = []
    rest = text
    while len(rest) > limit:
        window = rest[:limit]
        cut = max(window.rfind("\n\n"), window.rfind("\n"), window.rfind(" "))
        if cut < limit // 2:
            cut = limit
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest or not pieces:
        pieces.append(rest)
    return pieces


def buttons(rows: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    """One button per row: (label, callback data)."""
    return InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=data)]
                                 for label, data in rows])


def render(turn: BotTurn) -> list[OutgoingMessage]:
    """Each message of a turn, split where needed; the last piece carries the options."""
    texts = [piece for message in turn.messages for piece in split(message)]
    keyboard = buttons([(o.label, f"{ANSWER}|{turn.at}|{o.value}") for o in turn.options]) \
        if turn.options else None
    return [OutgoingMessage(text, keyboard if i == len(texts) - 1 else None)
            for i, text in enumerate(texts)]


def pressed_label(markup: InlineKeyboardMarkup | None, data: str) -> str | None:
    """The label of the button that sent this callback data."""
    for row in markup.inline_keyboard if markup else ():
        for button in row:
            if button.callback_data == data:
                return button.text
    return None
