"""A loopback port in front of the Bot API emulator whose network can be cut and restored.

Cut, the port still listens but accepts nobody and its queue is full, as when a firewall swallows packets:
connecting times out (which aiohttp reports with the whole request URL, token included), unlike a closed
port, which refuses at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket

QUEUE = 64


class Outage:
    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.setblocking(False)
        self.port = self.listener.getsockname()[1]
        self._accepting: asyncio.Task | None = None
        self._links: set[asyncio.Task] = set()
        self._fillers: list[socket.socket] = []

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    async def __aenter__(self) -> Outage:
        self.restore()
        return self

    async def __aexit__(self, *exc_info) -> None:
        self._stop_relaying()
        self._close_fillers()
        self.listener.close()

    def cut(self) -> None:
        """From now on no connection is accepted and connecting hangs; open connections are dropped."""
        self._stop_relaying()
        self.listener.listen(0)  # Linux: a queue of one, which the fillers take
        for _ in range(3):
            filler = socket.socket()
            filler.setblocking(False)
            with contextlib.suppress(BlockingIOError):
                filler.connect(("127.0.0.1", self.port))
            self._fillers.append(filler)

    def restore(self) -> None:
        self._close_fillers()
        self.listener.listen(QUEUE)
        self._accepting = asyncio.create_task(self._accept())

    def _stop_relaying(self) -> None:
        if self._accepting is not None:
            self._accepting.cancel()
        for link in self._links:
            link.cancel()

    def _close_fillers(self) -> None:
        for filler in self._fillers:
            filler.close()
        self._fillers.clear()

    async def _accept(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            client, _ = await loop.sock_accept(self.listener)
            link = asyncio.create_task(self._relay(client))
            self._links.add(link)
            link.add_done_callback(self._links.discard)

    async def _relay(self, client: socket.socket) -> None:
        client_reader, client_writer = await asyncio.open_connection(sock=client)
        try:
            server_reader, server_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            client_writer.close()
            return
        try:
            await asyncio.gather(_pipe(client_reader, server_writer), _pipe(server_reader, client_writer))
        finally:
            client_writer.close()
            server_writer.close()


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    while data := await reader.read(65536):
        writer.write(data)
        await writer.drain()
    with contextlib.suppress(OSError):
        writer.write_eof()
