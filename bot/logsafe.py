"""Logging an error without a student's words: the stack and the type, not foreign messages."""

from __future__ import annotations

import traceback

from bot.catalog import UnknownFlow
from bot.core.machine import FlowError
from bot.core.texts import MissingText

# Our own errors: their messages name flows, steps and keys, never what a student wrote.
_SAFE_MESSAGES = (FlowError, UnknownFlow, MissingText)


def describe(exc: BaseException) -> str:
    """The exception for an operator's log: where it happened and what kind it was."""
    stack = "".join(traceback.format_tb(exc.__traceback__))
    kind = f"{type(exc).__module__}.{type(exc).__qualname__}"
    if isinstance(exc, _SAFE_MESSAGES):
        kind += f": {exc}"
    cause = exc.__cause__ or exc.__context__
    caused = f"\n(caused by {type(cause).__qualname__})" if cause is not None else ""
    return f"Traceback (message withheld: it may hold a student's words):\n{stack}{kind}{caused}"
