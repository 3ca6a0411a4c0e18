"""Load, validation and compile time of large graphs, beside Python's own work on the result.

The baseline is what a user of plain Manim pays for the same scene before it
renders: Python byte-compiling the equivalent script (``compile()``). Both are
timed in one process, in one run; the ratio says how much our checks add.

    .venv/bin/python benchmarks/large_graphs.py [--sizes 100 500 2000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from manim_nodes.compiler import compile_graph  # noqa: E402
from manim_nodes.document import load_bytes  # noqa: E402
from manim_nodes.validate import forget_node_verdicts, validate_document  # noqa: E402


def layered_graph(nodes: int) -> bytes:
    """Shapes, a layout step per shape, an animation per shape, grouped in threes, one Scene."""
    lines = ["version: 1", f"name: Large {nodes}", "nodes:"]
    groups = []
    count = 0
    i = 0
    while count + 4 < nodes:
        lines += [
            f"  shape{i}:",
            "    type: Circle",
            f"    params: {{radius: 0.2, color: BLUE, position: [{i % 12 - 6}, {i // 12 % 7 - 3}]}}",
            f"    pos: [{i * 10}, 0]",
            f"  moved{i}:",
            "    type: Shift",
            f"    inputs: {{mobject: shape{i}}}",
            "    params: {vector: [0.1, 0]}",
            f"  show{i}:",
            "    type: FadeIn",
            f"    inputs: {{mobject: moved{i}}}",
            "    params: {run_time: 0.2, rate_func: smooth}",
        ]
        count += 3
        if i % 3 == 2:
            lines += [
                f"  group{i}:",
                "    type: LaggedStart",
                f"    inputs: {{animations: [show{i - 2}, show{i - 1}, show{i}]}}",
            ]
            groups.append(f"group{i}")
            count += 1
        i += 1
    lines += ["  out:", "    type: Scene", "    inputs:", f"      animations: [{', '.join(groups)}]"]
    return ("\n".join(lines) + "\n").encode()


def median_ms(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 500, 2000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(
        f"{'nodes':>6}{'load':>9}{'validate':>10}{'(first)':>10}{'compile':>9}{'total':>9}"
        f"{'python compile()':>18}{'ratio':>7}"
    )
    for size in args.sizes:
        raw = layered_graph(size)
        document = load_bytes(raw, "yaml")
        assert validate_document(document) == []
        source = compile_graph(document.data, "large").source
        load = median_ms(lambda: load_bytes(raw, "yaml"), args.repeat)  # noqa: B023
        check = median_ms(lambda: validate_document(document), args.repeat)  # noqa: B023
        first = median_ms(lambda: (forget_node_verdicts(), validate_document(document)), args.repeat)  # noqa: B023
        build = median_ms(lambda: compile_graph(document.data, "large"), args.repeat)  # noqa: B023
        python = median_ms(lambda: compile(source, "scene.py", "exec"), args.repeat)  # noqa: B023
        total = load + check + build
        print(
            f"{len(document.data['nodes']):>6}{load:>8.1f}ms{check:>8.1f}ms{first:>8.1f}ms{build:>7.1f}ms{total:>7.1f}ms"
            f"{python:>16.1f}ms{total / python:>7.1f}"
        )
    print("(validate: each node's schema verdict remembered, as after the first read; (first): nothing remembered)")
    print("(compile includes a second validation: nothing compiles unchecked)")


if __name__ == "__main__":
    main()
