"""Reading the graph files git hands to a diff or merge driver: any name, maybe empty.

git names them ``.merge_file_XYZ`` or a temp path, and a side that has no such
file (added on one branch) comes as an empty file or ``/dev/null``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .document import Document, Format, format_of, load_bytes
from .problems import GraphError, Problem

EMPTY_GRAPH: dict[str, Any] = {"version": 1, "nodes": {}}


def sniff_format(raw: bytes, name: str | None) -> Format:
    """The format of a file git named ``.merge_file_XYZ``: from its real path if given, else its text."""
    if name:
        try:
            return format_of(name)
        except GraphError:
            pass
    return "json" if raw.lstrip().startswith(b"{") else "yaml"


def read_side(path: Path, what: str = "", fmt: Format | None = None) -> dict[str, Any]:
    """One side's graph as plain data (see ``read_document``)."""
    return read_document(path, what, fmt).data


def read_document(path: Path, what: str = "", fmt: Format | None = None) -> Document:
    """One side's graph; an empty file (a side that had no such file) is an empty graph.

    ``what`` ("ours", "theirs", ...) starts each problem's message; ``fmt`` defaults to the
    one the file's name or text says.
    """
    raw = path.read_bytes()
    fmt = fmt or sniff_format(raw, str(path))
    if not raw.strip():
        return Document(dict(EMPTY_GRAPH), fmt, str(path))
    try:
        document = load_bytes(raw, fmt, str(path))
    except GraphError as exc:
        raise GraphError([_named(p, what) for p in exc.problems], str(path)) from None
    if not isinstance(document.data.get("nodes", {}), dict):
        raise GraphError([_named(Problem("this file does not hold a graph (a mapping with nodes)"), what)], str(path))
    return document


def _named(problem: Problem, what: str) -> Problem:
    if not what:
        return problem
    return Problem(f"{what}: {problem.message}", problem.path, problem.line, problem.column)
