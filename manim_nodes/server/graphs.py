"""The graphs of the data directory as the server sees them: one coordinator for every change.

Files are the store's (``store.py``), previews the engine's (``engine/``), the
list rows ``listing.py``'s; this object ties them together so they agree:

- ``known_etags``: the etag last published for each graph (by the watcher or
  an API write). The watcher compares fresh file hashes with it, so the
  server's own writes never come back as "external" changes.
- after a change: ``graph.changed``, then ``graph.invalid`` or a preview job
  (the engine compiles and renders it; a newer save of the graph wins there).
- merges (``graph_merge``): a save made from an older version is merged into
  the file node by node; a text editor's save is merged with the saves made
  here since the version it saw (``versions.py``), so neither loses work.
- subgraphs: a graph that uses others as nodes is checked and previewed again
  when one of them changes or goes, however deep (``listing.users_of``), as a
  graph that shows a picture is when the picture changes.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .. import store
from ..compiler import CompiledScene, compile_valid
from ..document import format_of
from ..engine.api import Engine, EngineEvent
from ..extract import extract
from ..graph_merge import diff_graphs, merge_graphs, same
from ..liveness import live_nodes
from ..problems import GraphError
from ..store import FileState, NameTaken, NotFound, PreconditionFailed, PreconditionRequired, StoreError, check_name
from ..subgraphs import Library, declares_interface, directory_resolver
from ..validate import placed
from .events import EventHub
from .listing import GraphListing, graph_json, problems_json, stem
from .versions import Versions

log = logging.getLogger("manim_nodes.server.graphs")

OWN_WRITE_ECHO = 2.0  # seconds a write of ours may still come back from the watcher


class _WorseThanTheirs(Exception):
    """A merge with more problems than the other program's file alone: not written."""


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
        self.versions = Versions()
        self._locks: dict[str, asyncio.Lock] = {}  # one save or merge of a graph at a time
        self._merges: set[asyncio.Task[None]] = set()
        self.resolve = directory_resolver(directory)  # the graphs Subgraph nodes name
        self._checks: set[asyncio.Task[None]] = set()  # users of a changed graph, checked again

    def _lock(self, name: str) -> asyncio.Lock:
        return self._locks.setdefault(name, asyncio.Lock())

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
            self._seen(state)
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
        if self._needs_merge(state):
            ours = self.known_etags[state.name]
            self.known_etags[state.name] = state.etag  # the watcher must not report these bytes again
            task = asyncio.get_running_loop().create_task(self._merge_external(state, ours))
            self._merges.add(task)
            task.add_done_callback(self._merges.discard)
            return
        self.publish_change(state, "file")

    def _needs_merge(self, state: FileState) -> bool:
        """Saves were made here since the version the other program last saw: merge, or lose them."""
        agreed = self.versions.agreed(state.name)
        ours = self.known_etags.get(state.name)
        return (
            state.document is not None
            and agreed is not None
            and ours is not None
            and ours != agreed[0]
            and self.versions.get(state.name, ours) is not None
        )

    async def _merge_external(self, state: FileState, ours_etag: str) -> None:
        """A program's save merged with the saves made here since the version it saw.

        Their changes win where both changed one value (theirs is the newest edit); the
        browsers are told what was kept and what was overridden. When the merge would make
        the graph worse than their file alone, their file stays as it is. The merge is then
        the version both sides agree on.
        """
        name = state.name
        async with self._lock(name):
            agreed = self.versions.agreed(name)
            ours = self.versions.get(name, ours_etag)
            assert state.document is not None
            theirs = state.document.data
            if agreed is None or ours is None:
                self.publish_change(state, "file")
                return

            publish_write = self._before_write(name)

            def unless_worse(merged: FileState) -> None:
                """The store's validated state of the merge, before it is written: keep theirs if worse."""
                if len(merged.problems) > len(state.problems):
                    raise _WorseThanTheirs
                publish_write(merged)

            def merge_and_write() -> tuple[FileState, dict[str, Any]] | None:
                result = merge_graphs(agreed[1], ours, theirs, prefer="theirs")
                if same(result.graph, theirs):
                    return None
                try:
                    written, _ = store.save_if_match(
                        self.directory, name, result.graph, state.etag, unless_worse, state
                    )
                except _WorseThanTheirs:
                    return None
                kept = diff_graphs(theirs, result.graph).to_json()
                return written, {"kept": kept, "conflicts": [c.to_json() for c in result.conflicts]}

            try:
                outcome = await asyncio.to_thread(merge_and_write)
            except StoreError as exc:  # changed again meanwhile (the watcher reports it), or too large
                log.info("not merging %s: %s", name, exc)
                outcome = None
            if outcome is None:
                self.publish_change(state, "file")  # agreed: the version that program saw
                return
            written, merge = outcome
            log.info("merged a save of %s from another program with the edits made here", name)
            self.publish_change(written, "merge", {"merge": merge})
            # The merge answers that program's save: it reloads the file (or is warned that it
            # changed), so its next save is edits to the merge. Were its own copy kept as the
            # base, a node it deletes on purpose would be merged back in on every save.
            assert written.document is not None
            self.versions.agree(name, written.etag, written.document.data)

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
        self.versions.forget(name)
        self.listing.forget(name)
        self.engine.forget(name)  # cancels its preview; its files may now be evicted
        self.hub.publish("graph.deleted", {"name": name})
        self.check_users(name)  # each now says that it uses a graph that is gone

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

    def publish_change(self, state: FileState, source: str, extra: dict[str, Any] | None = None) -> str | None:
        """``graph.changed`` now, then ``graph.invalid`` or a preview; the preview's job, if any.

        ``source``: ``file`` (another program), ``api`` (a save here) or ``merge`` (both).
        """
        self.known_etags[state.name] = state.etag
        self.listing.remember(state)
        self._writing.pop(state.name, None)  # the listing holds it now
        if source != "subgraph":
            self.check_users(state.name)
        if state.document is not None and source != "subgraph":  # the same bytes: no new version
            if source == "file":
                self.versions.agree(state.name, state.etag, state.document.data)
            else:
                self.versions.remember(state.name, state.etag, state.document.data)
        self.hub.publish("graph.changed", {"name": state.name, "etag": state.etag, "source": source, **(extra or {})})
        if not state.complete:
            self.hub.publish("graph.invalid", {"name": state.name, "errors": problems_json(state.problems)})
            return None
        return self.preview(state)

    def preview(self, state: FileState) -> str | None:
        """Submit a preview of a validated graph; the engine compiles it as the job's first step.

        None for a part of other graphs without a Scene of its own: it has nothing to show alone.
        """
        assert state.document is not None
        data, file, name = state.document.data, str(state.path), state.name
        nodes = data.get("nodes") or {}
        if declares_interface(data) and not any(node.get("type") == "Scene" for node in nodes.values()):
            return None
        return self.engine.submit_preview(
            name, lambda: compile_valid(data, stem(name), file, self.directory, self.resolve, name)
        )

    def check_users(self, name: str) -> None:
        """Check and preview again, in the background, every graph that uses ``name`` as a node,
        however deep: its file did not change, what it inlines did (or is gone)."""
        users = self.listing.users_of(name)
        if not users:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no server running (a script using the service): nothing to tell
            return
        task = loop.create_task(self._check_again(users, name))
        self._checks.add(task)
        task.add_done_callback(self._checks.discard)

    async def _check_again(self, users: list[str], changed: str) -> None:
        for user in users:
            last = self.listing.last_state(user)
            if last is None or last.document is None or last.etag != self.known_etags.get(user):
                continue  # unreadable alone, or changed meanwhile: its own change checks it
            state = await asyncio.to_thread(store.state_of, user, last.path, last.raw, last.document, self.directory)
            if state.etag == self.known_etags.get(user):
                self.publish_change(state, "subgraph", {"subgraph": changed})

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
            "timeline": latest.get("timeline"),
        }

    async def read(self, name: str) -> FileState:
        check_name(name)
        state = await asyncio.to_thread(store.read_graph, self.directory, name, self.last_state(name))
        if state is None:
            raise NotFound(f"no graph named '{name}'", {"name": name})
        self.listing.remember(state)  # read once: the start-up scan, the list and the watcher reuse it
        self._seen(state)
        return state

    def _seen(self, state: FileState) -> None:
        if state.document is not None and state.etag == self.known_etags.get(state.name):
            self.versions.agree_once(state.name, state.etag, state.document.data)

    async def compiled(self, name: str, pictures: bool = True) -> tuple[FileState, CompiledScene]:
        """A graph compiled, with the pictures it shows unless ``pictures`` is false (the script
        alone, to eject). Raises GraphError with every problem placed."""
        state = await self.read(name)
        if state.document is None or state.problems:
            raise GraphError(state.problems, str(state.path))
        document = state.document
        folder = self.directory if pictures else None
        try:
            compiled = await asyncio.to_thread(
                compile_valid, document.data, stem(name), str(state.path), folder, self.resolve, name
            )
        except GraphError as exc:
            raise GraphError(placed(exc.problems, document), str(state.path)) from None
        return state, compiled

    # ------------------------------------------------------------ writing

    async def save(self, name: str, data: dict[str, Any], if_match: str | None) -> dict[str, Any]:
        """PUT: keep what did not change, write atomically, never over an edit made in between.

        A save from an older version is merged into the file when no value was changed both
        ways (the answer then holds the merged ``graph``); otherwise it is refused with 412 and
        what a choice needs: the file's graph, the merge, its conflicts and a node-level diff.
        Answers with the new etag, the graph's problems and the preview job the save started.
        """
        check_name(name)
        async with self._lock(name):
            try:
                return await self._write(name, data, if_match)
            except PreconditionFailed:
                if if_match is None or if_match == "*":
                    raise
            return await self._save_merged(name, data, if_match)

    async def _write(self, name: str, data: dict[str, Any], if_match: str | None) -> dict[str, Any]:
        previous = self.listing.last_state(name)  # parsed already: a save need not read the file twice

        def save_and_mark_live() -> tuple[store.FileState, bool, list[str]]:  # off the loop: large graphs
            state, changed = store.save_if_match(
                self.directory, name, data, if_match, self._before_write(name), previous
            )
            return state, changed, live_nodes(data, state.problems)

        state, changed, live = await asyncio.to_thread(save_and_mark_live)
        job = self.publish_change(state, "api") if changed else None
        return {"name": name, "etag": state.etag, "errors": problems_json(state.problems), "live": live, "job": job}

    def _before_write(self, name: str) -> Callable[[FileState], None]:
        def before_write(state: FileState) -> None:
            self.known_etags[name] = state.etag  # before the watcher can see the new bytes
            self._own_writes.setdefault(name, {})[state.etag] = time.monotonic()
            self._writing[name] = state

        return before_write

    async def _save_merged(self, name: str, data: dict[str, Any], if_match: str) -> dict[str, Any]:
        current = await self.read(name)
        base = self.versions.get(name, if_match)
        if current.document is None:
            raise PreconditionFailed(
                "the file changed since you loaded it, and cannot be read now; fix it or save again with its ETag",
                {"etag": current.etag, "errors": problems_json(current.problems)},
            )
        theirs = current.document.data
        if current.etag != self.known_etags.get(name):
            self.versions.agree(name, current.etag, theirs)  # another program's, not yet published
        if base is not None:
            result = await asyncio.to_thread(merge_graphs, base, data, theirs, "ours")
            if result.clean:
                saved = await self._write(name, result.graph, current.etag)
                log.info("merged a save of %s made from an older version", name)
                return {**saved, "graph": result.graph, "merged": True}
            merged, conflicts = result.graph, [c.to_json() for c in result.conflicts]
        else:
            merged, conflicts = data, []
        raise PreconditionFailed(
            "the file changed since you loaded it, and both changed the same values"
            if base is not None
            else "the file changed since you loaded it; reload it or save again with the new ETag",
            {
                "etag": current.etag,
                "graph": theirs,
                "live": live_nodes(theirs, current.problems),
                "merged": merged,
                "conflicts": conflicts,
                "diff": diff_graphs(theirs, merged).to_json(),
                "base_known": base is not None,
            },
        )

    async def create(self, name: str, fmt: str, template: str, title: str | None = None) -> FileState:
        check_name(name)
        if fmt not in ("yaml", "json"):
            raise StoreError(f"format must be yaml or json, not {fmt!r}")
        path = store.create_graph(self.directory, name, "json" if fmt == "json" else "yaml", template, title)
        state = store.read_graph(self.directory, name)  # no await since the write: the watcher stays quiet
        if state is None:
            raise NotFound(f"graph '{name}' vanished right after it was created", {"name": name})
        self.publish_change(state, "api")
        self._seen(state)
        log.info("created %s", path.name)
        return state

    async def extract(self, name: str, body: dict[str, Any], if_match: str | None) -> dict[str, Any]:
        """Turn the nodes ``body["nodes"]`` of graph ``name`` into the new graph ``body["into"]``,
        used by a new Subgraph node ``body["id"]`` in their place (``extract.py``). The new file
        is written first, then the parent over the version ``if_match`` names; if that fails,
        the new file goes to the trash, so nothing is left half done."""
        check_name(name)
        nodes, into, node_id = body.get("nodes"), body.get("into"), body.get("id")
        if not isinstance(into, str) or not isinstance(node_id, str) or not isinstance(nodes, list):
            raise StoreError('give {"nodes": [node ids], "into": "new/graph/name", "id": "new_node_id"}')
        check_name(into)
        if if_match is None:
            raise PreconditionRequired("extracting needs an If-Match header with the graph's ETag")
        async with self._lock(name):
            state = await self.read(name)
            if if_match != state.etag:
                raise PreconditionFailed(
                    "the file changed since you loaded it; reload it and select again", {"etag": state.etag}
                )
            if state.document is None:
                raise GraphError(state.problems, str(state.path))
            if store.find_graph(self.directory, into) is not None:
                raise NameTaken(f"a graph named '{into}' already exists", {"name": into})
            result = extract(state.document.data, nodes, into, node_id, Library(self.resolve))
            fmt = format_of(state.path)
            await asyncio.to_thread(store.create_graph_from, self.directory, into, fmt, result.created)
            created = await asyncio.to_thread(store.read_graph, self.directory, into)
            if created is not None:
                self.publish_change(created, "api")  # before the parent, which then finds it
            try:
                await self._write(name, result.parent, if_match)
            except (StoreError, OSError):
                await asyncio.to_thread(store.trash_graph, self.directory, into, None)
                self.file_deleted(into)
                raise
        parent = await self.read(name)
        log.info("extracted %d node(s) of %s into %s", len(nodes), name, into)
        return {"parent": graph_json(parent), "created": into, "etag": parent.etag}

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
        agreed = self.versions.agreed(name)
        self.file_deleted(name)
        state = store.read_graph(self.directory, to)
        if agreed is not None:
            self.versions.agree(to, *agreed)
        if state is not None:
            self.publish_change(state, "api")
        return {"name": to}
