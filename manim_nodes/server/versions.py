"""Recent versions of each graph, by ETag: the bases of the merges ``GraphService`` makes.

Two kinds of base matter:

- the version a browser last read or saved (the ETag it sends in ``If-Match``):
  when its save arrives after someone else's, its edits are merged into theirs;
- the version both sides agreed on: the last one a program other than this
  server wrote (or the one found at start). A text editor's save is read as
  edits to that version, so saves the editor made since then survive it.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

KEPT_PER_GRAPH = 8


class Versions:
    """The last few documents of each graph by ETag, and the agreed one. Plain data, never mutated."""

    def __init__(self, kept: int = KEPT_PER_GRAPH) -> None:
        self.kept = kept
        self._by_etag: dict[str, OrderedDict[str, dict[str, Any]]] = {}
        self._agreed: dict[str, tuple[str, dict[str, Any]]] = {}

    def remember(self, name: str, etag: str, data: dict[str, Any]) -> None:
        versions = self._by_etag.setdefault(name, OrderedDict())
        versions[etag] = data
        versions.move_to_end(etag)
        while len(versions) > self.kept:
            versions.popitem(last=False)

    def get(self, name: str, etag: str | None) -> dict[str, Any] | None:
        if etag is None:
            return None
        versions = self._by_etag.get(name)
        found = versions.get(etag) if versions is not None else None
        agreed = self._agreed.get(name)
        if found is None and agreed is not None and agreed[0] == etag:
            return agreed[1]
        return found

    def agree(self, name: str, etag: str, data: dict[str, Any]) -> None:
        """A version another program has seen: what its next save will be edits to."""
        self._agreed[name] = (etag, data)
        self.remember(name, etag, data)

    def agree_once(self, name: str, etag: str, data: dict[str, Any]) -> None:
        """The first version this server sees of a graph is agreed too."""
        if name not in self._agreed:
            self.agree(name, etag, data)
        else:
            self.remember(name, etag, data)

    def agreed(self, name: str) -> tuple[str, dict[str, Any]] | None:
        return self._agreed.get(name)

    def forget(self, name: str) -> None:
        self._by_etag.pop(name, None)
        self._agreed.pop(name, None)

    def rename(self, name: str, to: str) -> None:
        if name in self._by_etag:
            self._by_etag[to] = self._by_etag.pop(name)
        if name in self._agreed:
            self._agreed[to] = self._agreed.pop(name)
