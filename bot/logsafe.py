"""Logging an error without a student's words: the stack and the type, not foreign messages."""

from __future__ import annotations

import traceback


class SafeMessage:
    """Mixed into our own errors whose messages name flows, steps and keys, never what a
    student wrote: their message may be logged."""


def describe(exc: BaseException) -> str:
    """The exception for an operator's log: where it happened and what kind it was."""
    stack = "".join(traceback.format_tb(exc.__traceback__))
    kind = f"{type(exc).__module__}.{type(exc).__qualname__}"
    if isinstance(exc, SafeMessage):
        kind += f": {exc}"
    cause = exc.__cause__ or exc.__context__
    caused = f"\n(caused by {type(cause).__qualname__})" if cause is not None else ""
    return f"Traceback (message withheld: it may hold a student's words):\n{stack}{kind}{caused}"
