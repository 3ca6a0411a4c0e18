"""High-quality export: the engine (animation ranges in parallel, joined without re-encoding) against one ``manim -qh``.

Takes the longest example graph (most animations, then longest script) unless
one is named, runs both side by side, checks with ffprobe that the two videos
have the same frame count and duration, and prints the ratio.

    .venv/bin/python benchmarks/export_speed.py [GRAPH] [--quality high] [--workers N]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from manim_nodes.export import compile_file, export_compiled  # noqa: E402
from manim_nodes.manim_run import QUALITY_FLAGS, render_environment  # noqa: E402


def longest_example() -> Path:
    files = [*ROOT.glob("graphs/*.yaml"), *ROOT.glob("graphs/*.json")]
    return max(files, key=lambda f: (compile_file(f).animations, len(compile_file(f).source)))


def probe(path: Path) -> tuple[int, str]:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
         "-show_entries", "stream=nb_read_frames:format=duration", "-of", "json", str(path)],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    data = json.loads(out)
    return int(data["streams"][0]["nb_read_frames"]), data["format"]["duration"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("graph", nargs="?", type=Path)
    parser.add_argument("--quality", default="high", choices=list(QUALITY_FLAGS))
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    graph = args.graph or longest_example()
    compiled = compile_file(graph)
    tmp = Path(tempfile.mkdtemp(prefix="manim-nodes-export-bench-"))
    script = tmp / "scene.py"
    script.write_text(compiled.source)

    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "manim", "render", f"-q{QUALITY_FLAGS[args.quality]}", "--disable_caching",
         "--media_dir", "media", "-o", "single", script.name, compiled.class_name],
        cwd=tmp, env=render_environment(), check=True, capture_output=True,
    )  # fmt: skip
    cold = time.perf_counter() - started
    single = next((tmp / "media").rglob("single.mp4"))

    output = tmp / "engine.mp4"
    started = time.perf_counter()  # the engine's start-up (importing Manim in each worker) is included
    asyncio.run(export_compiled(compiled, output, quality=args.quality, fmt="mp4", timeout=3600, workers=args.workers))
    engine = time.perf_counter() - started

    ours, theirs = probe(output), probe(single)
    print(f"{graph.name}: {compiled.animations} animations, quality {args.quality}, {args.workers} workers")
    print(f"  one manim -q{QUALITY_FLAGS[args.quality]} run  {cold:7.2f} s   {theirs[0]} frames, {theirs[1]} s")
    print(f"  engine export      {engine:7.2f} s   {ours[0]} frames, {ours[1]} s")
    print(f"  ratio engine/manim {engine / cold:7.2f}   identical frames and duration: {ours == theirs}")
    if ours != theirs:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
