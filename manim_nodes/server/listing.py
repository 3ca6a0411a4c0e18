"""The rows of ``GET /api/graphs`` and ``GET /api/exports``, and the last state read of each graph.

Listing 500 graphs must not read 500 files: each row is kept with the stat of
its file and read again only when the stat changes. The state kept (bytes,
document, problems) also spares a second parse and validation when the same
bytes are read again (``store.read_graph(..., previous=)``).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..assets import used_assets
from ..document import format_of
from ..liveness import live_nodes
from ..problems import Problem
from ..store import FileState, StoreError, graph_files, read_graph
from ..subgraphs import Library, directory_resolver, interface_json, used_graphs

StatKey = tuple[int, int, int]
PreviewOf = Callable[[str], dict[str, Any] | None]


def stem(name: str) -> str:
    """``gallery/Intro`` -> ``Intro``: the file stem, the default title and scene class, as ``manim-nodes code``."""
    return name.rpartition("/")[2]


def iso_time(timestamp: float) -> str:
    return dt.datetime.fromtimestamp(timestamp, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def export_files(export_dir: Path) -> list[dict[str, Any]]:
    """The finished exports in ``export_dir``, newest first (``GET /api/exports``)."""
    try:
        entries = list(os.scandir(export_dir))
    except FileNotFoundError:
        return []
    found = []
    for entry in entries:
        if not entry.name.startswith(".") and entry.is_file(follow_symlinks=False):
            found.append((entry.name, entry.stat()))
    found.sort(key=lambda row: row[1].st_mtime, reverse=True)
    return [
        {"file": name, "url": f"/exports/{quote(name)}", "size": stat.st_size, "modified": iso_time(stat.st_mtime)}
        for name, stat in found
    ]


def stat_key(stat: os.stat_result) -> StatKey:
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino)


@dataclass(frozen=True)
class Summary:
    """One graph as last read: its state, the stat it was read at, and its list row minus the preview."""

    state: FileState
    stat: StatKey
    title: str
    modified: str
    pictures: frozenset[str]  # the images and SVGs it shows: a change to one previews it again
    uses: frozenset[str]  # the graphs its Subgraph nodes name: a change to one checks it again
    interface: dict[str, Any] | None  # its inputs and outputs as a node of other graphs

    @classmethod
    def of(cls, state: FileState, stat: os.stat_result, directory: Path) -> Summary:
        data = state.document.data if state.document is not None else {}
        named = data.get("name")
        title = named if isinstance(named, str) and named else stem(state.name)
        uses = frozenset(name for _, name in used_graphs(data))
        interface = interface_json(data, Library(directory_resolver(directory)), state.name)
        return cls(state, stat_key(stat), title, iso_time(stat.st_mtime), used_assets(data or None), uses, interface)

    def to_json(self, preview: dict[str, Any] | None) -> dict[str, Any]:
        return {
            "name": self.state.name,
            "format": format_of(self.state.path),
            "title": self.title,
            "modified": self.modified,
            "valid": not self.state.problems,
            "errors": len(self.state.problems),
            "preview": preview,
            "interface": self.interface,
        }


def problems_json(problems: list[Problem]) -> list[dict[str, Any]]:
    return [p.to_json() for p in problems]


def graph_json(state: FileState) -> dict[str, Any]:
    """``GET /api/graphs/{name}``: the document, its problems and its live nodes."""
    data = state.document.data if state.document is not None else None
    return {
        "name": state.name,
        "format": format_of(state.path),
        "graph": data,
        "errors": problems_json(state.problems),
        "live": live_nodes(data, state.problems),
    }


class GraphListing:
    """Every graph's ``Summary``, refreshed from disk only where a file's stat changed."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._rows: dict[str, Summary] = {}

    def remember(self, state: FileState) -> None:
        try:
            self._rows[state.name] = Summary.of(state, state.path.stat(), self.directory)
        except OSError:
            self._rows.pop(state.name, None)

    def forget(self, name: str) -> None:
        self._rows.pop(name, None)

    def last_state(self, name: str) -> FileState | None:
        row = self._rows.get(name)
        return row.state if row is not None else None

    def used_pictures(self) -> set[str]:
        return {path for row in self._rows.values() for path in row.pictures}

    def showing(self, pictures: set[str]) -> list[str]:
        """The graphs that show any of ``pictures``."""
        return [name for name, row in self._rows.items() if row.pictures & pictures]

    def users_of(self, name: str) -> list[str]:
        """The graphs that use ``name`` as a node, directly or through others (not ``name`` itself)."""
        found: list[str] = []
        reached = {name}
        while True:
            more = [n for n, row in self._rows.items() if n not in reached and row.uses & reached]
            if not more:
                return found
            found += more
            reached.update(more)

    async def rows(self, preview_of: PreviewOf) -> list[dict[str, Any]]:
        """Every graph's row, reading only files whose stat (or suffix) changed since last time."""
        rows = []
        seen = set()
        for name, path in await asyncio.to_thread(graph_files, self.directory):
            seen.add(name)
            try:
                stat = os.stat(path)
            except OSError:
                continue
            row = self._rows.get(name)
            if row is None or row.stat != stat_key(stat) or format_of(row.state.path) != format_of(path):
                try:
                    state = await asyncio.to_thread(read_graph, self.directory, name, row.state if row else None)
                except StoreError:
                    continue
                if state is None:
                    continue
                row = Summary.of(state, stat, self.directory)
                self._rows[name] = row
            rows.append(row.to_json(preview_of(name)))
        for name in [n for n in self._rows if n not in seen]:
            del self._rows[name]
        return rows
