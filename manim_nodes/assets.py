"""Images and SVG files a graph shows: named relative to the data dir, read once, confined.

A graph names a picture by its path in the data directory, ``/``-separated
(``images/logo.png``), the way it names other graphs. The ejected script
writes the same path, so it renders with plain ``manim`` run from the data
dir. The engine never lets Manim open the user's file: the bytes read here
travel with the compiled scene, are written into the render's job dir, and
are part of its cache key, so a changed picture re-renders and an unchanged
one is answered from the cache.

Rules (``path_problem`` for the name, ``read_asset`` for the file):

- up to four ``/``-separated segments of letters, digits, space, ``_ - .``,
  each starting with a letter or digit (no ``..``, no hidden files, no
  absolute paths, no ``\\``), ending in ``.png``, ``.jpg``, ``.jpeg`` or ``.svg``;
- the file resolves inside the data dir through real folders (a symlinked
  folder is refused, as for graphs), is a regular file of at most
  ``MAX_ASSET_BYTES``, and its first bytes say it is the format its name says.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .problems import Problem, pointer
from .store import StoreError, confined

MAX_ASSET_BYTES = 10 * 1024 * 1024
RASTER_SUFFIXES: tuple[str, ...] = (".png", ".jpg", ".jpeg")
VECTOR_SUFFIXES: tuple[str, ...] = (".svg",)
ASSET_SUFFIXES: tuple[str, ...] = RASTER_SUFFIXES + VECTOR_SUFFIXES
MAX_SEGMENTS = 4
SEGMENT_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _.-]{0,99}$")  # one segment of a path
ABSOLUTE_PATTERN = re.compile(r"^(/|[A-Za-z]:)")  # the start of an absolute path: / or a drive


class AssetError(Exception):
    """A picture a graph names that cannot be used, in words for the node that names it."""


@dataclass(frozen=True)
class Asset:
    """A picture's path in the data dir and the bytes read from it."""

    path: str
    content: bytes

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def path_problem(value: object, suffixes: tuple[str, ...] = ASSET_SUFFIXES) -> str | None:
    """Why ``value`` cannot name a picture in the data dir, or None if it can."""
    if not isinstance(value, str) or not value:
        return "give the path of a file in the data directory, e.g. images/logo.png"
    if "\\" in value:
        return "use / between folders, not \\"
    if ABSOLUTE_PATTERN.match(value):
        return "the path is relative to the data directory: no leading / or drive"
    parts = value.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return "the file must be inside the data directory: no empty, . or .. folders"
    if len(parts) > MAX_SEGMENTS:
        return f"folders nest at most {MAX_SEGMENTS - 1} deep"
    for part in parts:
        if not SEGMENT_PATTERN.fullmatch(part):
            return f"'{part}' is not allowed: letters, digits, space, _ - and ., starting with a letter or digit"
    if not value.lower().endswith(suffixes):
        return f"only {', '.join(s.lstrip('.') for s in suffixes)} files"
    return None


def _looks_like(content: bytes, path: str) -> bool:
    """The file's first bytes agree with its suffix: a renamed file gets a clear error, not Manim's."""
    lower = path.lower()
    if lower.endswith(".png"):
        return content.startswith(b"\x89PNG\r\n\x1a\n")
    if lower.endswith((".jpg", ".jpeg")):
        return content.startswith(b"\xff\xd8\xff")
    head = content[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(b"<") and b"<svg" in content[:65536].lower()


def read_asset(directory: Path, path: str) -> Asset:
    """The picture at ``path`` in ``directory``, checked; raises ``AssetError`` saying what is wrong."""
    problem = path_problem(path)
    if problem is not None:
        raise AssetError(problem)
    try:
        resolved = confined(directory, path)
    except StoreError as exc:
        raise AssetError(str(exc)) from None
    try:
        fd = os.open(resolved, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise AssetError(f"'{path}' is not in the data directory") from None
    except OSError as exc:
        raise AssetError(f"cannot read '{path}': {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise AssetError(f"'{path}' is not a file")
        if info.st_size > MAX_ASSET_BYTES:
            limit = _megabytes(MAX_ASSET_BYTES)
            raise AssetError(f"'{path}' is {_megabytes(info.st_size)}; pictures may be at most {limit}")
        content = handle.read(MAX_ASSET_BYTES + 1)
    if len(content) > MAX_ASSET_BYTES:
        raise AssetError(f"'{path}' grew past {_megabytes(MAX_ASSET_BYTES)} while it was read")
    if not _looks_like(content, path):
        kind = "an SVG file" if path.lower().endswith(".svg") else f"a {path.rsplit('.', 1)[-1].upper()} image"
        raise AssetError(f"'{path}' is not {kind}")
    return Asset(path, content)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def asset_ports(data: dict[str, Any]) -> Iterator[tuple[str, str, str]]:
    """``(node id, port, path)`` for every picture a graph names (set, not wired)."""
    from .catalog import CATALOG

    nodes = data.get("nodes")
    if not isinstance(nodes, dict):
        return
    for node_id, node in nodes.items():
        node_type = CATALOG.get(node.get("type", "")) if isinstance(node, dict) else None
        params = node.get("params") if node_type is not None else None
        if node_type is None or not isinstance(params, dict):
            continue
        for port in node_type.inputs:
            if port.files and isinstance(params.get(port.name), str):
                yield node_id, port.name, params[port.name]


def used_assets(data: dict[str, Any] | None) -> frozenset[str]:
    """The paths of every picture a graph names: what the server watches for it."""
    return frozenset(path for _, _, path in asset_ports(data)) if isinstance(data, dict) else frozenset()


def collect_assets(data: dict[str, Any], directory: Path) -> tuple[tuple[Asset, ...], list[Problem]]:
    """Read every picture a graph names, with a problem on the node for each that cannot be used."""
    assets: dict[str, Asset] = {}
    problems: list[Problem] = []
    for node_id, port, path in asset_ports(data):
        if path in assets:
            continue
        try:
            assets[path] = read_asset(directory, path)
        except AssetError as exc:
            problems.append(Problem(str(exc), pointer("nodes", node_id, "params", port), node=node_id, port=port))
    return tuple(assets[p] for p in sorted(assets)), problems


def asset_files(directory: Path) -> list[str]:
    """Every picture in the data dir a graph could name, for the editor's file picker, sorted."""
    root = directory.resolve()
    found: list[str] = []
    for folder, subfolders, files in os.walk(root):
        relative = Path(folder).relative_to(root)
        depth = 0 if str(relative) == "." else len(relative.parts)
        deeper = depth + 1 < MAX_SEGMENTS
        subfolders[:] = [d for d in subfolders if deeper and not d.startswith(".") and not Path(folder, d).is_symlink()]
        for name in files:
            path = name if depth == 0 else f"{relative.as_posix()}/{name}"
            if path_problem(path) is None and Path(folder, name).resolve().is_relative_to(root):
                found.append(path)
        if len(found) >= 2000:
            break
    return sorted(found)[:2000]


def write_assets(assets: tuple[Asset, ...], workdir: Path) -> None:
    """Put the pictures beside a render's script, at the paths the script names (already checked)."""
    for asset in assets:
        target = workdir.joinpath(*asset.path.split("/"))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(asset.content)
