"""Reading and writing graph files: YAML (round trip, comments kept) and JSON.

A graph file is data, never code: YAML tags other than the plain ones are
refused, aliases are capped so an alias bomb cannot blow up memory, files are
capped in size, and every value is converted to plain JSON types before
anything else looks at it.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError, YAMLWarning
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.scalarstring import LiteralScalarString

from .plain_data import MAX_ALIAS_VALUES, NotPlain, load_json, load_plain
from .problems import GraphError, Problem, pointer

MAX_FILE_BYTES = 1024 * 1024
SUFFIXES: dict[str, Literal["yaml", "json"]] = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}
_PLAIN_TAGS = frozenset("tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "seq", "map"))

Format = Literal["yaml", "json"]
Position = tuple[int, int]


def etag_of(raw: bytes) -> str:
    """The ETag of a file: a hash of its bytes, so any change of content changes it."""
    return hashlib.sha256(raw).hexdigest()[:32]


@dataclass
class Document:
    """A loaded graph file: plain data for validation, the round-trip tree for saving."""

    data: dict[str, Any]
    format: Format
    file: str = ""
    etag: str = ""
    source: str | None = None  # the file's text, for positions and the round-trip tree on demand
    _positions: dict[str, Position] | None = field(default=None, repr=False)
    _tree: Any = field(default=None, repr=False)  # ruamel CommentedMap for YAML

    @property
    def positions(self) -> dict[str, Position]:
        """Where each value sits; parsed on first use (only errors and saves need it)."""
        if self._positions is None:
            self._resolve()
        return self._positions or {}

    @property
    def tree(self) -> Any:
        """The round-trip tree that keeps comments and style, for saving YAML."""
        if self._tree is None and self.format == "yaml" and self.source is not None:
            self._tree = load_tree(self.source, self.file)
        return self._tree

    def _resolve(self) -> None:
        positions: dict[str, Position] = {}
        if self.format == "json":
            positions = _json_positions(self.source or "")
        elif self.source is not None:
            try:  # from libyaml's events: a large file's problems are placed in a fraction of a second
                load_plain(self.source, self.file, positions)
            except (NotPlain, GraphError, YAMLError):
                positions = {}
                _to_plain(self.tree, "", positions, self.file)
        self._positions = positions

    def position(self, path: str) -> Position | None:
        """Line and column (1-based) of a JSON pointer, or of its nearest ancestor."""
        while True:
            if path in self.positions:
                return self.positions[path]
            if not path:
                return None
            path = path.rsplit("/", 1)[0]


def format_of(path: str | Path) -> Format:
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise GraphError([Problem(f"unknown file type '{suffix}'; use .yaml, .yml or .json")], str(path))
    return SUFFIXES[suffix]


def new_yaml() -> YAML:
    """The one YAML configuration we read and write with, so saves keep formatting."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    return yaml


