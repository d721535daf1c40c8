"""uvicorn's httptools protocol, sending a response's head and its first body bytes in one write.

uvicorn writes the status line and headers as soon as the app sends ``http.response.start`` and
the body with the next message: two system calls and two TCP segments for every small answer
(an ASK, a cached result). Here the head is held until the first body message and both leave in
one ``transport.write``. Nothing else changes: same parser, flow control, keep-alive, 100-continue.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol


class HeadWithBody:
    """A transport whose writes are held while ``holding`` and sent with the next write."""

    def __init__(self, transport: asyncio.Transport) -> None:
        self._transport = transport
        self.holding = False
        self._held = b""

    def write(self, data: bytes) -> None:
        if self.holding:
            self._held += data
            return
        if self._held:
            data, self._held = self._held + data, b""
        self._transport.write(data)

    def flush(self) -> None:
        if self._held:
            data, self._held = self._held, b""
            if not self._transport.is_closing():  # the client may have left meanwhile
                self._transport.write(data)

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def __getattr__(self, name: str) -> Any:  # everything else: the real transport
        return getattr(self._transport, name)


class HttpProtocol(HttpToolsProtocol):
    """HttpToolsProtocol with the head of each response held back until its first body message."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self.transport = HeadWithBody(transport)  # type: ignore[assignment]  # cycles write through it

    def on_headers_complete(self) -> None:
        super().on_headers_complete()
        cycle = self.cycle
        if cycle is None or getattr(cycle, "_head_held", False):
            return
        send = cycle.send
        transport = cycle.transport

        async def send_with_head_held(message: Any) -> None:
            if message["type"] == "http.response.start" and isinstance(transport, HeadWithBody):
                transport.holding = True
                try:
                    await send(message)
                finally:
                    transport.holding = False
            else:
                await send(message)
                if isinstance(transport, HeadWithBody):
                    transport.flush()  # e.g. a body message that wrote nothing

        cycle.send = send_with_head_held  # type: ignore[method-assign]  # looked up when the app starts
        cycle._head_held = True  # type: ignore[attr-defined]
