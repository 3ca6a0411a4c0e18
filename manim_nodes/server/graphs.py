"""The graphs of the data directory as the server sees them: read, saved, announced.

One object owns three things so they stay consistent:

- ``reported``: the etag last announced for each graph (by the watcher or by
  an API write). The watcher compares fresh file hashes with it, so the
  server's own writes never come back as "external" changes.
- a summary cache for ``GET /api/graphs``, keyed by the file's stat and then
  its etag, so listing 500 graphs reads and parses only what changed.
- what happens after a change: ``graph.changed``, then ``graph.invalid`` or a
  compile and a preview submitted to the engine (latest save wins).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import os
from collections.abc import Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..assets import used_assets
from ..compiler import CompiledScene, compile_graph
from ..document import MAX_FILE_BYTES, SUFFIXES, Document, dumps, etag_of, format_of, load_bytes, with_data
from ..engine.api import Engine, EngineEvent
from ..liveness import live_nodes
from ..problems import GraphError, Problem
from ..store import TRASH, StoreError, atomic_write, check_name, confined, find_graph, graph_files, make_folders
from ..validate import placed
from ..watcher import FileState, read_graph
from .errors import ApiError
from .events import EventHub

log = logging.getLogger("manim_nodes.server.graphs")

StatKey = tuple[int, int, int]


@dataclass(frozen=True)
class Summary:
    """One row of ``GET /api/graphs`` minus the preview, which the engine knows."""

    name: str
    format: str
    title: str
    etag: str
    modified: str
    errors: int
    stat: StatKey
    pictures: frozenset[str]  # the images and SVGs it shows: a change to one previews it again

    def to_json(self, preview: dict[str, Any] | None) -> dict[str, Any]:
        return {
            "name": self.name,
            "format": self.format,
            "title": self.title,
            "modified": self.modified,
            "valid": self.errors == 0,
            "errors": self.errors,
            "preview": preview,
        }


def stem(name: str) -> str:
    """``gallery/Intro`` -> ``Intro``: the file stem, the default title and scene class, as ``manim-nodes code``."""
    return name.rpartition("/")[2]


def iso_time(timestamp: float) -> str:
    return dt.datetime.fromtimestamp(timestamp, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def problems_json(problems: list[Problem]) -> list[dict[str, Any]]:
    return [p.to_json() for p in problems]


def _summary(state: FileState, stat: os.stat_result) -> Summary:
    data = state.document.data if state.document is not None else {}
    title = data.get("name") if isinstance(data.get("name"), str) and data.get("name") else stem(state.name)
    return Summary(
        state.name,
        format_of(state.path),
        title,
        state.etag,
        iso_time(stat.st_mtime),
        len(state.problems),
        (stat.st_mtime_ns, stat.st_size, stat.st_ino),
        used_assets(state.document.data if state.document is not None else None),
    )


def merged_bytes(current_raw: bytes, fmt: str, data: dict[str, Any], file: str) -> tuple[bytes, list[Problem]]:
    """The new file bytes for ``data``, keeping the YAML comments and style of what did not change."""
    try:
        current = load_bytes(current_raw, fmt, file)  # type: ignore[arg-type]
    except GraphError:
        current = Document({}, fmt)  # type: ignore[arg-type]  # unreadable now: write it afresh
    raw = dumps(with_data(current, data))
    if len(raw) > MAX_FILE_BYTES:
        return raw, []
    from ..validate import validate_document

    try:
        return raw, validate_document(load_bytes(raw, fmt, file))  # type: ignore[arg-type]
    except GraphError as exc:
        return raw, exc.problems


class GraphService:
    """Reads, writes and announces the graphs of ``directory``."""

    def __init__(self, directory: Path, hub: EventHub, engine: Engine) -> None:
        self.directory = directory
        self.hub = hub
        self.engine = engine
        self.reported: dict[str, str] = {}
        self._summaries: dict[str, Summary] = {}
        self._generation: dict[str, int] = {}
        self._jobs: dict[str, str] = {}
        self._tasks: set[asyncio.Task[Any]] = set()

    # ------------------------------------------------------------ background work

    def spawn(self, coro: Coroutine[Any, Any, Any]) -> None:
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)

    def _task_done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("background work failed", exc_info=task.exception())

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.wait(list(self._tasks), timeout=1.0)

    def forward(self, event: EngineEvent) -> None:
        """Engine listener: its events go to the browsers unchanged."""
        self.hub.publish(event.name, event.data)

    async def learn(self) -> None:
        """At start, before serving: the etag of every graph, so the watcher knows what exists."""

        def etags() -> dict[str, str]:
            found = {}
            for name, path in graph_files(self.directory):
                with contextlib.suppress(OSError), open(path, "rb") as handle:
                    found[name] = etag_of(handle.read(MAX_FILE_BYTES + 1))
            return found

        for name, etag in (await asyncio.to_thread(etags)).items():
            self.reported.setdefault(name, etag)

    async def scan(self) -> None:
        """At start, in the background: validate every graph and preview the valid ones."""
        for name, _ in await asyncio.to_thread(graph_files, self.directory):
            try:
                state = await asyncio.to_thread(read_graph, self.directory, name)
            except StoreError as exc:
                log.warning("skipping %s: %s", name, exc)
                continue
            if state is None:
                continue
            if self.reported.get(name) != state.etag:
                continue  # changed since start-up: the watcher deals with it
            self._remember(state)
            if state.complete:
                await self._preview(name, state, self._bump(name))

    # ------------------------------------------------------------ watcher handler

    def known_etag(self, name: str) -> str | None:
        return self.reported.get(name)

    def known_names(self) -> list[str]:
        return list(self.reported)

    def file_changed(self, state: FileState) -> None:
        self.announce(state, "file")

    def file_deleted(self, name: str) -> None:
        self.reported.pop(name, None)
        self._summaries.pop(name, None)
        self._bump(name)
        self._cancel_job(name)
        self.engine.forget(name)  # its preview files may now be evicted
        self.hub.publish("graph.deleted", {"name": name})

    def used_pictures(self) -> set[str]:
        """Every picture a graph shows, for the watcher to look at."""
        return {path for summary in self._summaries.values() for path in summary.pictures}

    def pictures_changed(self, paths: set[str]) -> None:
        """Pictures changed on disk: preview each graph that shows one again (the cache knows
        their bytes, so a touch renders nothing) or put the picture's problem on its node."""
        for name, summary in list(self._summaries.items()):
            if summary.pictures & paths:
                self.spawn(self._preview_again(name))

    async def _preview_again(self, name: str) -> None:
        state = await asyncio.to_thread(read_graph, self.directory, name)
        if state is not None and state.complete and state.etag == self.reported.get(name):
            await self._preview(name, state, self._bump(name))

    # ------------------------------------------------------------ after a change

    def announce(self, state: FileState, source: str) -> None:
        """``graph.changed`` now, then ``graph.invalid`` or a preview."""
        self.reported[state.name] = state.etag
        self._remember(state)
        generation = self._bump(state.name)
        self.hub.publish("graph.changed", {"name": state.name, "etag": state.etag, "source": source})
        if not state.complete:
            self.hub.publish("graph.invalid", {"name": state.name, "errors": problems_json(state.problems)})
            return
        self.spawn(self._preview(state.name, state, generation))

    def _bump(self, name: str) -> int:
        self._generation[name] = self._generation.get(name, 0) + 1
        return self._generation[name]

    async def _preview(self, name: str, state: FileState, generation: int) -> str | None:
        assert state.document is not None
        try:
            compiled = await asyncio.to_thread(
                compile_graph, state.document.data, stem(name), str(state.path), self.directory
            )
        except GraphError as exc:
            if self._generation.get(name) == generation:
                problem = exc.problems[0] if exc.problems else Problem(str(exc))
                self.hub.publish(
                    "render.failed",
                    {"name": name, "job": None, "error": problem.message, "timeout": False, "node": problem.node},
                )
            return None
        if self._generation.get(name) != generation:
            return None  # a newer save of this graph is on its way
        return self.submit_preview(name, compiled)

    def submit_preview(self, name: str, compiled: CompiledScene) -> str:
        job = self.engine.submit_preview(name, compiled)
        self._jobs[name] = job
        return job

    def _cancel_job(self, name: str) -> None:
        job = self._jobs.pop(name, None)
        if job is not None:
            self.engine.cancel(job)

    def _remember(self, state: FileState) -> None:
        try:
            self._summaries[state.name] = _summary(state, state.path.stat())
        except OSError:
            self._summaries.pop(state.name, None)

    # ------------------------------------------------------------ reading

    async def summaries(self) -> list[dict[str, Any]]:
        """Every graph, reading only files whose stat changed since last time."""
        rows = []
        seen = set()
        for name, path in await asyncio.to_thread(graph_files, self.directory):
            seen.add(name)
            try:
                stat = os.stat(path)
            except OSError:
                continue
            key = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
            cached = self._summaries.get(name)
            if cached is None or cached.stat != key or cached.format != SUFFIXES[os.path.splitext(path)[1].lower()]:
                try:
                    state = await asyncio.to_thread(read_graph, self.directory, name)
                except StoreError:
                    continue
                if state is None:
                    continue
                cached = _summary(state, stat)
                self._summaries[name] = cached
            rows.append(cached.to_json(self._preview_urls(name)))
        for name in [n for n in self._summaries if n not in seen]:
            del self._summaries[name]
        return rows

    def _preview_urls(self, name: str) -> dict[str, Any] | None:
        latest = self.engine.latest_preview(name)
        if not latest or not latest.get("image"):
            return None
        return {"image": latest.get("image"), "video": latest.get("video"), "stale": bool(latest.get("stale"))}

    async def read(self, name: str) -> FileState:
        check_name(name)
        state = await asyncio.to_thread(read_graph, self.directory, name)
        if state is None:
            raise ApiError(404, f"no graph named '{name}'", {"name": name})
        return state

    def graph_json(self, state: FileState) -> dict[str, Any]:
        return {
            "name": state.name,
            "format": format_of(state.path),
            "graph": state.document.data if state.document is not None else None,
            "errors": problems_json(state.problems),
            "live": live_nodes(state.document.data if state.document is not None else None, state.problems),
        }

    async def compiled(self, name: str, pictures: bool = True) -> tuple[FileState, CompiledScene]:
        """A graph compiled, with the pictures it shows unless ``pictures`` is false (the script
        alone, to eject), or 422 with every problem placed."""
        state = await self.read(name)
        if state.document is None or state.problems:
            raise ApiError(422, f"graph '{name}' has errors", {"errors": problems_json(state.problems)})
        document = state.document
        try:
            compiled = await asyncio.to_thread(
                compile_graph, document.data, stem(name), str(state.path), self.directory if pictures else None
            )
        except GraphError as exc:
            problems = placed(exc.problems, document)
            raise ApiError(
                422, problems[0].message if problems else str(exc), {"errors": problems_json(problems)}
            ) from None
        return state, compiled

    # ------------------------------------------------------------ writing

    def _path(self, name: str) -> Path:
        path = find_graph(self.directory, name)
        if path is None:
            raise ApiError(404, f"no graph named '{name}'", {"name": name})
        return path

    @staticmethod
    def _current(path: Path) -> bytes:
        with path.open("rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1)

    def _check_if_match(self, path: Path, if_match: str | None, required: bool = True) -> bytes:
        raw = self._current(path)
        if if_match is None:
            if required:
                raise ApiError(428, "saving needs an If-Match header with the graph's ETag", {"etag": etag_of(raw)})
            return raw
        if if_match not in ("*", etag_of(raw)) or (if_match == "*" and required):
            raise ApiError(
                412,
                "the file changed since you loaded it; reload it or save again with the new ETag",
                {"etag": etag_of(raw)},
            )
        return raw

    async def save(self, name: str, data: dict[str, Any], if_match: str | None) -> dict[str, Any]:
        """PUT: keep what did not change, write atomically, never over an edit made in between."""
        check_name(name)
        path = self._path(name)
        fmt = format_of(path)
        raw = self._check_if_match(path, if_match)
        new_raw, problems = await asyncio.to_thread(merged_bytes, raw, fmt, data, str(path))
        if len(new_raw) > MAX_FILE_BYTES:
            raise ApiError(
                413,
                f"the graph would be {len(new_raw) / 1024 / 1024:.1f} MiB; graph files are "
                f"limited to {MAX_FILE_BYTES // 1024 // 1024} MiB",
                {"limit": MAX_FILE_BYTES},
            )
        # no await from here on: the check and the write happen together
        raw = self._check_if_match(path, if_match)
        etag = etag_of(new_raw)
        if new_raw != raw:
            self.reported[name] = etag
            atomic_write(path, new_raw)
            self.announce(self._state_of(name, path, new_raw, problems), "api")
        return {"name": name, "etag": etag, "errors": problems_json(problems), "live": live_nodes(data, problems)}

    def _state_of(self, name: str, path: Path, raw: bytes, problems: list[Problem]) -> FileState:
        try:
            document: Document | None = load_bytes(raw, format_of(path), str(path))
        except GraphError as exc:
            document, problems = None, exc.problems
        return FileState(name, path, raw, etag_of(raw), document, problems)

    async def create(self, name: str, fmt: str, template: str) -> FileState:
        from ..store import create_graph

        check_name(name)
        if fmt not in ("yaml", "json"):
            raise ApiError(400, f"format must be yaml or json, not {fmt!r}")
        path = create_graph(self.directory, name, fmt, template)  # type: ignore[arg-type]
        state = read_graph(self.directory, name)  # no await since the write: the watcher stays quiet
        if state is None:
            raise ApiError(500, f"graph '{name}' vanished right after it was created")
        self.reported[name] = state.etag
        self.announce(state, "api")
        log.info("created %s", path.name)
        return state

    def delete(self, name: str, if_match: str | None) -> dict[str, Any]:
        """Move the file to ``.trash/`` under a timestamped name; never unlink a graph.

        A graph in a folder is trashed as ``folder.name.<time>.yaml`` (``/`` becomes ``.``).
        """
        check_name(name)
        path = self._path(name)
        self._check_if_match(path, if_match, required=False)
        trash = self.directory.resolve() / TRASH
        trash.mkdir(exist_ok=True)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
        flat = name.replace("/", ".")  # gallery/Intro -> gallery.Intro: names hold no dots, so this reads back
        target = trash / f"{flat}.{stamp}{path.suffix}"
        counter = 1
        while target.exists():
            target = trash / f"{flat}.{stamp}-{counter}{path.suffix}"
            counter += 1
        self.reported.pop(name, None)
        os.replace(path, target)
        self.file_deleted(name)
        log.info("moved %s to %s", path.name, target)
        return {"name": name, "trashed": target.name}

    def rename(self, name: str, to: Any) -> dict[str, Any]:
        check_name(name)
        if not isinstance(to, str):
            raise ApiError(400, 'give the new name as {"to": "new-name"} or {"to": "folder/new-name"}')
        check_name(to)
        source = self._path(name)
        if to == name:
            return {"name": to}
        if find_graph(self.directory, to) is not None:
            raise ApiError(409, f"a graph named '{to}' already exists", {"name": to})
        make_folders(self.directory, to)  # a rename may move the graph to another, maybe new, folder
        target = confined(self.directory, f"{to}{source.suffix}")
        raw = self._current(source)
        self.reported[to] = etag_of(raw)
        self.reported.pop(name, None)
        try:
            os.link(source, target)  # fails if the name was taken in between
        except FileExistsError:
            self.reported.pop(to, None)
            raise ApiError(409, f"a graph named '{to}' already exists", {"name": to}) from None
        except OSError:  # no hard links here (some mounts): check, then rename
            if target.exists():
                raise ApiError(409, f"a graph named '{to}' already exists", {"name": to}) from None
            os.rename(source, target)
        else:
            os.unlink(source)
        self.file_deleted(name)
        state = read_graph(self.directory, to)
        if state is not None:
            self.announce(state, "api")
        return {"name": to}

    # ------------------------------------------------------------ exports

    def exports(self, export_dir: Path) -> list[dict[str, Any]]:
        rows = []
        try:
            entries = list(os.scandir(export_dir))
        except FileNotFoundError:
            return []
        for entry in entries:
            if entry.name.startswith(".") or not entry.is_file(follow_symlinks=False):
                continue
            stat = entry.stat()
            rows.append(
                {
                    "file": entry.name,
                    "url": f"/exports/{quote(entry.name)}",
                    "size": stat.st_size,
                    "modified": iso_time(stat.st_mtime),
                    "mtime": stat.st_mtime,
                }
            )
        rows.sort(key=lambda r: r["mtime"], reverse=True)
        for row in rows:
            del row["mtime"]
        return rows