def load_path(path: str | Path) -> Document:
    """Load a graph file, refusing files over the size cap before reading them whole."""
    path = Path(path)
    fmt = format_of(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise GraphError([_too_big(size)], str(path))
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise GraphError([Problem(f"cannot read the file: {exc.strerror or exc}")], str(path)) from None
    return load_bytes(raw, fmt, str(path))


def _too_big(size: int) -> Problem:
    return Problem(
        f"the file is {size / 1024 / 1024:.1f} MiB; graph files are limited to {MAX_FILE_BYTES // 1024 // 1024} MiB"
    )


def load_bytes(raw: bytes, fmt: Format, file: str = "") -> Document:
    """Parse a graph file's bytes. Raises ``GraphError`` with placed problems."""
    if len(raw) > MAX_FILE_BYTES:
        raise GraphError([_too_big(len(raw))], file)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GraphError([Problem(f"the file is not UTF-8 text (byte {exc.start})")], file) from None
    data = load_json(text, file) if fmt == "json" else _load_yaml_fast(text, file)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise GraphError([Problem("the file must hold a mapping with 'version' and 'nodes'", line=1, column=1)], file)
    return Document(data, fmt, file, etag_of(raw), text)


def _load_yaml_fast(text: str, file: str) -> Any:
    """Plain data from the C parser's events, bounded in depth and aliases as it reads.

    What is beyond plain data goes to the round-trip loader, which places the error,
    so ``validate`` and ``render`` accept and refuse exactly the same files.
    """
    try:
        return load_plain(text, file)
    except NotPlain:
        tree = load_tree(text, file)
        return _to_plain(tree, "", {}, file)
    except MarkedYAMLError as exc:
        raise _yaml_error(exc, file) from None


def load_tree(text: str, file: str) -> Any:
    """The round-trip tree of ``text``; ruamel's warnings (a reused anchor, a YAML 1.1 number) are
    not ours to print: what matters about the file is reported as problems."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", YAMLWarning)
        return _load_tree(text, file)


def _load_tree(text: str, file: str) -> Any:
    yaml = new_yaml()
    try:
        node = yaml.compose(io.StringIO(text))
        if node is None:
            return None
        _check_yaml_node(node, file)
        try:
            return yaml.constructor.construct_document(node)
        except (ValueError, TypeError, IndexError, ArithmeticError) as exc:  # ruamel on `!!int junk` and kin
            raise GraphError([Problem(f"invalid YAML: a value cannot be read ({exc})")], file) from None
    except MarkedYAMLError as exc:
        raise _yaml_error(exc, file) from None
    except YAMLError as exc:
        raise GraphError([Problem(f"invalid YAML: {exc}")], file) from None


def _yaml_error(exc: MarkedYAMLError, file: str) -> GraphError:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or "invalid YAML"
    context = f" {exc.context}" if exc.context and "duplicate" not in problem else ""
    line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
    return GraphError([Problem(f"invalid YAML: {problem}{context}".strip(), line=line, column=column)], file)


def _check_yaml_node(root: Node, file: str) -> None:
    """Refuse non-plain tags anywhere, and values added by aliases past a cap (alias bombs).

    A node met a second time is an alias: its size counts again. Nodes written out count
    once, so a large graph with no aliases is never mistaken for a bomb.
    """
    sizes: dict[int, int] = {}
    added = 0

    def size(node: Node) -> int:
        nonlocal added
        if id(node) in sizes:
            added += sizes[id(node)]
            if added > MAX_ALIAS_VALUES:
                mark = node.start_mark
                message = f"aliases expand the file by more than {MAX_ALIAS_VALUES} values (an alias bomb?)"
                raise GraphError([Problem(message, line=mark.line + 1, column=mark.column + 1)], file)
            return sizes[id(node)]
        if node.tag not in _PLAIN_TAGS and not (isinstance(node, ScalarNode) and node.tag is None):
            mark = node.start_mark
            tag = getattr(node.tag, "value", node.tag)
            message = f"YAML tag '{tag}' is not allowed; graph files hold plain data only"
            raise GraphError([Problem(message, line=mark.line + 1, column=mark.column + 1)], file)
        sizes[id(node)] = 1  # guards against recursive aliases
        total = 1
        if isinstance(node, SequenceNode):
            total += sum(size(child) for child in node.value)
        elif isinstance(node, MappingNode):
            total += sum(size(k) + size(v) for k, v in node.value)
        sizes[id(node)] = total
        return total

    size(root)


def _to_plain(value: Any, path: str, positions: dict[str, Position], file: str) -> Any:
    """Convert a round-trip tree to plain JSON types, recording where each value sits."""
    if isinstance(value, CommentedMap):
        result: dict[str, Any] = {}
        for key in value:
            child = pointer(key) if isinstance(key, str) else pointer(str(key))
            try:
                line, column = (
                    value.lc.value(key)
                    if not isinstance(value[key], CommentedMap | CommentedSeq)
                    else value.lc.key(key)
                )
                positions[path + child] = (line + 1, column + 1)
            except (KeyError, TypeError):
                pass
            if not isinstance(key, str):
                where = positions.get(path + child, (None, None))
                raise GraphError([Problem(f"keys must be text, not {key!r}", path + child, *where)], file)
            result[key] = _to_plain(value[key], path + child, positions, file)
        return result
    if isinstance(value, CommentedSeq):
        items = []
        for index, item in enumerate(value):
            try:
                line, column = value.lc.item(index)
                positions[f"{path}/{index}"] = (line + 1, column + 1)
            except (KeyError, TypeError, IndexError):
                pass
            items.append(_to_plain(item, f"{path}/{index}", positions, file))
        return items
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            where = positions.get(path, (None, None))
            raise GraphError([Problem(f"{value} is not a finite number", path, *where)], file)
        return float(value)
    return str(value)


def _json_positions(text: str) -> dict[str, Position]:
    """Positions for JSON come from reading it as YAML (JSON is YAML) with libyaml's events, best effort."""
    positions: dict[str, Position] = {}
    try:
        load_plain(text, "", positions)
    except (NotPlain, GraphError, YAMLError):
        return {}
    return positions


# ---------------------------------------------------------------- writing


def dumps(document: Document) -> bytes:
    """The document's bytes: YAML from its round-trip tree, JSON with stable formatting."""
    if document.format == "json":
        return (json.dumps(document.data, indent=2, ensure_ascii=False) + "\n").encode()
    stream = io.StringIO()
    tree = document.tree
    new_yaml().dump(tree if tree is not None else to_tree(document.data, ""), stream)
    return stream.getvalue().encode()


def with_data(document: Document, data: dict[str, Any]) -> Document:
    """A copy of ``document`` holding ``data``, keeping comments and style of what did not change."""
    tree = None
    if document.format == "yaml":
        try:
            tree = document.tree
        except GraphError:  # libyaml read it, ruamel's parser does not (a whitespace corner): write afresh
            tree = None
        tree = tree if isinstance(tree, CommentedMap) else CommentedMap()
        merge_map(tree, data, "")
    return Document(data, document.format, document.file, document.etag, _positions={}, _tree=tree)


_FLOW_KEYS = frozenset({"params", "inputs", "pos", "scene"})


def to_tree(value: Any, key: str) -> Any:
    """Plain data to round-trip nodes; small maps and lists are written inline."""
    if isinstance(value, dict):
        node = CommentedMap((k, to_tree(v, k)) for k, v in value.items())
        if key in _FLOW_KEYS and all(not isinstance(v, dict) for v in value.values()):
            node.fa.set_flow_style()
        return node
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)  # a note's or a text's lines, written as lines (`|-`)
    if isinstance(value, list):
        seq = CommentedSeq(to_tree(v, "") for v in value)
        if all(not isinstance(v, dict | list) for v in value) or key == "vertices":
            seq.fa.set_flow_style()
        return seq
    return value


