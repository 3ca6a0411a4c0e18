"""``manim-nodes diff`` and ``merge`` on a large graph, beside git's own line-based tools.

The baselines, timed in the same run on the same files, are what git does without our
drivers: ``git merge-file`` (a line merge) and ``git diff --no-index``; for ``fmt``, a
plain ruamel.yaml round trip (load and dump) of the file, what any YAML formatter costs.
Every row includes starting a process, as git pays it for every file.

    .venv/bin/python benchmarks/git_tools.py [--nodes 2000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from large_graphs import layered_graph, median_ms  # noqa: E402

CLI = Path(sys.executable).parent / "manim-nodes"
ROUND_TRIP = (
    "import io, sys; from ruamel.yaml import YAML; y = YAML(); s = io.StringIO(); "
    "y.dump(y.load(open(sys.argv[1]).read()), s)"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="git-tools-"))
    try:
        base = layered_graph(args.nodes).decode()
        ours = base.replace(
            "shape5:\n    type: Circle\n    params: {radius: 0.2", "shape5:\n    type: Circle\n    params: {radius: 0.5"
        )
        theirs = base.replace(
            "shape400:\n    type: Circle\n    params: {radius: 0.2",
            "shape400:\n    type: Circle\n    params: {radius: 0.9",
        )
        assert ours != base and theirs != base, "the edits must land"
        files = {name: work / f"{name}.yaml" for name in ("base", "ours", "theirs")}
        for name, text in (("base", base), ("ours", ours), ("theirs", theirs)):
            files[name].write_text(text)
        count = base.count("\n  ") - base.count("\n    ")

        def run(*cmd: str | Path, ok: tuple[int, ...] = (0,)) -> None:
            done = subprocess.run([str(c) for c in cmd], capture_output=True, check=False)
            assert done.returncode in ok, done.stderr.decode()

        def merge(tool: list[str | Path]) -> None:
            target = work / "merged.yaml"
            shutil.copy(files["ours"], target)
            run(*tool, files["base"], target, files["theirs"])

        rows = [
            ("diff (node level)", lambda: run(CLI, "diff", files["base"], files["ours"])),
            ("git diff --no-index", lambda: run("git", "diff", "--no-index", files["base"], files["ours"], ok=(1,))),
            ("textconv (one file)", lambda: run(CLI, "diff", files["base"])),
            ("merge (node level)", lambda: merge([CLI, "merge"])),
            ("git merge-file", lambda: merge(["git", "merge-file"])),
            ("fmt --check", lambda: run(CLI, "fmt", "--check", files["base"], ok=(0, 1))),
            ("ruamel round trip", lambda: run(sys.executable, "-c", ROUND_TRIP, files["base"])),
            ("manim-nodes --version", lambda: run(CLI, "--version")),
        ]
        print(f"{count} nodes, {len(base) / 1024:.0f} KiB; median of {args.repeat}")
        results = {name: median_ms(action, args.repeat) for name, action in rows}
        baseline = {
            "diff (node level)": "git diff --no-index",
            "textconv (one file)": "git diff --no-index",
            "merge (node level)": "git merge-file",
            "fmt --check": "ruamel round trip",
        }
        for name, ms in results.items():
            ratio = f"  {ms / results[baseline[name]]:.1f}x {baseline[name]}" if name in baseline else ""
            print(f"{name:24} {ms:8.0f} ms{ratio}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
