"""The event stream: a hub that fans events out to every open browser over SSE.

Every event gets an increasing id and goes into a bounded replay buffer, so a
browser that reconnects with ``Last-Event-ID`` gets what it missed. Ids start
at the start-up time in milliseconds, so ids of a restarted server are still
larger than those a browser saw before. Each client has a bounded queue: a
client that stops reading is dropped (it reconnects and replays) instead of
holding memory. ``close()`` ends every stream at once, for a quick shutdown.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections import deque
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from aiohttp import web

log = logging.getLogger("manim_nodes.server.events")


@dataclass(frozen=True)
class Event:
    id: int
    name: str
    data: dict[str, Any]

    @cached_property
    def wire(self) -> bytes:
        """The event in SSE wire format (``data`` is one line of JSON), encoded once for every stream.

        It cannot raise: one event that cannot be encoded must not end every browser's stream.
        Text that is not valid Unicode goes out escaped; data that is not JSON at all goes out
        as an ``error`` so the browser still sees the event.
        """
        try:
            payload = json.dumps(self.data, separators=(",", ":"), ensure_ascii=False)
        except (TypeError, ValueError) as exc:
            log.error("event %s could not be encoded: %s", self.name, exc)
            payload = json.dumps({"error": "the server could not encode this event"})
        text = f"id: {self.id}\nevent: {self.name}\ndata: {payload}\n\n"
        return text.encode("utf-8", "backslashreplace")


@dataclass(eq=False)
class Subscriber:
    queue: asyncio.Queue[Event | None]
    dropped: bool = False
    closed: asyncio.Event = field(default_factory=asyncio.Event)


class EventHub:
    """Publish events to every subscriber; replay missed ones on reconnect."""

    def __init__(self, replay: int = 1000, queue_size: int = 1000) -> None:
        self._buffer: deque[Event] = deque(maxlen=replay)
        self._queue_size = queue_size
        self._subscribers: set[Subscriber] = set()
        self._first_id = int(time.time() * 1000)
        self._next_id = self._first_id
        self.closed = False

    @property
    def last_id(self) -> int:
        return self._next_id - 1

    @property
    def subscriber_count(self) -> int:
        return len(self._subscribers)

    def publish(self, name: str, data: dict[str, Any]) -> Event:
        """Send an event to every subscriber now; never blocks."""
        event = Event(self._next_id, name, data)
        self._next_id += 1
        self._buffer.append(event)
        for sub in list(self._subscribers):
            try:
                sub.queue.put_nowait(event)
            except asyncio.QueueFull:
                log.warning("dropping an event-stream client that stopped reading")
                self._drop(sub)
        return event

    def missed(self, last_event_id: int | None) -> list[Event]:
        """Buffered events after ``last_event_id``; all of them if that id is from an older run."""
        if last_event_id is None:
            return []
        if last_event_id < self._first_id - 1:
            return list(self._buffer)
        return [e for e in self._buffer if e.id > last_event_id]

    def subscribe(self, last_event_id: int | None = None) -> Subscriber:
        sub = Subscriber(asyncio.Queue(self._queue_size))
        for event in self.missed(last_event_id)[-self._queue_size :]:
            sub.queue.put_nowait(event)
        if self.closed:
            sub.queue.put_nowait(None)
        self._subscribers.add(sub)
        return sub

    def unsubscribe(self, sub: Subscriber) -> None:
        self._subscribers.discard(sub)

    def _drop(self, sub: Subscriber) -> None:
        sub.dropped = True
        self._subscribers.discard(sub)
        sub.closed.set()

    def close(self) -> None:
        """End every open stream (shutdown)."""
        self.closed = True
        for sub in list(self._subscribers):
            self._subscribers.discard(sub)
            sub.closed.set()


def parse_last_event_id(request: web.Request) -> int | None:
    raw = request.headers.get("Last-Event-ID") or request.query.get("lastEventId")
    if not raw:
        return None
    try:
        return int(raw.strip())
    except ValueError:
        return None


async def _next_event(sub: Subscriber, timeout: float) -> Event | None:
    """The next event, or None on timeout or when the subscriber is closed."""
    if not sub.queue.empty():
        return sub.queue.get_nowait()
    getter = asyncio.ensure_future(sub.queue.get())
    closer = asyncio.ensure_future(sub.closed.wait())
    try:
        done, _ = await asyncio.wait({getter, closer}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in (getter, closer):
            if not task.done():
                task.cancel()
    if getter in done:
        return getter.result()
    return None


async def stream_events(
    request: web.Request, hub: EventHub, *, ping_interval: float = 15.0, check_interval: float = 1.0
) -> web.StreamResponse:
    """Serve ``GET /api/events``: replay, then live events and keep-alive pings until closed."""
    sub = hub.subscribe(parse_last_event_id(request))
    response = web.StreamResponse(
        headers={
            "Content-Type": "text/event-stream",
            "Cache-Control": "no-cache, no-transform",
            "X-Accel-Buffering": "no",
        }
    )
    try:
        await response.prepare(request)
        await response.write(b"retry: 1000\n: connected\n\n")
        last_write = time.monotonic()
        while not sub.closed.is_set():
            event = await _next_event(sub, check_interval)
            transport = request.transport
            if transport is None or transport.is_closing():
                break  # the browser went away: prune it
            if event is not None:
                await response.write(event.wire)
                last_write = time.monotonic()
            elif time.monotonic() - last_write >= ping_interval:
                await response.write(b": ping\n\n")
                last_write = time.monotonic()
    except (ConnectionError, RuntimeError):
        return response  # the browser went away mid-write
    finally:
        hub.unsubscribe(sub)
    with contextlib.suppress(ConnectionError, RuntimeError):
        await response.write_eof()
    return response
