"""The graphs of the data directory as the server sees them: one coordinator for every change.

Files are the store's (``store.py``), previews the engine's (``engine/``), the
list rows ``listing.py``'s; this object ties them together so they agree:

- ``known_etags``: the etag last published for each graph (by the watcher or
  an API write). The watcher compares fresh file hashes with it, so the
  server's own writes never come back as "external" changes.
- after a change: ``graph.changed``, then ``graph.invalid`` or a preview job
  (the engine compiles and renders it; a newer save of the graph wins there).
"""

from __future__ import annotations

import asyncio
import logging
import time
from pathlib import Path
from typing import Any

from .. import store
from ..compiler import CompiledScene, compile_valid
from ..engine.api import Engine, EngineEvent
from ..liveness import live_nodes
from ..problems import GraphError
from ..store import FileState, NotFound, StoreError, check_name
from ..validate import placed
from .events import EventHub
from .listing import GraphListing, problems_json, stem

log = logging.getLogger("manim_nodes.server.graphs")

OWN_WRITE_ECHO = 2.0  # seconds a write of ours may still come back from the watcher


class GraphService:
    """Reads, writes and publishes the graphs of ``directory``; the watcher's handler."""

    def __init__(self, directory: Path, hub: EventHub, engine: Engine) -> None:
        self.directory = directory
        self.hub = hub
        self.engine = engine
        self.known_etags: dict[str, str] = {}
        self.listing = GraphListing(directory)
        self._own_writes: dict[str, dict[str, float]] = {}  # name -> etag -> when we wrote it
        self._writing: dict[str, FileState] = {}  # a save's state, from its write until it is published

    def relay_engine_event(self, event: EngineEvent) -> None:
        """Engine listener: its events go to the browsers unchanged."""
        self.hub.publish(event.name, event.data)

    async def load_known_etags(self) -> None:
        """At start, before serving: the etag of every graph, so the watcher knows what exists.

        Temp files of saves a crash cut short are removed first.
        """
        for path in await asyncio.to_thread(store.sweep_temp_files, self.directory):
            log.info("removed %s, left by a save that was cut short", path)
        for name, etag in (await asyncio.to_thread(store.graph_etags, self.directory)).items():
            self.known_etags.setdefault(name, etag)

    async def scan(self) -> None:
        """At start, in the background: validate every graph and preview the valid ones."""
        for name, _ in await asyncio.to_thread(store.graph_files, self.directory):
            try:
                state = await asyncio.to_thread(store.read_graph, self.directory, name, self.last_state(name))
            except StoreError as exc:
                log.warning("skipping %s: %s", name, exc)
                continue
            if state is None or self.known_etags.get(name) != state.etag:
                continue  # gone or changed since start-up: the watcher deals with it
            self.listing.remember(state)
            if state.complete:
                self.preview(state)

    # ------------------------------------------------------------ the watcher's handler

    def known_etag(self, name: str) -> str | None:
        return self.known_etags.get(name)

    def known_names(self) -> list[str]:
        return list(self.known_etags)

    def last_state(self, name: str) -> FileState | None:
        """A save's own state as soon as it is written: the watcher may read the file before the
        save is published, and must not parse and validate those bytes a second time."""
        writing = self._writing.get(name)
        if writing is not None and writing.etag == self.known_etags.get(name):
            return writing
        return self.listing.last_state(name)

    def file_changed(self, state: FileState) -> None:
        if self._is_echo(state):
            return
        self.publish_change(state, "file")

    def _is_echo(self, state: FileState) -> bool:
        """Our own earlier write, read by the watcher after a later one was made: not an edit.

        Two quick saves write A then B; a watcher that read A before B's etag was known would
        otherwise report A, the older content, as someone else's change. Only recent writes
        count, so a text editor that restores the same bytes later is still seen.
        """
        now = time.monotonic()
        writes = self._own_writes.get(state.name, {})
        for etag, when in list(writes.items()):  # before_write adds from a thread: copy first
            if now - when > OWN_WRITE_ECHO:
                writes.pop(etag, None)
        return state.etag in writes

    def file_deleted(self, name: str) -> None:
        self.known_etags.pop(name, None)
        self.listing.forget(name)
        self.engine.forget(name)  # cancels its preview; its files may now be evicted
        self.hub.publish("graph.deleted", {"name": name})

    def used_pictures(self) -> set[str]:
        return self.listing.used_pictures()

    def pictures_changed(self, paths: set[str]) -> None:
        """Preview each graph that shows a changed picture again (the cache knows the
        pictures' bytes, so a touch renders nothing), or put the picture's problem on its node."""
        for name in self.listing.showing(paths):
            state = self.listing.last_state(name)
            if state is not None and state.complete and state.etag == self.known_etags.get(name):
                self.preview(state)

    # ------------------------------------------------------------ after a change

    def publish_change(self, state: FileState, source: str) -> str | None:
        """``graph.changed`` now, then ``graph.invalid`` or a preview; the preview's job, if any."""
        self.known_etags[state.name] = state.etag
        self.listing.remember(state)
        self._writing.pop(state.name, None)  # the listing holds it now
        self.hub.publish("graph.changed", {"name": state.name, "etag": state.etag, "source": source})
        if not state.complete:
            self.hub.publish("graph.invalid", {"name": state.name, "errors": problems_json(state.problems)})
            return None
        return self.preview(state)

    def preview(self, state: FileState) -> str:
        """Submit a preview of a validated graph; the engine compiles it as the job's first step."""
        assert state.document is not None
        data, file = state.document.data, str(state.path)
        return self.engine.submit_preview(
            state.name, lambda: compile_valid(data, stem(state.name), file, self.directory)
        )

    # ------------------------------------------------------------ reading

    async def summaries(self) -> list[dict[str, Any]]:
        return await self.listing.rows(self._preview_urls)

    def _preview_urls(self, name: str) -> dict[str, Any] | None:
        latest = self.engine.latest_preview(name)
        if not latest or not (latest.get("image") or latest.get("failed")):
            return None
        return {
            "image": latest.get("image"),
            "video": latest.get("video"),
            "stale": bool(latest.get("stale")),
            "failed": bool(latest.get("failed")),
        }

    async def read(self, name: str) -> FileState:
        check_name(name)
        state = await asyncio.to_thread(store.read_graph, self.directory, name, self.last_state(name))
        if state is None:
            raise NotFound(f"no graph named '{name}'", {"name": name})
        self.listing.remember(state)  # read once: the start-up scan, the list and the watcher reuse it
        return state

    async def compiled(self, name: str, pictures: bool = True) -> tuple[FileState, CompiledScene]:
        """A graph compiled, with the pictures it shows unless ``pictures`` is false (the script
        alone, to eject). Raises GraphError with every problem placed."""
        state = await self.read(name)
        if state.document is None or state.problems:
            raise GraphError(state.problems, str(state.path))
        document = state.document
        folder = self.directory if pictures else None
        try:
            compiled = await asyncio.to_thread(compile_valid, document.data, stem(name), str(state.path), folder)
        except GraphError as exc:
            raise GraphError(placed(exc.problems, document), str(state.path)) from None
        return state, compiled

    # ------------------------------------------------------------ writing

    async def save(self, name: str, data: dict[str, Any], if_match: str | None) -> dict[str, Any]:
        """PUT: keep what did not change, write atomically, never over an edit made in between.

        Answers with the new etag, the graph's problems and the preview job the save started.
        """
        check_name(name)

        def before_write(state: FileState) -> None:
            self.known_etags[name] = state.etag  # before the watcher can see the new bytes
            self._own_writes.setdefault(name, {})[state.etag] = time.monotonic()
            self._writing[name] = state

        previous = self.listing.last_state(name)  # parsed already: a save need not read the file twice

        def save_and_mark_live() -> tuple[store.FileState, bool, list[str]]:  # off the loop: large graphs
            state, changed = store.save_if_match(self.directory, name, data, if_match, before_write, previous)
            return state, changed, live_nodes(data, state.problems)

        state, changed, live = await asyncio.to_thread(save_and_mark_live)
        job = self.publish_change(state, "api") if changed else None
        return {"name": name, "etag": state.etag, "errors": problems_json(state.problems), "live": live, "job": job}

    async def create(self, name: str, fmt: str, template: str, title: str | None = None) -> FileState:
        check_name(name)
        if fmt not in ("yaml", "json"):
            raise StoreError(f"format must be yaml or json, not {fmt!r}")
        path = store.create_graph(self.directory, name, "json" if fmt == "json" else "yaml", template, title)
        state = store.read_graph(self.directory, name)  # no await since the write: the watcher stays quiet
        if state is None:
            raise NotFound(f"graph '{name}' vanished right after it was created", {"name": name})
        self.publish_change(state, "api")
        log.info("created %s", path.name)
        return state

    def delete(self, name: str, if_match: str | None) -> dict[str, Any]:
        """Move the file to ``.trash/``; never unlink a graph."""
        target = store.trash_graph(self.directory, name, if_match)
        self.file_deleted(name)
        log.info("moved %s to %s", name, target)
        return {"name": name, "trashed": target.name}

    def rename(self, name: str, to: Any) -> dict[str, Any]:
        if not isinstance(to, str):
            raise StoreError('give the new name as {"to": "new-name"} or {"to": "folder/new-name"}')
        check_name(to)
        if to == name or store.find_graph(self.directory, to) is not None or name not in self.known_etags:
            store.rename_graph(self.directory, name, to)  # NameTaken, NotFound, or nothing to do
            return {"name": to}
        self.known_etags[to] = self.known_etags[name]  # the watcher must not report the renamed file
        try:
            store.rename_graph(self.directory, name, to)
        except StoreError:
            self.known_etags.pop(to, None)  # taken in between by a graph the watcher will report
            raise
        self.file_deleted(name)
        state = store.read_graph(self.directory, to)
        if state is not None:
            self.publish_change(state, "api")
        return {"name": to}
