"""Settings from the environment (prefix LOOPBAANBOT_); built once in main and passed in."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import platformdirs
from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine.url import make_url
from sqlalchemy.exc import ArgumentError

from bot.paths import shipped

_ASYNC_DRIVERS = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+asyncpg"}


class Settings(BaseSettings):
    """Everything an operator may set. Impossible values fail here, saying how to fix them."""

    model_config = SettingsConfigDict(env_prefix="LOOPBAANBOT_", extra="ignore")

    data_dir: Path = Field(default_factory=lambda: platformdirs.user_data_path("loopbaanbot"))
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; default a SQLite file in data_dir.")
    database_pool: int = Field(default=4, ge=1, le=200, description=(
        "PostgreSQL connections each bot process keeps open (turns beyond wait for one)."))
    flows_dir: Path = Field(default_factory=lambda: shipped("dialogue_flows"))
    prompts_dir: Path = Field(default_factory=lambda: shipped("prompts"))
    school_dir: Path = Field(default_factory=lambda: shipped("school"),
                             description="The school's flag rules and helplines.")
    flow: str = "stagedag"
    language: Literal["nl", "en"] = "nl"
    timezone: str = "Europe/Amsterdam"
    resume_hours: int = Field(default=72, ge=1, description="Older unfinished talks restart.")
    resume_paused_hours: int = Field(default=192, ge=1, description=(
        "How long a talk the student paused in words ('later verder') waits for them; at "
        "least resume_hours."))
    max_input_chars: int = Field(default=4000, ge=100, le=100_000)

    telegram_token: SecretStr | None = Field(default=None, description="From @BotFather.")
    telegram_base_url: str | None = Field(
        default=None, description="Another Bot API server, e.g. http://127.0.0.1:8081/bot")
    telegram_username: str | None = Field(
        default=None, description="The bot's username (without @), for invite links; else "
        "asked from Telegram with the token, or learned on the first run.")
    telegram_poll_interval: float = Field(default=0.0, ge=0, le=60)
    webhook_url: str | None = Field(
        default=None, description="Public https URL Telegram posts updates to.")
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(default=8080, ge=1, le=65535)

    web_listen: str = Field(default="127.0.0.1", description="Where the web chat listens "
                            "(behind the school's HTTPS reverse proxy).")
    web_port: int = Field(default=8090, ge=1, le=65535)
    web_url: str | None = Field(default=None, description="The web chat's public address, "
                                "e.g. https://reflectie.school.nl: invite links point there.")
    web_secure_cookies: bool = Field(
        default=True, description="Cookies only over HTTPS. Off only to try the web chat on "
        "http://127.0.0.1 without a proxy.")

    smtp_host: str | None = Field(default=None, description="For digests by email.")
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_from: str | None = None
    smtp_starttls: bool = True

    @field_validator("webhook_secret")
    @classmethod
    def _telegram_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not re.fullmatch(r"[A-Za-z0-9_-]{16,256}",
                                                  value.get_secret_value()):
            raise ValueError("use 16 to 256 characters A-Z, a-z, 0-9, _ or - (Telegram's rule); "
                             "for example: python3 -c 'import secrets; "
                             "print(secrets.token_urlsafe(32))'")
        return value

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            url = make_url(value)
        except ArgumentError as exc:
            raise ValueError(f"LOOPBAANBOT_DATABASE_URL is not a database URL ({exc})") from exc
        backend = url.get_backend_name()
        wanted = _ASYNC_DRIVERS.get(backend)
        if wanted is None:
            raise ValueError(f"database '{backend}' is not supported; use SQLite or PostgreSQL")
        if url.drivername != wanted:  # sqlite://, postgresql://, postgresql+psycopg://: the
            return url.set(drivername=wanted).render_as_string(hide_password=False)  # same db
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone '{value}'; use e.g. Europe/Amsterdam") from exc
        return value

    def secrets(self) -> list[str]:
        """The values no log line or error message may show."""
        found = [s.get_secret_value() for s in (self.telegram_token, self.webhook_secret,
                                                 self.smtp_password) if s is not None]
        if self.telegram_token is not None:  # the token without its bot id is a secret too
            found.append(self.telegram_token.get_secret_value().partition(":")[2])
        return [s for s in found if s]

    @property
    def database(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{self.data_dir / 'loopbaanbot.sqlite3'}"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)