def merge_map(tree: CommentedMap, data: dict[str, Any], key: str) -> None:
    for old_key in [k for k in tree if k not in data]:
        del tree[old_key]
    for index, (new_key, value) in enumerate(data.items()):
        if new_key in tree:
            tree[new_key] = _merge(tree[new_key], value, new_key)
        else:  # a new key goes where the new data has it, not at the end
            tree.insert(min(index, len(tree)), new_key, to_tree(value, new_key))


def _merge(old: Any, new: Any, key: str) -> Any:
    if isinstance(old, CommentedMap) and isinstance(new, dict):
        merge_map(old, new, key)
        return old
    if isinstance(old, CommentedSeq) and isinstance(new, list):
        if len(old) == len(new):
            for index, item in enumerate(new):
                old[index] = _merge(old[index], item, "")
            return old
        seq = to_tree(new, key)
        if old.fa.flow_style():
            seq.fa.set_flow_style()
        else:
            seq.fa.set_block_style()
        return seq
    if _same_scalar(old, new):
        return old  # keeps its quoting and number formatting
    if isinstance(new, str) and isinstance(old, str) and type(old) is not str:
        return type(old)(new)  # a quoted string stays quoted the same way
    return to_tree(new, key)


def _same_scalar(old: Any, new: Any) -> bool:
    if isinstance(old, CommentedMap | CommentedSeq) or isinstance(new, dict | list):
        return False
    if isinstance(old, bool) or isinstance(new, bool):
        return isinstance(old, bool) and isinstance(new, bool) and bool(old) == bool(new)
    if isinstance(old, int | float) and isinstance(new, int | float):
        return float(old) == float(new) and isinstance(old, float) == isinstance(new, float)
    if isinstance(old, str) and isinstance(new, str):
        return str(old) == new
    return old is None and new is None
