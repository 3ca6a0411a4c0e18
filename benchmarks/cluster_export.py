"""A high-quality export locally against the same export on a Dask cluster (issue 16), in one run.

A graph of 12 animations (``--animations``) is exported at ``--quality`` (high) four ways, by
workers that already have Manim imported (a running engine, as the server's; a cluster after a
warm-up export):

- locally with two render workers (the engine's split export) and on a two-worker LocalCluster;
- locally with one worker and on a one-worker LocalCluster: the cost of the cluster path itself
  (shipping the script, the durations probe as a task, the piece's bytes back, the join).

``manim-nodes render`` without a cluster also starts its workers for each export: that cold
local export is timed too, for what a command-line user sees.

Every export is checked to have the same frame count as the local two-worker one, and the
cluster exports to decode to the same frames as the local ones with as many workers.

    .venv/bin/python benchmarks/cluster_export.py [--quality high] [--animations 12] [--repeat 1]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from manim_nodes.compiler import CompiledScene, compile_graph  # noqa: E402
from manim_nodes.engine import EngineConfig, RenderEngine  # noqa: E402
from manim_nodes.export import export_compiled  # noqa: E402


def twelve_animations(count: int) -> CompiledScene:
    """Shapes created, indicated and moved: a short explainer's worth of animations."""
    nodes: dict[str, dict[str, object]] = {}
    plays = []
    kinds = ("Circle", "Square", "Triangle", "Star")
    for i in range(count):
        shape = f"s{i % 4}"
        if shape not in nodes:
            nodes[shape] = {"type": kinds[i % 4], "params": {"position": [-4.5 + 3 * (i % 4), 0], "color": "BLUE"}}
        step = ("Create", "Indicate", "Wiggle")[(i // 4) % 3]
        nodes[f"a{i}"] = {"type": step, "inputs": {"mobject": shape}, "params": {"run_time": 1}}
        plays.append(f"a{i}")
    nodes["out"] = {"type": "Scene", "inputs": {"animations": plays}}
    return compile_graph({"version": 1, "name": "Twelve animations", "nodes": nodes}, "twelve")


def frames_digest(video: Path) -> tuple[int, str]:
    out = subprocess.run(["ffmpeg", "-v", "error", "-i", str(video), "-map", "0:v", "-f", "framemd5", "-"],
                         check=True, capture_output=True, text=True).stdout  # fmt: skip
    lines = [line for line in out.splitlines() if line and not line.startswith("#")]
    return len(lines), hashlib.sha256("\n".join(line.rsplit(",", 1)[1] for line in lines).encode()).hexdigest()[:12]


async def timed(compiled: CompiledScene, output: Path, quality: str, engine: RenderEngine | None = None,
                **where: object) -> float:  # fmt: skip
    """Seconds of one export: by a running engine, or as ``manim-nodes render`` does (``where``)."""
    started = time.perf_counter()
    if engine is not None:
        await engine.export(compiled, output, quality=quality, fmt="mp4")
    else:
        await export_compiled(compiled, output, quality=quality, fmt="mp4", timeout=3600, **where)  # type: ignore[arg-type]
    return time.perf_counter() - started


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quality", default="high", choices=["low", "medium", "high", "4k"])
    parser.add_argument("--animations", type=int, default=12)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    from distributed import LocalCluster

    compiled = twelve_animations(args.animations)
    tmp = Path(tempfile.mkdtemp(prefix="manim-nodes-cluster-bench-"))
    times: dict[str, list[float]] = {}
    digests: dict[str, tuple[int, str]] = {}
    for workers in (2, 1):
        config = EngineConfig(preview_dir=tmp / "preview", export_dir=tmp, quality=args.quality, workers=workers,
                              max_render_time=3600, temp_dir=tmp / "jobs")  # fmt: skip
        async with (
            LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                         asynchronous=True) as cluster,
            RenderEngine(config) as engine,
        ):  # fmt: skip
            address = cluster.scheduler_address
            await timed(compiled, tmp / f"warm-{workers}.mp4", "low", cluster=address)  # every worker imports Manim
            for run in range(args.repeat):
                for name, engine_or_none, where in (
                    (f"local, {workers} worker(s)", engine, {}),
                    (f"cluster, {workers} worker(s)", None, {"cluster": address}),
                    (f"cold local, {workers} worker(s)", None, {"workers": workers}),
                ):
                    output = tmp / f"{name.replace(', ', '-').replace(' ', '_')}-{run}.mp4"
                    times.setdefault(name, []).append(await timed(compiled, output, args.quality, engine_or_none,
                                                                  **where))  # fmt: skip
                    digests[name] = frames_digest(output)
    print(f"{args.animations} animations, quality {args.quality}, medians of {args.repeat} run(s), seconds")
    for name, values in times.items():
        frames, digest = digests[name]
        print(f"  {name:<24}{statistics.median(values):>8.2f}   {frames} frames, frames digest {digest}")
    local2, cluster2 = (statistics.median(times[f"{k}, 2 worker(s)"]) for k in ("local", "cluster"))
    local1, cluster1 = (statistics.median(times[f"{k}, 1 worker(s)"]) for k in ("local", "cluster"))
    print(
        f"two workers: the cluster takes {cluster2 / local2:.2f}x the local export "
        f"(frames {'identical' if digests['local, 2 worker(s)'] == digests['cluster, 2 worker(s)'] else 'DIFFER'})"
    )
    print(
        f"one worker: the cluster path costs {cluster1 - local1:+.2f} s ({cluster1 / local1:.2f}x) "
        f"(frames {'identical' if digests['local, 1 worker(s)'] == digests['cluster, 1 worker(s)'] else 'DIFFER'})"
    )
    print(
        f"the local two-worker export takes {local2 / local1:.2f}x the one-worker one; "
        f"a cold `manim-nodes render` with two workers {statistics.median(times['cold local, 2 worker(s)']):.2f} s"
    )


if __name__ == "__main__":
    asyncio.run(main())
