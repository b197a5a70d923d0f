"""Wiring: settings in, the loaded data, the engine, the database and the service out."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.catalog import FlowCatalog
from bot.config import Settings
from bot.core.engine import Engine
from bot.core.texts import Texts
from bot.language import lemmas
from bot.language.dates import DateReader
from bot.loading.flows import load_flows
from bot.loading.prompts import load_prompts
from bot.loading.school import load_school_files
from bot.reflection import ReflectionService, utc_now
from bot.safety.meanings import KINDS
from bot.safety.model import load as load_model
from bot.safety.screening import DefaultRule, Screener
from bot.school import InternshipCalendar, SchoolSettings
from bot.storage.database import create_engine, create_reader, migrate, sessions
from bot.storage.spool import FlagSpool
from bot.storage.units import Units

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Content:
    """The data files, loaded and checked: texts and flows."""

    texts: Texts
    engine: Engine
    catalog: FlowCatalog
    school: SchoolSettings
    calendar: InternshipCalendar


async def _quietly(work: Awaitable[object]) -> None:
    """On the way out: a failure here must not hide the one that ended the app."""
    try:
        await work
    except Exception as exc:
        log.warning("could not finish on the way out: %s", type(exc).__name__)


def load_content(settings: Settings) -> Content:
    """Read prompts and flows; raises InvalidData listing every problem."""
    texts, lexicons = load_prompts(settings.prompts_dir)
    flows = load_flows([settings.flows_dir], texts)
    flag_rules, school, calendar = load_school_files(settings.school_dir)
    defaults: dict[str, DefaultRule] = {  # kinds the school's flag rules do not claim
        kind: DefaultRule(kind, {lang: texts.say(lang, f"mentor.reasons.{kind}")
                                 for lang in texts.languages}) for kind in KINDS}
    engine = Engine(texts, lexicons, DateReader(), settings.max_input_chars,
                    Screener(flag_rules, defaults, load_model()), school.helplines)
    return Content(texts, engine, FlowCatalog(flows), school, calendar)


@dataclass(frozen=True)
class App:
    settings: Settings
    content: Content
    database: AsyncEngine
    reflection: ReflectionService
    reader: AsyncEngine | None = None  # for long reads (the school's figures); see database

    @property
    def reading(self) -> AsyncEngine:
        return self.reader or self.database


def prepare_to_serve(core: App) -> None:
    """What a process that serves students does once before the first of them: the
    dictionaries loaded and the screener's patterns read (about 1.5 s, otherwise spread over
    the first students' turns), then its memory settled (`settle_memory`)."""
    lemmas.warm()
    if core.reflection.engine.screener is not None:
        core.reflection.engine.screener.warm()
    settle_memory()


def settle_memory() -> None:
    """For a long-running process, once it holds what it keeps for its life (flows, texts,
    the screener's model, the dictionaries, the channels): collect, then move those objects
    out of the garbage collector's reach (`gc.freeze`). Otherwise every full collection walks
    all of them again, in the middle of whatever request is running: measured on the
    school's figures page, full collections of 110-150 ms, and 20 ms or less after this
    (bench/school_pages_http.py). Frozen objects are never collected, so only `run` (and the
    benchmarks that measure it) call this, not every `open_app` (tests open hundreds)."""
    gc.collect()
    gc.freeze()


@asynccontextmanager
async def open_app(settings: Settings,
                   clock: Callable[[], datetime] = utc_now) -> AsyncIterator[App]:
    """Everything a channel needs, with the database migrated; closed again on exit."""
    content = load_content(settings)
    content.catalog.current(settings.flow)  # fail now, not at the first student
    database = create_engine(settings.database, settings.database_pool)
    try:
        await migrate(database)
        spool = FlagSpool(settings.data_dir / "flag-spool.jsonl")
        await spool.drain(sessions(database))  # flags kept while the database was away
        units = Units(sessions(database), database)
        service = ReflectionService(
            sessions(database), content.engine, content.catalog, settings.flow, settings.zone,
            timedelta(hours=settings.resume_hours), clock, settings.language, content.calendar,
            spool, units, timedelta(hours=settings.resume_paused_hours))
        reader = create_reader(database)
        try:
            yield App(settings, content, database, service, reader)
        finally:
            await _quietly(service.flush_delivered())
            units.close()
            if reader is not database:
                await reader.dispose()
    finally:
        await database.dispose()
