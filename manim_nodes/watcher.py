"""Watching the data directory: one report per real save, whatever the editor.

Editors save in many ways: truncate then write (VS Code), write a temp file
then rename over (vim, JetBrains), delete then recreate, or ``git checkout``.
Raw file-system events differ for each, so they are only a hint: the watcher
collects them in debounced batches (watchfiles), then reads each touched
graph and compares a hash of its bytes with the last one reported. Same bytes
(a touch, a checkout that changed nothing, the server's own write) report
nothing. A file that reads empty, broken or invalid right after an event is
re-read shortly, until it stops changing, before its problems are reported,
so a half-written file never flashes an error. A file that disappears is only
reported deleted after a short grace, so delete-then-recreate is one change.

The watch is recursive: graphs in folders (``gallery/MovingAngle``) are
watched too, including folders made after the start. Hidden folders
(``.trash``) and names of the wrong shape are ignored (``store.graph_files``
decides, as for listings). An event on a folder itself (made, moved in or
out, deleted) re-reads every graph known or found under it, so a folder
deleted or moved away reports its graphs deleted.

Pictures (PNG, JPEG, SVG; ``assets.py``) are watched too and reported by
path, so the graphs that show one preview again when it changes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from pathlib import Path
from typing import Protocol

from watchfiles import Change, awatch

from .assets import path_problem
from .document import MAX_FILE_BYTES, etag_of
from .store import FileState, StoreError, graph_files, is_folder_path, name_of_file, read_graph

log = logging.getLogger("manim_nodes.watcher")


class GraphFileFilter:
    """A watchfiles filter passing graph files in ``directory`` and its folders, and the folders themselves.

    Editor temp and backup files are named here so the intent is plain, though
    the graph-name check alone would drop most of them.
    """

    ignored_names: frozenset[str] = frozenset({"4913", ".DS_Store", "Thumbs.db"})
    ignored_suffixes: tuple[str, ...] = (
        ".swp",
        ".swo",
        ".swx",
        "~",
        "___jb_tmp___",
        "___jb_old___",
        ".tmp",
        ".bak",
        ".orig",
        ".part",
        ".crdownload",
    )
    ignored_prefixes: tuple[str, ...] = (".", "#")  # hidden, our atomic-write temps, emacs locks and autosaves

    def __init__(self, directory: Path) -> None:
        self.directories = {str(directory), str(directory.resolve()), str(directory.absolute())}

    def relative(self, path: str) -> str | None:
        """``path`` relative to the watched directory, ``/``-separated; None if it is elsewhere."""
        for root in self.directories:
            if path.startswith(root + os.sep):
                return path[len(root) + 1 :].replace(os.sep, "/")
        return None

    def classify(self, path: str) -> tuple[str, str] | None:
        """``("graph", name)``, ``("folder", folder)``, ``("picture", path)``, or None for anything to ignore."""
        relative = self.relative(path)
        if relative is None:
            return None
        name = relative.rpartition("/")[2]
        if name in self.ignored_names or name.endswith(self.ignored_suffixes) or name.startswith(self.ignored_prefixes):
            return None
        graph = name_of_file(relative)
        if graph is not None:
            return ("graph", graph)
        if path_problem(relative) is None:
            return ("picture", relative)  # an image or SVG a graph may show
        if "." not in name and is_folder_path(relative):
            return ("folder", relative)  # maybe a folder made, moved or deleted: look inside
        return None

    def __call__(self, change: Change, path: str) -> bool:
        return self.classify(path) is not None


def _polling_from_environment() -> bool:
    """``WATCHFILES_FORCE_POLLING`` as watchfiles reads it: set and not false/disable(d)."""
    value = os.environ.get("WATCHFILES_FORCE_POLLING", "")
    return bool(value) and value.lower() not in ("false", "disable", "disabled")


class WatchHandler(Protocol):
    """What the watcher reports to (the server's graph service)."""

    def known_etag(self, name: str) -> str | None:
        """The etag last reported or written for ``name``; None if it is not known to exist."""

    def known_names(self) -> list[str]:
        """Every name with a known etag, so that a folder deleted at once (``rm -r``) reports its graphs."""

    def last_state(self, name: str) -> FileState | None:
        """The state last read or written of ``name``, if kept: the same bytes are not validated again."""

    def file_changed(self, state: FileState) -> None: ...

    def file_deleted(self, name: str) -> None: ...

    def used_pictures(self) -> set[str]:
        """The pictures graphs show (polling mode looks only at these)."""

    def pictures_changed(self, paths: set[str]) -> None:
        """Images or SVGs in the data dir changed."""


class GraphWatcher:
    """Watch ``directory`` and its folders and report settled changes to ``handler``."""

    def __init__(
        self,
        directory: Path,
        handler: WatchHandler,
        *,
        poll: bool | None = None,
        step_ms: int = 50,
        debounce_ms: int = 1600,
        settle: float = 0.05,
        stable: float = 0.3,
        patience: float = 3.0,
        delete_grace: float = 0.3,
        poll_delay_ms: int = 250,
        hash_every: float = 2.0,
    ) -> None:
        self.directory = directory.resolve()
        self.handler = handler
        self.poll = poll if poll is not None else _polling_from_environment()
        self.step_ms = step_ms
        self.debounce_ms = debounce_ms
        self.settle = settle  # between re-reads
        self.stable = stable  # how long broken content must stay put before it is reported
        self.patience = patience  # the longest a look may take
        self.delete_grace = delete_grace
        self.poll_delay_ms = poll_delay_ms
        self.hash_every = hash_every  # seconds between full content checks when polling
        self.filter = GraphFileFilter(self.directory)
        self._stop = asyncio.Event()
        self._ready = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._pending: dict[str, asyncio.Task[None]] = {}

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="graph-watcher")

    async def wait_ready(self, timeout: float = 5.0) -> None:
        """Wait until the file-system watch is in place (tests, start-up); TimeoutError if it is not."""
        try:
            await asyncio.wait_for(self._ready.wait(), timeout)
        except TimeoutError:
            raise TimeoutError(f"the watch on {self.directory} was not in place after {timeout:g} s") from None

    async def stop(self) -> None:
        self._stop.set()
        for task in self._pending.values():
            task.cancel()
        tasks = [t for t in [self._task, *self._pending.values()] if t is not None]
        if tasks:
            await asyncio.wait(tasks, timeout=1.5)
        self._pending.clear()

    async def _run(self) -> None:
        while not self._stop.is_set():
            try:
                await self._watch()
            except Exception:
                log.exception("the file watcher failed; restarting it in 1 s")
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stop.wait(), 1.0)

    async def _watch(self) -> None:
        if self.poll:
            await self._poll()
            return
        changes_iter = awatch(
            self.directory,
            watch_filter=self.filter,
            debounce=self.debounce_ms,
            step=self.step_ms,
            stop_event=self._stop,
            rust_timeout=200,  # wake often enough to notice the watch is in place
            yield_on_timeout=True,
            force_polling=None,  # watchfiles' own choice (WSL); ours when asked, see _poll
            recursive=True,
        )
        async for changes in changes_iter:
            self._ready.set()
            found: dict[str, set[str]] = {"graph": set(), "folder": set(), "picture": set()}
            for _, path in changes:
                classified = self.filter.classify(path)
                if classified is not None:
                    found[classified[0]].add(classified[1])
            names = found["graph"]
            if found["folder"]:
                names |= await asyncio.to_thread(self._under, found["folder"])
            for name in sorted(names):
                self.schedule(name)
            self._pictures_changed(found["picture"])

    def _pictures_changed(self, paths: set[str]) -> None:
        if paths:
            self.handler.pictures_changed(paths)

    def _under(self, folders: set[str]) -> set[str]:
        """Graph names on disk or known to the handler inside any of ``folders``."""
        prefixes = tuple(f"{folder}/" for folder in folders)
        names = {name for name, _ in graph_files(self.directory) if name.startswith(prefixes)}
        return names | {name for name in self.handler.known_names() if name.startswith(prefixes)}

    async def _poll(self) -> None:
        """Polling mode (Docker bind mounts, network drives): stat every graph often, hash them all now and then.

        Not watchfiles' poller: it keeps mtimes in whole seconds, so a second
        save within the same second goes unseen (watchfiles issue #319).
        """
        loop = asyncio.get_running_loop()
        seen = await asyncio.to_thread(self._stat_all)
        pictures = await asyncio.to_thread(self._stat_pictures)
        self._ready.set()
        last_hash = loop.time()
        while not self._stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), self.poll_delay_ms / 1000)
            if self._stop.is_set():
                return
            current = await asyncio.to_thread(self._stat_all)
            names = set(current.keys() ^ seen.keys())
            names |= {n for n in current.keys() & seen.keys() if current[n] != seen[n]}
            seen = current
            if loop.time() - last_hash >= self.hash_every:
                last_hash = loop.time()
                names |= await asyncio.to_thread(self._hash_changed, current)
            for name in sorted(names):
                self.schedule(name)
            before, pictures = pictures, await asyncio.to_thread(self._stat_pictures)
            self._pictures_changed({p for p in before.keys() | pictures.keys() if before.get(p) != pictures.get(p)})

    def _stat_pictures(self) -> dict[str, tuple[int, int, int, int]]:
        """The stat of each picture the handler's graphs show (polling mode watches only those)."""
        stats = {}
        for path in sorted(self.handler.used_pictures()):
            with contextlib.suppress(OSError):
                st = os.stat(self.directory / path)
                stats[path] = (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)
        return stats

    def _stat_all(self) -> dict[str, tuple[str, int, int, int, int]]:
        """Each graph's file and its stat, by name (the same listing as ``GET /api/graphs``)."""
        stats = {}
        for name, path in graph_files(self.directory):
            with contextlib.suppress(OSError):
                st = os.stat(path)
                stats[name] = (path, st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)
        return stats

    def _hash_changed(self, files: dict[str, tuple[str, int, int, int, int]]) -> set[str]:
        """Names whose bytes differ from what was reported, whatever their timestamps say."""
        changed: set[str] = set()
        for name, (path, *_) in files.items():
            with contextlib.suppress(OSError), open(path, "rb") as handle:
                if etag_of(handle.read(MAX_FILE_BYTES + 1)) != self.handler.known_etag(name):
                    changed.add(name)
        return changed

    def schedule(self, name: str) -> None:
        """Look at ``name`` again; a newer event restarts a look still in progress."""
        old = self._pending.pop(name, None)
        if old is not None:
            old.cancel()
        task = asyncio.create_task(self._look(name), name=f"look-{name}")
        self._pending[name] = task
        task.add_done_callback(lambda t: self._pending.pop(name, None) if self._pending.get(name) is t else None)

    async def _look(self, name: str) -> None:
        """``_read_until_settled``, logging what goes wrong instead of ending the watch."""
        try:
            await self._read_until_settled(name)
        except asyncio.CancelledError:
            raise
        except StoreError as exc:
            log.warning("ignoring %s: %s", name, exc)
        except Exception:
            log.exception("cannot look at graph %s", name)

    async def _read_until_settled(self, name: str) -> None:
        """Read until the file looks finished, or has stayed the same for a while (``stable``, ``delete_grace``)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.patience
        last: FileState | None = None
        since = -1.0  # when the bytes (or the absence) last changed; <0: nothing read yet
        while True:
            previous = last or self.handler.last_state(name)  # same bytes: not parsed or validated again
            state = await asyncio.to_thread(read_graph, self.directory, name, previous)
            now = loop.time()
            unchanged = since >= 0 and (state.raw if state else None) == (last.raw if last else None)
            if not unchanged:
                since = now
            known = self.handler.known_etag(name)
            if state is None:
                if known is None:
                    return  # never reported (a temp file, or the server deleted it itself)
                if unchanged and now - since >= self.delete_grace:
                    self.handler.file_deleted(name)
                    return
            elif state.etag == known:
                return  # same bytes: nothing happened (or it was the server's own write)
            elif state.complete or (unchanged and now - since >= self.stable):
                self.handler.file_changed(state)
                return
            last = state
            if now >= deadline:
                break
            await asyncio.sleep(self.settle)
        if last is None:
            self.handler.file_deleted(name)
        elif last.etag != self.handler.known_etag(name):
            self.handler.file_changed(last)  # still changing after all this time: report what is there
