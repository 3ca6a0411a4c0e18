"""What ``manim-nodes import`` does: read the script, write the graph, say what was skipped."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from ..document import Document, Format, dumps
from ..formatting import canonical_order, formatted
from ..problems import GraphError
from ..store import atomic_write
from .script import import_script

IMPORT_HELP = """Turn a plain Manim script into a graph, reading its syntax tree (never running it).

Writes SCRIPT's Scene as a graph beside it (scene.py -> scene.yaml) or to -o OUT (.yaml or
.json); refuses to overwrite a file unless told to. What the catalog covers becomes nodes and
wires; everything else is skipped and reported as file:line:col: message, never dropped
silently. With several Scene classes in the script, --scene names the one to import.

Exit status: 0 all imported; 1 imported with things skipped (the graph is still written);
2 nothing written (not valid Python, no Scene, or the output exists).
"""

EXIT_OK = 0
EXIT_SKIPPED = 1
EXIT_NOTHING = 2


def graph_bytes(graph: dict[str, Any], fmt: str) -> bytes:
    """The graph file's bytes in the repository's layout (``manim-nodes fmt``)."""
    kind: Format = "json" if fmt == "json" else "yaml"
    return formatted(dumps(Document(canonical_order(graph), kind)), kind)


def run_import(script: Path, output: Path | None, scene: str | None, fmt: str = "yaml", overwrite: bool = False) -> int:
    """Import ``script`` into ``output`` (default: beside it, same stem); the exit status.

    Problems go to stderr as ``file:line:col: message``. Nothing is written on exit status 2.
    """
    target = output or script.with_suffix(".json" if fmt == "json" else ".yaml")
    if output is not None and output.suffix in (".json", ".yaml", ".yml"):
        fmt = "json" if output.suffix == ".json" else "yaml"
    try:
        source = script.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"{script}: cannot read: {exc}", file=sys.stderr)
        return EXIT_NOTHING
    try:
        result = import_script(source, str(script), scene)
    except GraphError as exc:
        for problem in exc.problems:
            print(problem.format(str(script)), file=sys.stderr)
        return EXIT_NOTHING
    if target.exists() and not overwrite:
        print(f"{target}: already exists; not overwritten (say --force to replace it)", file=sys.stderr)
        return EXIT_NOTHING
    for problem in result.problems:
        print(problem.format(str(script)), file=sys.stderr)
    atomic_write(target, graph_bytes(result.graph, fmt))
    print(f"wrote {target} ({len(result.graph['nodes'])} nodes from {result.scene})", file=sys.stderr)
    return EXIT_SKIPPED if result.problems else EXIT_OK
