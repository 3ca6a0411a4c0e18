"""Wall time of `manim-nodes render` against plain `manim` on the ejected script.

Both run as a user runs them (fresh processes), same quality, same graph, in
one run so the machine's noise hits both alike. Prints the ratio per example.

    .venv/bin/python benchmarks/render_vs_manim.py [--quality low] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
FLAGS = {"low": "l", "medium": "m", "high": "h", "4k": "k"}


def timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True, timeout=900)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quality", default="low", choices=list(FLAGS))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("graphs", nargs="*", type=Path)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from manim_nodes.export import compile_file

    graphs = args.graphs or sorted(p for p in (ROOT / "graphs").iterdir() if p.suffix in (".yaml", ".json"))
    flag = FLAGS[args.quality]
    print(f"{'graph':<22}{'manim-nodes':>13}{'manim':>10}{'ratio':>8}   (median of {args.repeat}, -q{flag})")
    ratios = []
    for graph in graphs:
        compiled = compile_file(graph)
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            script = work / "scene.py"
            script.write_text(compiled.source)
            ours, theirs = [], []
            for _ in range(args.repeat):
                ours.append(
                    timed(
                        [
                            str(BIN / "manim-nodes"),
                            "render",
                            str(graph),
                            "--quality",
                            args.quality,
                            "-o",
                            str(work / "ours.mp4"),
                        ],
                        work,
                    )
                )
                theirs.append(
                    timed(
                        [
                            str(BIN / "manim"),
                            f"-q{FLAGS[args.quality]}",
                            "--disable_caching",
                            "--media_dir",
                            str(work / "media"),
                            str(script),
                            compiled.class_name,
                        ],
                        work,
                    )
                )
        a, b = statistics.median(ours), statistics.median(theirs)
        ratios.append(a / b)
        print(f"{graph.name:<22}{a:>12.2f}s{b:>9.2f}s{a / b:>8.2f}")
    print(f"{'geometric mean':<22}{'':>23}{statistics.geometric_mean(ratios):>8.2f}")


if __name__ == "__main__":
    main()
