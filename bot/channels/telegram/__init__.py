"""The Telegram channel: python-telegram-bot with thin handlers over the same services."""

import os

# Opt in to python-telegram-bot's durations as timedelta (its next major default); without it
# every 429 (RetryAfter) logs a deprecation warning. Nothing here reads them as integers.
os.environ.setdefault("PTB_TIMEDELTA", "true")

# The channel's name in contacts: a Telegram user is stored as ("telegram", their user id).
CHANNEL = "telegram"
