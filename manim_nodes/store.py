"""Graph files in a data directory: names, confined paths, atomic writes, templates.

A graph's name is its path in the data directory without the extension,
``/``-separated: ``intro`` is ``intro.yaml``, ``gallery/MovingAngle`` is
``gallery/MovingAngle.yaml``. Names are checked against a strict pattern
before any path is built, and every path is resolved and confined to the
directory, so no name can reach outside it.

Rules of names (``check_name``):

- one to ``MAX_DEPTH`` segments joined by ``/``; each segment is 1 to 64
  letters, digits, ``-`` and ``_``, starting with a letter or digit (so no
  ``..``, no hidden ``.trash``, no empty segment, no leading ``/``, no ``\\``);
- in a folder, the last segment is none of ``RESERVED`` (``code``,
  ``render``, ``export``, ``rename``, ``extract``): ``/api/graphs/x/code`` is the
  code of ``x``, never a graph named ``x/code``;
- folders that are symlinks are not followed; a graph file that is a symlink
  must resolve inside the data directory.

When ``x.yaml``, ``x.yml`` and ``x.json`` exist side by side, graph ``x`` is
the first of them in that order (``SUFFIXES``); the others are shadowed: the
server never shows them, and ``manim-nodes validate DIR`` reports each one as
an error naming the file that wins, so the clash is fixed rather than guessed.

``graph_files`` is the one listing of a data directory: the server's
``GET /api/graphs``, its start-up scan, the watcher and
``manim-nodes validate DIR`` (through ``scan_graph_files``) all use it. This module also owns reading a graph
(``read_graph``), saving it only over the version the client saw
(``save_if_match``), the trash and renames. Its errors are domain errors
(``NotFound``, ``NameTaken``, ``PreconditionFailed``, ...); the server maps
each kind to an HTTP status.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import re
import tempfile
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from .document import MAX_FILE_BYTES, SUFFIXES, Document, Format, dumps, etag_of, format_of, load_bytes, with_data
from .formatting import canonical_nodes
from .problems import GraphError, Problem
from .splice import splice_json, splice_nodes

log = logging.getLogger("manim_nodes.store")

NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")  # one segment of a name
EXTENSIONS: dict[str, str] = {"yaml": ".yaml", "json": ".json"}
MAX_DEPTH = 4  # segments of a name: three folders and the graph
RESERVED = frozenset({"code", "render", "export", "rename", "extract"})  # actions of /api/graphs/{name}/...
TRASH = ".trash"
_RANK = {suffix: i for i, suffix in enumerate(SUFFIXES)}


class StoreError(Exception):
    """A request about graph files that cannot be done as asked (a bad name, a path out of the data dir)."""

    def __init__(self, message: str, details: Mapping[str, Any] | None = None) -> None:
        super().__init__(message)
        self.details = dict(details or {})


class NotFound(StoreError):
    """No such graph (or template)."""


class NameTaken(StoreError):
    """Another graph already has that name."""


class PreconditionRequired(StoreError):
    """A save must say which version it replaces (its ETag)."""


class PreconditionFailed(StoreError):
    """The file changed since the client read it."""


class TooLarge(StoreError):
    """The graph would be bigger than ``MAX_FILE_BYTES``."""


def name_problem(name: object) -> str | None:
    """Why ``name`` is not a valid graph name, or None if it is one."""
    if not isinstance(name, str) or not name:
        return "give the graph a name"
    if "\\" in name:
        return "use / between folders, not \\"
    if name.startswith("/"):
        return "a graph name is relative to the data directory: no leading /"
    parts = name.split("/")
    if len(parts) > MAX_DEPTH:
        return f"folders nest at most {MAX_DEPTH - 1} deep"
    for part in parts:
        if part in ("", ".", ".."):
            return "no empty, . or .. folders"
        if part.startswith("."):
            return f"'{part}' is hidden; names cannot start with ."
        if not NAME_PATTERN.fullmatch(part):
            return (
                f"'{part}' is not allowed: use up to 64 letters, digits, - and _ per folder or name, "
                "starting with a letter or digit"
            )
    if len(parts) > 1 and parts[-1] in RESERVED:
        return f"a graph in a folder cannot be called {', '.join(sorted(RESERVED))}: those words name actions"
    return None


def valid_name(name: object) -> bool:
    return name_problem(name) is None


def check_name(name: str) -> str:
    problem = name_problem(name)
    if problem is not None:
        raise StoreError(f"'{name}' is not a valid graph name: {problem}")
    return name


def confined(directory: Path, relative: str) -> Path:
    """``directory/relative`` resolved, if it stays inside ``directory``.

    ``relative`` is a checked name plus a suffix. Its folders must be real
    folders (a symlinked folder is refused, wherever it points); the file may
    be a symlink that resolves to a file inside ``directory``.
    """
    root = directory.resolve()
    *folders, filename = relative.split("/")
    folder = root.joinpath(*folders)
    if folder.resolve() != folder:
        raise StoreError(f"'{relative}' goes through a symlinked folder; those are not followed")
    path = (folder / filename).resolve()
    if not path.is_relative_to(root) or path == root:
        raise StoreError(f"'{relative}' is outside the data directory")
    return path


def find_graph(directory: Path, name: str) -> Path | None:
    """The file of graph ``name`` in ``directory``, whatever its suffix (see ``SUFFIXES`` for the order)."""
    check_name(name)
    for suffix in SUFFIXES:
        path = directory / f"{name}{suffix}"
        if path.is_file() or path.is_symlink():
            return confined(directory, f"{name}{suffix}")
    return None


def name_of_file(relative: str) -> str | None:
    """The graph name of a file path relative to the data dir (``gallery/Intro.yaml``), or None."""
    stem, dot, suffix = relative.rpartition(".")
    if not dot or f".{suffix.lower()}" not in SUFFIXES or "." in stem.rpartition("/")[2]:
        return None
    return stem if valid_name(stem) else None


def is_folder_path(relative: str) -> bool:
    """True if ``relative`` could be a folder of graphs (visible, well named, not too deep)."""
    parts = relative.split("/")
    return len(parts) < MAX_DEPTH and all(NAME_PATTERN.fullmatch(p) for p in parts)


def graph_files(directory: Path) -> list[tuple[str, str]]:
    """``(name, path)`` of every graph in ``directory`` and its folders, sorted by name.

    One file per name: ``x.yaml`` over ``x.yml`` over ``x.json`` (``scan_graph_files`` also
    names the losers). Skipped: hidden files and folders (``.trash``), names of the wrong shape,
    folders deeper than ``MAX_DEPTH``, symlinked folders, and symlinked files that resolve
    outside ``directory``. Plain strings, not Paths: listing 500 graphs is mostly this loop.
    """
    return scan_graph_files(directory)[0]


def graph_etags(directory: Path) -> dict[str, str]:
    """The etag of every graph, by name (the server learns what exists before it serves)."""
    found = {}
    for name, path in graph_files(directory):
        with contextlib.suppress(OSError):
            found[name] = etag_of(_read_bytes(Path(path)))
    return found


def scan_graph_files(directory: Path) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """``graph_files``, and ``(path, winner)`` for each graph file hidden by a file of the same
    name with an earlier suffix."""
    root = os.path.realpath(directory)
    every: list[tuple[int, str, str]] = []

    def walk(folder: str, prefix: str, depth: int) -> None:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            return
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    if depth + 1 < MAX_DEPTH and NAME_PATTERN.fullmatch(entry.name):
                        walk(entry.path, f"{prefix}{entry.name}/", depth + 1)
                    continue
                name = name_of_file(prefix + entry.name)
                if name is None or not entry.is_file():
                    continue
                if entry.is_symlink() and not os.path.realpath(entry.path).startswith(root + os.sep):
                    continue  # a link out of the data directory is never served
            except OSError:
                continue
            every.append((_RANK[os.path.splitext(entry.name)[1].lower()], name, entry.path))

    walk(root, "", 0)
    winners: dict[str, str] = {}
    shadowed: list[tuple[str, str]] = []
    for _, name, path in sorted(every):
        if name in winners:
            shadowed.append((path, winners[name]))
        else:
            winners[name] = path
    return sorted(winners.items()), sorted(shadowed)


def _temp_beside(path: Path, data: bytes, mode: int) -> str:
    """``data`` in a temp file next to ``path``, flushed to disk with ``mode``; removed if that fails.

    The name is what ``sweep_temp_files`` recognises, should a crash leave it behind.
    """
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    return temp


def atomic_write(path: Path, data: bytes) -> None:
    """Write via a temp file in the same directory, fsync, then ``os.replace``.

    A crash at any moment leaves either the old file or the new one, never half
    of one; the file keeps its permissions.
    """
    mode = path.stat().st_mode & 0o7777 if path.exists() else 0o644
    temp = _temp_beside(path, data, mode)
    try:
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
    """Starter templates first, then the example graphs, by name; not the examples that use
    other graphs as nodes, which a new data dir would not hold."""
    files: dict[str, Traversable] = {}
    folders = [resources.files("manim_nodes.templates"), resources.files("manim_nodes").joinpath("examples")]
    for folder in folders:
        if not folder.is_dir():
            continue
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            stem, _, suffix = entry.name.rpartition(".")
            if f".{suffix}" in SUFFIXES and NAME_PATTERN.fullmatch(stem) and not _uses_other_graphs(entry):
                files.setdefault(stem, entry)
    return files


def _uses_other_graphs(entry: Traversable) -> bool:
    from .subgraphs import uses_subgraphs

    try:
        return uses_subgraphs(load_bytes(entry.read_bytes(), "json" if entry.name.endswith(".json") else "yaml").data)
    except GraphError:
        return False


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
        raise NotFound(f"no template '{template}'; templates: {', '.join(files)}")
    entry = files[template]
    source: Format = "json" if entry.name.endswith(".json") else "yaml"
    document = load_bytes(entry.read_bytes(), source)
    data = {"version": 1, "name": title, **{k: v for k, v in document.data.items() if k not in ("version", "name")}}
    if fmt == "json":
        return dumps(Document(data, "json"))
    if source == "json":
        return dumps(with_data(Document({}, "yaml"), data))
    return dumps(with_data(document, data))


def make_folders(directory: Path, name: str) -> None:
    """Create the folders of ``name`` inside ``directory`` (confined: no symlinked folder on the way)."""
    directory.mkdir(parents=True, exist_ok=True)
    folders = name.split("/")[:-1]
    if not folders:
        return
    confined(directory, f"{name}.yaml")  # refuses a symlinked folder before anything is made
    folder = directory.resolve()
    for part in folders:
        folder = folder / part
        with contextlib.suppress(FileExistsError):
            folder.mkdir()
        if folder.is_symlink() or not folder.is_dir():
            raise StoreError(f"'{'/'.join(folders)}' is not a folder of the data directory")


MAX_TITLE = 200  # characters of a graph's display name


def create_graph(
    directory: Path, name: str, fmt: Format = "yaml", template: str = "starter", title: str | None = None
) -> Path:
    """Create ``name`` from a template, and its folders if need be; refuses to overwrite (409).

    ``title`` is its display name (``name:`` in the file); by default one made from ``name``.
    """
    check_name(name)
    if find_graph(directory, name) is not None:
        raise NameTaken(f"a graph named '{name}' already exists", {"name": name})
    if title is not None and not (0 < len(title.strip()) <= MAX_TITLE):
        raise StoreError(f"a title is 1 to {MAX_TITLE} characters", {"title": title[:MAX_TITLE]})
    if title is None:
        title = name.rpartition("/")[2].replace("_", " ").replace("-", " ").strip().capitalize()
    title = title.strip()
    data = template_bytes(template, fmt, title)  # an unknown template fails before any folder is made
    make_folders(directory, name)
    path = confined(directory, f"{name}{EXTENSIONS[fmt]}")
    _write_new(path, data)
    return path


def create_graph_from(directory: Path, name: str, fmt: Format, data: dict[str, Any]) -> Path:
    """Create ``name`` holding ``data`` in the canonical layout (``manim-nodes fmt``), and its
    folders if need be; refuses to overwrite (409)."""
    from .formatting import canonical_order, formatted

    check_name(name)
    if find_graph(directory, name) is not None:
        raise NameTaken(f"a graph named '{name}' already exists", {"name": name})
    raw = formatted(dumps(with_data(Document({}, fmt), canonical_order(data))), fmt)
    make_folders(directory, name)
    path = confined(directory, f"{name}{EXTENSIONS[fmt]}")
    _write_new(path, raw)
    return path


def _write_new(path: Path, data: bytes) -> None:
    """Write a file that must not exist yet, whole or not at all (a full disk leaves nothing).

    The bytes go to a temp file first; ``os.link`` then gives it its name only if that
    name is still free, which ``os.replace`` would not check.
    """
    temp = _temp_beside(path, data, 0o644)
    try:
        os.link(temp, path)
    except FileExistsError:
        raise NameTaken(f"a graph named '{path.stem}' already exists", {"name": path.stem}) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)


_TEMP_FILE = re.compile(r"\.[A-Za-z0-9][A-Za-z0-9_-]{0,63}\.(?:yaml|yml|json)\.[A-Za-z0-9_]{8}\.tmp")


def sweep_temp_files(directory: Path) -> list[Path]:
    """Remove the temp files of saves cut short (a kill -9 mid-save); at start, when no save runs."""
    removed = []
    root = directory.resolve()
    for folder, subfolders, files in os.walk(root):
        depth = len(Path(folder).relative_to(root).parts)
        subfolders[:] = [d for d in subfolders if depth + 1 < MAX_DEPTH and NAME_PATTERN.fullmatch(d)]
        for file in files:
            if _TEMP_FILE.fullmatch(file):
                path = Path(folder) / file
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
                    removed.append(path)
    return removed


# ---------------------------------------------------------------- reading and saving


@dataclass(frozen=True)
class FileState:
    """A graph file as read from disk: its bytes, their hash, and what is wrong with it (validated once)."""

    name: str
    path: Path
    raw: bytes
    etag: str
    document: Document | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Looks like a finished save: not empty, parses, and validates."""
        return bool(self.raw.strip()) and self.document is not None and not self.problems


