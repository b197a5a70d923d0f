"""Button data in Telegram: how each button is written into its callback data (at most 64
bytes) and the pattern that routes a press back to its handler. Data that fits no pattern
(forged, or from an old version) is answered and does nothing."""

from __future__ import annotations

import re

from bot.notify import Button

ANSWER = "a"  # a|<turn position>|<option value>

# Services' buttons, as Telegram callback data (the same data as before these had intents,
# so buttons already sent keep working).
_ENCODE = {"reflect": "reflect", "nudge_later": "nudge|later|{arg}",
           "nudge_skip": "nudge|skip|{arg}", "acknowledge": "ack|{arg}"}


def encode(button: Button) -> str:
    return _ENCODE[button.intent].format(arg=button.arg)


def rows(buttons: list[Button]) -> list[tuple[str, str]]:
    return [(b.label, encode(b)) for b in buttons]


_ID = r"(\d{1,18})"  # an id that fits the database's BIGINT
ANSWER_PRESSED = re.compile(rf"^{ANSWER}\|([0-9a-f]{{8}})\|(.+)$", re.S)
CONSENT = re.compile(r"^consent\|([A-Za-z0-9]{1,32})$")
NO_CONSENT = re.compile(r"^noconsent$")
REFLECT = re.compile(r"^reflect$")
NUDGE = re.compile(r"^nudge\|(later|skip)\|(\d{4}-\d{2}-\d{2})$")
FLAG = re.compile(rf"^(ack|resolve|keep)\|{_ID}$")
DONE = re.compile(rf"^done\|{_ID}$")
DELETE = re.compile(r"^delete\|(yes|no)$")
LANGUAGE = re.compile(r"^language\|([a-z]{2})$")
