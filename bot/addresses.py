"""E-mail addresses people type: checked before they are stored (with email-validator, the
library pydantic uses: syntax only, no DNS lookup, so it works offline and leaks nothing)."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email

MAX_EMAIL = 254  # RFC 5321's limit for a path


def email_address(text: str) -> str | None:
    """The address, normalised, if a mail server will take it; else None."""
    address = text.strip()
    if not address or len(address) > MAX_EMAIL:
        return None
    try:
        checked = validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        return None
    return str(checked.normalized)