def state_of(
    name: str, path: Path, raw: bytes, document: Document | None = None, directory: Path | None = None
) -> FileState:
    """Parse and validate ``raw``, the bytes of graph ``name`` at ``path``; ``document`` is
    ``raw`` already parsed, when the caller has read it back. ``directory``: the data dir, where
    the graphs its Subgraph nodes use are found (a graph that uses none is checked alone)."""
    from .subgraphs import directory_resolver  # validate -> assets -> store: import at use
    from .validate import validate_document

    try:
        document = document or load_bytes(raw, format_of(path), str(path))
        resolve = directory_resolver(directory) if directory is not None else None
        return FileState(name, path, raw, document.etag, document, validate_document(document, resolve, name))
    except GraphError as exc:
        return FileState(name, path, raw, etag_of(raw), None, exc.problems)
    except Exception as exc:  # a bug of ours: this file shows the error, every other graph still loads
        log.exception("reading %s failed", path)
        problem = Problem(f"manim-nodes could not read this file ({type(exc).__name__}); please report it")
        return FileState(name, path, raw, etag_of(raw), None, [problem])


def read_graph(directory: Path, name: str, previous: FileState | None = None) -> FileState | None:
    """Read and check graph ``name``; None if it does not exist. Raises StoreError for escapes.

    When the bytes are those of ``previous`` (same file), ``previous`` is returned as it is:
    a file is parsed and validated once per change, however often it is read.
    """
    path = find_graph(directory, name)
    if path is None:
        return None
    try:
        raw = _read_bytes(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return FileState(name, path, b"", "", None, [Problem(f"cannot read the file: {exc.strerror or exc}")])
    if previous is not None and previous.path == path and previous.raw == raw:
        return previous
    return state_of(name, path, raw, directory=directory)


def _read_bytes(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(MAX_FILE_BYTES + 1)


def _graph_path(directory: Path, name: str) -> Path:
    path = find_graph(directory, name)
    if path is None:
        raise NotFound(f"no graph named '{name}'", {"name": name})
    return path


def _check_if_match(raw: bytes, if_match: str | None, required: bool = True) -> None:
    if if_match is None:
        if required:
            raise PreconditionRequired("saving needs an If-Match header with the graph's ETag", {"etag": etag_of(raw)})
        return
    if if_match not in ("*", etag_of(raw)) or (if_match == "*" and required):
        raise PreconditionFailed(
            "the file changed since you loaded it; reload it or save again with the new ETag", {"etag": etag_of(raw)}
        )


_WRITES = threading.Lock()  # a save checks the file's ETag and writes it with no other save in between


def save_if_match(
    directory: Path,
    name: str,
    data: dict[str, Any],
    if_match: str | None,
    before_write: Callable[[FileState], None] | None = None,
    previous: FileState | None = None,
) -> tuple[FileState, bool]:
    """Save ``data`` as graph ``name`` if the file is still the version ``if_match`` names.

    Keeps the comments and layout of what did not change; writes atomically. Returns the new
    state (validated) and whether the bytes changed. ``before_write(state)`` runs right before
    the file is replaced, so a watcher that sees the write knows it, validated, already; an
    exception from it leaves the file as it was. ``previous``, the last state read of this
    graph, saves parsing the file again when it is still what is on disk.
    """
    check_name(name)
    data = canonical_nodes(data)  # a node's keys in the order `manim-nodes fmt` writes them
    path = _graph_path(directory, name)
    raw = _read_bytes(path)
    _check_if_match(raw, if_match)
    current = previous.document if previous is not None and previous.raw == raw else None
    state = _saved_state(name, path, raw, data, current, directory)
    with _WRITES:
        raw = _read_bytes(path)
        _check_if_match(raw, if_match)
        if state.raw == raw:
            return state, False
        if before_write is not None:
            before_write(state)
        atomic_write(path, state.raw)
    return state, True


def _saved_state(
    name: str,
    path: Path,
    raw: bytes,
    data: dict[str, Any],
    parsed: Document | None = None,
    directory: Path | None = None,
) -> FileState:
    """The state of ``data`` written over ``raw`` (see ``rewrite``), validated."""
    new_raw, document = rewrite(raw, format_of(path), str(path), data, parsed)
    return _checked_state(name, path, new_raw, document, directory)


def rewrite(
    raw: bytes, fmt: Format, file: str, data: dict[str, Any], parsed: Document | None = None
) -> tuple[bytes, Document | None]:
    """``data`` written over the file text ``raw``: only changed nodes rewritten where that is safe.

    Returns the bytes, and their document when it was read back already (a splice is always
    read back and compared with ``data``; the whole-file rewrite is trusted). ``parsed`` (``raw``
    read before) serves the fast path only: the slow one merges into a round-trip tree, which
    must not be the tree of a state others still hold.
    """
    try:
        current = parsed or load_bytes(raw, fmt, file)
    except GraphError:
        current = Document({}, fmt)  # unreadable now: write it afresh
    if current.source is not None:
        splice = splice_nodes if fmt == "yaml" else splice_json
        spliced = splice(current.source, current.data, data)
        if spliced is not None:
            new_raw = spliced.encode()
            try:
                document = load_bytes(new_raw, fmt, file)
            except GraphError:
                document = None
            if document is not None and document.data == data:
                return new_raw, document
    if current is parsed:
        current = load_bytes(raw, fmt, file)
    return dumps(with_data(current, data)), None


def _checked_state(
    name: str, path: Path, new_raw: bytes, document: Document | None = None, directory: Path | None = None
) -> FileState:
    if len(new_raw) > MAX_FILE_BYTES:
        raise TooLarge(
            f"the graph would be {len(new_raw) / 1024 / 1024:.1f} MiB; graph files are "
            f"limited to {MAX_FILE_BYTES // 1024 // 1024} MiB",
            {"limit": MAX_FILE_BYTES},
        )
    return state_of(name, path, new_raw, document, directory)


def trash_graph(directory: Path, name: str, if_match: str | None) -> Path:
    """Move graph ``name`` to ``.trash/`` under a timestamped name; a graph is never unlinked.

    A graph in a folder is trashed as ``folder.name.<time>.yaml`` (``/`` becomes ``.``;
    names hold no dots, so this reads back). ``if_match`` is optional here.
    """
    check_name(name)
    path = _graph_path(directory, name)
    _check_if_match(_read_bytes(path), if_match, required=False)
    trash = directory.resolve() / TRASH
    trash.mkdir(exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    flat = name.replace("/", ".")
    target = trash / f"{flat}.{stamp}{path.suffix}"
    counter = 1
    while target.exists():
        target = trash / f"{flat}.{stamp}-{counter}{path.suffix}"
        counter += 1
    os.replace(path, target)
    return target


def rename_graph(directory: Path, name: str, to: str) -> Path:
    """Rename graph ``name`` to ``to`` (maybe into another, maybe new, folder); never over another graph."""
    check_name(name)
    check_name(to)
    source = _graph_path(directory, name)
    if to == name:
        return source
    taken = NameTaken(f"a graph named '{to}' already exists", {"name": to})
    if find_graph(directory, to) is not None:
        raise taken
    make_folders(directory, to)
    target = confined(directory, f"{to}{source.suffix}")
    try:
        os.link(source, target)  # fails if the name was taken in between
    except FileExistsError:
        raise taken from None
    except OSError:  # no hard links here (some mounts): check, then rename
        if target.exists():
            raise taken from None
        os.rename(source, target)
    else:
        os.unlink(source)
    return target
