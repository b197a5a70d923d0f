"""E-mail addresses people type: checked before they are stored."""

from __future__ import annotations

import re

_EMAIL = re.compile(r"[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[^@\s<>,;\".]+")
MAX_EMAIL = 254  # RFC 5321's limit for a path


def email_address(text: str) -> str | None:
    """The address, trimmed, if it looks like one a mail server will take; else None."""
    address = text.strip()
    if len(address) > MAX_EMAIL or not _EMAIL.fullmatch(address):
        return None
    return address
