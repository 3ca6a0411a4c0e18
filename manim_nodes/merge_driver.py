"""``manim-nodes merge BASE OURS THEIRS``: git's merge driver for graph files.

git hands a driver three files (``%O %A %B``, named without their real suffix)
and keeps what the driver leaves in ``%A``. Graphs merge by node and port
(``graph_merge``); the result is written over ours the way the editor saves, so
our comments and layout stay; values changed two ways become conflict markers
that still parse (``conflicts.py``). Nothing is written when a side cannot be
read: git then reports the merge as failed and leaves the file alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .conflicts import mark_conflicts
from .graph_files import read_document, read_side, sniff_format
from .graph_merge import Conflict, merge_graphs
from .store import atomic_write, rewrite


@dataclass
class MergeOutcome:
    conflicts: list[Conflict]
    changed: bool


def merge_files(base: Path, ours: Path, theirs: Path, name: str | None = None) -> MergeOutcome:
    """Merge ``theirs`` into ``ours`` from ``base``, writing ours; conflicts are marked in it."""
    ours_raw = ours.read_bytes()
    fmt = sniff_format(ours_raw, name)
    ours_doc = read_document(ours, "ours", fmt)
    base_data, theirs_data = read_side(base, "base", fmt), read_side(theirs, "theirs", fmt)
    result = merge_graphs(base_data, ours_doc.data, theirs_data, prefer="ours")
    merged = mark_conflicts(result.graph, result.conflicts)
    if merged == ours_doc.data:
        return MergeOutcome(result.conflicts, changed=False)
    parsed = ours_doc if ours_doc.source is not None else None
    new_raw, _ = rewrite(ours_raw, fmt, str(ours), merged, parsed)
    atomic_write(ours, new_raw)
    return MergeOutcome(result.conflicts, changed=True)
