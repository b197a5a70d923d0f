"""Opening the database: the async engine, SQLite's WAL mode, migrations on start."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, text
from sqlalchemy.engine.url import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.pool import StaticPool

from bot.storage.units import ENGINE_OPTIONS, in_memory, prepare_sqlite, prepare_sqlite_reader

MIGRATIONS = Path(__file__).parent / "migrations"
# PostgreSQL connections each bot process keeps open (LOOPBAANBOT_DATABASE_POOL), no more.
PG_POOL_SIZE = 4
PAGES_POOL_SIZE = 4  # the school's pages' own (`create_reader`)
_MIGRATION_LOCK = 0x6C6F6F70  # 'loop': one process migrates at a time on PostgreSQL


def create_engine(url: str, pool: int = PG_POOL_SIZE) -> AsyncEngine:
    """An async engine; on SQLite with WAL, foreign keys and a busy timeout; on PostgreSQL
    with `pool` connections.

    SQLite runs through aiosqlite, each connection on its own thread: while another process
    holds the write lock, a turn waits there and the event loop goes on serving everyone else.
    Any SQLite URL works (`sqlite://`, `sqlite+aiosqlite://`, a file, `:memory:`).

    Statement parameters are hidden from error messages: they hold students' answers. JSON
    that pydantic serialised already (`JSONText`) is stored as it is.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        memory = database in ("", ":memory:") or "mode=memory" in str(parsed.query)
        if not memory:
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        # One connection per process: SQLite writes one transaction at a time anyway, and a
        # second connection would fail at once (not wait) when its snapshot went stale before
        # it wrote. Sessions queue for the one connection instead. In memory, the database
        # lives as long as its one connection.
        pooling: dict[str, Any] = ({"poolclass": StaticPool} if memory else
                                   {"pool_size": 1, "max_overflow": 0, "pool_timeout": 60})
        engine = create_async_engine(parsed.set(drivername="sqlite+aiosqlite"),
                                     connect_args={"timeout": 30}, **ENGINE_OPTIONS,
                                     **pooling)
        prepare_sqlite(engine.sync_engine)
        return engine
    # No ping before every use of a pooled connection: a round trip on every turn. A turn
    # that finds its connection gone runs again (Units.run); on any other use, SQLAlchemy
    # drops the pool's connections of that time, so it fails once and the next use works.
    # A few connections, kept open, and no more while busy: a process's turns are Python
    # work on one core, so a few connections keep it busy while others wait for the
    # database. More turns at once on more connections only crowd the server: its CPU per
    # update went from about 0.5 to 0.9 ms with 20 to 30 per process, 0.75 to 1.2 ms with two
    # processes (bench/README.md, "seventh sitting"), and two
    # processes did less than with 4 each. Turns beyond the pool wait for a connection
    # (they would wait for the CPU anyway). None is closed when given back: opening one
    # again (connecting, asyncpg's type lookups, every statement prepared anew) costs more
    # than ten turns.
    return create_async_engine(url, **ENGINE_OPTIONS, pool_size=pool, max_overflow=0)


def create_reader(engine: AsyncEngine) -> AsyncEngine:
    """For long reads (the school's pages and figures): an engine of their own, so students'
    turns never wait for a coordinator's figures. On PostgreSQL, with four connections of
    its own (a page reads on up to four at once, bot/storage/school_views.py
    `school_numbers`). On a SQLite file, two connections whose transactions begin deferred
    and only read: they never take the write lock (in WAL mode readers and the writer do
    not wait for each other). In memory, the same engine (a second would be another,
    empty, database)."""
    url = engine.url
    if url.get_backend_name() == "postgresql":
        return create_async_engine(url, **ENGINE_OPTIONS, pool_size=PAGES_POOL_SIZE,
                                   max_overflow=0)
    if url.get_backend_name() != "sqlite" or in_memory(url.database or "") \
            or in_memory(str(url.query)):
        return engine
    reader = create_async_engine(url, connect_args={"timeout": 30}, **ENGINE_OPTIONS,
                                 pool_size=2, max_overflow=0, pool_timeout=60)
    prepare_sqlite_reader(reader.sync_engine)
    return reader


async def forget_deleted(engine: AsyncEngine) -> None:
    """After a student's data is deleted: on SQLite, copy the write-ahead log into the main
    file (where secure_delete has overwritten the deleted rows) and empty the log, so the
    words are nowhere on disk. PostgreSQL reuses the space at its next vacuum (see
    deploy/OPERATIONS.md)."""
    if engine.dialect.name != "sqlite":
        return
    async with engine.connect() as connection:
        autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
        await autocommit.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def sessions(engine: AsyncEngine) -> async_sessionmaker[Any]:
    return async_sessionmaker(engine, expire_on_commit=False)


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


async def migrate(engine: AsyncEngine) -> None:
    """Bring the schema to the newest migration (run on every start)."""
    if engine.dialect.name == "sqlite":
        async with engine.connect() as connection:
            await connection.run_sync(_upgrade_sqlite)
        return
    async with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            await connection.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                                     {"key": _MIGRATION_LOCK})
        await connection.run_sync(lambda sync: command.upgrade(alembic_config(sync), "head"))


def _upgrade_sqlite(connection: Connection) -> None:
    """SQLite changes a table's columns by copying it to a new one and dropping the old: with
    foreign keys on, that drop would delete every row that refers to it (a student's
    conversations). So they are off during the upgrade (SQLite only allows that outside a
    transaction), checked before commit, and on again after."""
    raw = connection.connection.dbapi_connection
    assert raw is not None
    raw.execute("PRAGMA foreign_keys=OFF")
    try:
        with connection.begin():
            command.upgrade(alembic_config(connection), "head")
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").first()
            if broken is not None:
                raise RuntimeError(f"the upgrade left a row in {broken[0]} that refers to "
                                   "nothing; nothing was changed")
    finally:
        raw.execute("PRAGMA foreign_keys=ON")


async def current_revision(engine: AsyncEngine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    async with engine.connect() as connection:
        return await connection.run_sync(
            lambda sync: MigrationContext.configure(sync).get_current_revision())
