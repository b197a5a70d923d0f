"""The Telegram channel: python-telegram-bot with thin handlers over the same services."""
