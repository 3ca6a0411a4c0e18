"""Graph files in a data directory: names, confined paths, atomic writes, templates.

A graph's name is its file stem. Names are checked against a strict pattern
before any path is built, and every path is resolved and confined to the
directory, so no name can reach outside it.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from .document import SUFFIXES, Format

NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
EXTENSIONS: dict[str, str] = {"yaml": ".yaml", "json": ".json"}


class StoreError(Exception):
    """A request about graph files that cannot be done, with an HTTP-like status."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def check_name(name: str) -> str:
    if not isinstance(name, str) or not NAME_PATTERN.fullmatch(name):
        raise StoreError(
            f"'{name}' is not a valid graph name: "
            "use up to 64 letters, digits, - and _, starting with a letter or digit",
            400,
        )
    return name


def confined(directory: Path, name: str) -> Path:
    """``directory/name`` if it resolves inside ``directory`` (no symlink escapes)."""
    root = directory.resolve()
    path = (root / name).resolve()
    if path.parent != root:
        raise StoreError(f"'{name}' is outside the data directory", 400)
    return path


def find_graph(directory: Path, name: str) -> Path | None:
    """The file of graph ``name`` in ``directory``, whatever its suffix."""
    check_name(name)
    for suffix in SUFFIXES:
        path = directory / f"{name}{suffix}"
        if path.is_file() or path.is_symlink():
            return confined(directory, path.name)
    return None


def list_graph_files(directory: Path) -> list[Path]:
    """Graph files directly in ``directory``, sorted by name; editor temp files skipped."""
    if not directory.is_dir():
        return []
    files = []
    for path in sorted(directory.iterdir()):
        if path.suffix.lower() in SUFFIXES and NAME_PATTERN.fullmatch(path.stem) and path.is_file():
            files.append(path)
    return files


def atomic_write(path: Path, data: bytes) -> None:
    """Write via a temp file in the same directory, fsync, then ``os.replace``.

    A crash at any moment leaves either the old file or the new one, never half
    of one; the file keeps its permissions.
    """
    mode = path.stat().st_mode & 0o7777 if path.exists() else 0o644
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    try:
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass


def _template_files() -> dict[str, Traversable]:
    """Starter templates first, then the example graphs, by name."""
    files: dict[str, Traversable] = {}
    folders = [resources.files("manim_nodes.templates"), resources.files("manim_nodes").joinpath("examples")]
    for folder in folders:
        if not folder.is_dir():
            continue
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            stem, _, suffix = entry.name.rpartition(".")
            if f".{suffix}" in SUFFIXES and NAME_PATTERN.fullmatch(stem):
                files.setdefault(stem, entry)
    return files


def template_names() -> list[str]:
    """``blank``, ``starter`` and every example graph."""
    return list(_template_files())


def template_info() -> list[dict[str, str]]:
    """Name, title and one-line description of every template, for the editor's New dialog."""
    from .document import load_bytes

    rows = []
    for name, entry in _template_files().items():
        raw = entry.read_bytes()
        data = load_bytes(raw, "json" if entry.name.endswith(".json") else "yaml").data
        first = raw.decode().splitlines()[:1]
        comment = first[0].lstrip("# ").strip() if first and first[0].startswith("#") else ""
        rows.append(
            {
                "name": name,
                "title": str(data.get("name") or name.replace("_", " ").capitalize()),
                "description": str(data.get("description") or comment),
            }
        )
    return rows


def template_bytes(template: str, fmt: Format, title: str) -> bytes:
    """A new graph from a template, in YAML or JSON, with its display name set."""
    from .document import Document, dumps, load_bytes, with_data

    files = _template_files()
    if template not in files:
        raise StoreError(f"no template '{template}'; templates: {', '.join(files)}", 404)
    entry = files[template]
    source: Format = "json" if entry.name.endswith(".json") else "yaml"
    document = load_bytes(entry.read_bytes(), source)
    data = {"version": 1, "name": title, **{k: v for k, v in document.data.items() if k not in ("version", "name")}}
    if fmt == "json":
        return dumps(Document(data, "json"))
    if source == "json":
        return dumps(with_data(Document({}, "yaml"), data))
    return dumps(with_data(document, data))


def create_graph(directory: Path, name: str, fmt: Format = "yaml", template: str = "starter") -> Path:
    """Create ``name`` from a template; refuses to overwrite (409)."""
    check_name(name)
    if find_graph(directory, name) is not None:
        raise StoreError(f"a graph named '{name}' already exists", 409)
    directory.mkdir(parents=True, exist_ok=True)
    path = confined(directory, f"{name}{EXTENSIONS[fmt]}")
    title = name.replace("_", " ").replace("-", " ").strip().capitalize()
    data = template_bytes(template, fmt, title)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    return path
