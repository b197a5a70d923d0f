"""A TCP proxy on 127.0.0.1 that a test can cut and restore: the database going away for real
(connections reset, new ones refused), not a mock that raises."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator

from sqlalchemy.engine import make_url


class TcpProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = int(probe.getsockname()[1])
        self._server: asyncio.Server | None = None
        self._pipes: set[asyncio.Task[None]] = set()
        self._writers: set[asyncio.StreamWriter] = set()
        self._cut_at_send = self._restore_after_cut = False
        self._cutting: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._connect, "127.0.0.1", self.port)

    async def cut(self) -> None:
        """Refuse new connections and reset the open ones (reset first: since Python 3.12
        a server's wait_closed waits for its connections)."""
        server, self._server = self._server, None
        if server is not None:
            server.close()
        for writer in list(self._writers):
            transport = writer.transport
            if isinstance(transport, asyncio.Transport):
                transport.abort()
        for task in list(self._pipes):
            task.cancel()
        self._writers.clear()
        if server is not None:
            await server.wait_closed()

    def cut_at_next_send(self, then_restore: bool = False) -> None:
        """The next bytes a client sends are not passed on, and every connection is reset
        then: a connection that goes as a statement is sent (the client cannot know whether
        the server got it). `then_restore`: new connections are taken again right after."""
        self._cut_at_send = True
        self._restore_after_cut = then_restore

    async def _cut_now(self) -> None:
        await self.cut()
        if self._restore_after_cut:
            await self.start()

    async def restore(self) -> None:
        await self.start()

    async def stop(self) -> None:
        if self._cutting is not None:
            await self._cutting
        await self.cut()

    async def _connect(self, reader: asyncio.StreamReader,
                       writer: asyncio.StreamWriter) -> None:
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.transport.abort()
            return
        self._writers |= {writer, upstream_writer}
        for source, sink, sent in ((reader, upstream_writer, True),
                                   (upstream_reader, writer, False)):
            task = asyncio.create_task(self._pipe(source, sink, sent))
            self._pipes.add(task)
            task.add_done_callback(self._pipes.discard)

    async def _pipe(self, source: asyncio.StreamReader, sink: asyncio.StreamWriter,
                    sent: bool) -> None:
        try:
            while data := await source.read(65536):
                if sent and self._cut_at_send:
                    self._cut_at_send = False
                    self._cutting = asyncio.create_task(self._cut_now())
                    return
                sink.write(data)
                await sink.drain()
        except (OSError, asyncio.CancelledError):
            pass
        finally:
            with contextlib.suppress(Exception):
                sink.transport.abort()
            self._writers.discard(sink)


@contextlib.asynccontextmanager
async def proxied(database_url: str) -> AsyncIterator[tuple[TcpProxy, str]]:
    """A proxy in front of the database at `database_url`, and the URL that goes through it;
    stopped on exit."""
    url = make_url(database_url)
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
    await proxy.start()
    try:
        yield proxy, url.set(port=proxy.port).render_as_string(hide_password=False)
    finally:
        await proxy.stop()
