"""Channels: thin adapters between a medium (console, Telegram) and the reflection service."""
