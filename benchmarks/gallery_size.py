"""How long a gallery graph is beside the plain Manim scene it replaces.

For each ``graphs/gallery/<Scene>.yaml``: its node count (the Scene node included) and the
statements of ``construct`` in ``tests/gallery_by_hand/<Scene>.py``, our plain-Manim rendition
of the same Example Gallery scene (blank lines, comments and docstrings not counted; a
statement over several lines counts once). The ratio is nodes per statement.

    .venv/bin/python benchmarks/gallery_size.py
"""

from __future__ import annotations

import ast
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from manim_nodes.document import load_path  # noqa: E402


def construct_statements(script: Path) -> int:
    """Statements in the ``construct`` method, nested ones (a ``def``'s body, a loop's) included."""
    tree = ast.parse(script.read_text())
    construct = next(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == "construct")
    docstrings = {id(n) for n in ast.walk(construct) if isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant)}
    return sum(
        1 for n in ast.walk(construct) if isinstance(n, ast.stmt) and n is not construct and id(n) not in docstrings
    )


def main() -> None:
    rows = []
    for graph in sorted((ROOT / "graphs" / "gallery").glob("*.yaml")):
        nodes = len(load_path(graph).data["nodes"])
        statements = construct_statements(ROOT / "tests" / "gallery_by_hand" / f"{graph.stem}.py")
        rows.append((graph.stem, nodes, statements))
    width = max(len(name) for name, _, _ in rows)
    print(f"{'scene':<{width}}  nodes  statements  nodes/statement")
    for name, nodes, statements in rows:
        print(f"{name:<{width}}  {nodes:5d}  {statements:10d}  {nodes / statements:15.2f}")
    ratios = [nodes / statements for _, nodes, statements in rows]
    print(f"{'median':<{width}}  {'':5}  {'':10}  {statistics.median(ratios):15.2f}")


if __name__ == "__main__":
    main()
