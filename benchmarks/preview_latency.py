"""Save-to-preview latency: the render engine against cold ``manim`` on the ejected script.

For every example graph (graphs/*.yaml|json) and a generated 200-node graph,
side by side in one run:

- save-to-PNG: load + compile the file, submit, until ``render.frame``;
  against cold ``manim -ql -s`` on the same script;
- save-to-video: the same, until ``render.finished``; against cold ``manim -ql``;
- unchanged re-save: submit of a scene that did not change, until
  ``render.finished`` (answered from cache); the file's load + validate +
  compile is printed on its own (it is the same for every save).

Each engine run edits a comment at the top of the script so no cached
segment can answer. Medians of ``--repeat`` runs. Targets (issue 3): PNG <=
0.2, video <= 0.4 of cold, cached re-save < 20 ms.

Then, for a graph of 10 animations (issue 13), side by side: a save that
changes only the last animation's ``run_time`` (its earlier segments come from
the cache), a full preview of the same graph, and cold ``manim -ql``. Target:
the last-animation save takes at most 0.35 of the full preview.

    .venv/bin/python benchmarks/preview_latency.py [--repeat 3] [--workers 1] [--timeline-only]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from manim_nodes.compiler import CompiledScene  # noqa: E402
from manim_nodes.engine import EngineConfig, EngineEvent, RenderEngine, default_workers  # noqa: E402
from manim_nodes.export import compile_file  # noqa: E402
from manim_nodes.manim_run import render_environment  # noqa: E402


def generated_graph(path: Path, nodes: int = 200) -> Path:
    """A wide graph: shapes in a grid, each faded in quickly, all wired into one Scene."""
    shapes = (nodes - 1) // 2
    lines = ["version: 1", "name: Generated 200", "nodes:"]
    for i in range(shapes):
        kind = ("Circle", "Square", "Dot")[i % 3]
        x, y = -6.5 + (i % 14), 3.5 - (i // 14)
        size = {"Circle": "radius: 0.3", "Square": "side_length: 0.5", "Dot": "radius: 0.1"}[kind]
        lines += [f"  s{i}:", f"    type: {kind}", f"    params: {{{size}, position: [{x}, {y}], color: BLUE}}"]
        lines += [f"  a{i}:", "    type: FadeIn", f"    inputs: {{mobject: s{i}}}", "    params: {run_time: 0.1}"]
    lines += [
        "  out:",
        "    type: Scene",
        "    inputs:",
        "      animations: [" + ", ".join(f"a{i}" for i in range(shapes)) + "]",
    ]
    path.write_text("\n".join(lines) + "\n")
    return path


def cold_manim(compiled: CompiledScene, workdir: Path, still: bool) -> float:
    workdir.mkdir(parents=True)
    script = workdir / "scene.py"
    script.write_text(compiled.source)
    command = [sys.executable, "-m", "manim", "render", "-ql", "--disable_caching", "--media_dir", "media",
               "-o", "out", *(["-s"] if still else []), script.name, compiled.class_name]  # fmt: skip
    started = time.perf_counter()
    subprocess.run(command, cwd=workdir, env=render_environment(), check=True, capture_output=True, timeout=600)
    return time.perf_counter() - started


async def engine_save(
    engine: RenderEngine, name: str, file: Path, edit: int, resave: bool = False
) -> tuple[float, float, float, float]:
    """Seconds from 'saved' to the frame and to the finished preview, the compile's share, and submit-to-finished."""
    marks: dict[str, float] = {}
    got: list[EngineEvent] = []

    def listen(event: EngineEvent) -> None:
        if event.name in ("render.frame", "render.finished", "render.failed"):
            marks.setdefault(event.name, time.perf_counter())
            got.append(event)

    unsubscribe = engine.subscribe(listen)
    started = time.perf_counter()
    compiled = compile_file(file)
    # each new save changes the script before its first play (a comment: same pixels, every segment's
    # key new); a re-save repeats the last one
    compiled = replace(compiled, source=f"# edit {edit}\n" + compiled.source)
    compiled_at = time.perf_counter()
    job = engine.submit_preview(name, compiled)
    final = await engine.wait(job)
    unsubscribe()
    if final is None or final.name != "render.finished":
        raise SystemExit(f"{name}: preview failed: {final.data if final else 'no result'}")
    if resave != final.data["cached"]:
        raise SystemExit(f"{name}: cached is {final.data['cached']} for {'a re-save' if resave else 'a new save'}")
    finished = marks["render.finished"]
    return marks["render.frame"] - started, finished - started, compiled_at - started, finished - compiled_at


def ten_animations(path: Path, last_run_time: float) -> Path:
    """Ten animations of about a second on five shapes: what a short explainer scene looks like."""
    lines = ["version: 1", "name: Ten animations", "nodes:"]
    plays = []
    for i in range(5):
        kind = ("Circle", "Square", "Triangle", "Star", "RegularPolygon")[i]
        lines += [f"  s{i}:", f"    type: {kind}", f"    params: {{position: [{-4 + 2 * i}, 0], color: BLUE}}"]
        lines += [f"  c{i}:", "    type: Create", f"    inputs: {{mobject: s{i}}}", "    params: {run_time: 1}"]
        plays.append(f"c{i}")
    for i in range(4):
        lines += [f"  i{i}:", "    type: Indicate", f"    inputs: {{mobject: s{i}}}", "    params: {run_time: 1}"]
        plays.append(f"i{i}")
    lines += ["  last:", "    type: FadeOut", "    inputs: {mobject: s4}", f"    params: {{run_time: {last_run_time}}}"]
    plays.append("last")
    lines += ["  out:", "    type: Scene", "    inputs:", "      animations: [" + ", ".join(plays) + "]"]
    path.write_text("\n".join(lines) + "\n")
    return path


async def timed_preview(engine: RenderEngine, name: str, compiled: CompiledScene) -> tuple[float, list[bool]]:
    """Submit to ``render.finished``, and which blocks of its timeline came from the cache."""
    started = time.perf_counter()
    final = await engine.wait(engine.submit_preview(name, compiled))
    if final is None or final.name != "render.finished":
        raise SystemExit(f"{name}: preview failed: {final.data if final else 'no result'}")
    return time.perf_counter() - started, [block["cached"] for block in final.data["timeline"] or []]


async def last_animation_edits(engine: RenderEngine, tmp: Path, repeat: int, edit: int) -> None:
    """A save that changes only the last animation against a full preview and cold manim (issue 13)."""
    full, last, cold = [], [], []
    for run in range(repeat):
        edit += 1
        compiled = compile_file(ten_animations(tmp / "ten.yaml", 1.0 + run / 100))
        cold.append(cold_manim(compiled, tmp / f"ten-{run}", still=False))
        seconds, cached = await timed_preview(
            engine, "ten", replace(compiled, source=f"# edit {edit}\n" + compiled.source)
        )
        if any(cached):
            raise SystemExit(f"a full preview reused segments: {cached}")
        full.append(seconds)
        retimed = compile_file(ten_animations(tmp / "ten.yaml", 1.5 + run / 100))
        retimed = replace(retimed, source=f"# edit {edit}\n" + retimed.source)
        seconds, cached = await timed_preview(engine, "ten", retimed)
        if cached != [True] * 9 + [False]:
            raise SystemExit(f"the last-animation save did not reuse the nine segments before it: {cached}")
        last.append(seconds)
    f, la, c = statistics.median(full), statistics.median(last), statistics.median(cold)
    print()
    print("10 animations, seconds from submit to render.finished (medians):")
    print(f"  full preview {f:.3f}; save changing only the last animation {la:.3f} ({la / f:.2f} of full, "
          f"target <= 0.35); cold manim -ql {c:.3f} (last-animation save {la / c:.2f} of it)")  # fmt: skip


async def example_saves(engine: RenderEngine, files: list[Path], tmp: Path, repeat: int, workers: int) -> int:
    """The per-graph table: save to frame and to video against cold manim, and cached re-saves.
    Returns how many edits it made, so later edits stay new."""
    header = (
        f"{'graph':<22}{'cold -s':>9}{'png':>8}{'ratio':>7}{'cold -ql':>10}{'video':>8}{'ratio':>7}"
        f"{'cached':>9}{'compile':>9}"
    )
    print(f"medians of {repeat} runs, seconds; engine with {workers} warm worker(s), quality low")
    print("png/video: from the save (load + validate + compile included) to the event; cold: manim on the script;")
    print("cached: submit of an unchanged scene to render.finished; compile: load + validate + compile of the file")
    print(header)
    print("-" * len(header))
    worst_png = worst_video = worst_cached = 0.0
    edit = 0
    for file in files:
        name = file.stem
        compiled = compile_file(file)
        cold_s, cold_v, png, video, cached, compiles = [], [], [], [], [], []
        for run in range(repeat):
            work = tmp / f"{name}-{run}"
            cold_s.append(cold_manim(compiled, work / "still", still=True))
            cold_v.append(cold_manim(compiled, work / "video", still=False))
            edit += 1
            frame, finished, compile_seconds, _ = await engine_save(engine, name, file, edit)
            png.append(frame)
            video.append(finished)
            compiles.append(compile_seconds)
            _, _, _, answered = await engine_save(engine, name, file, edit, resave=True)
            cached.append(answered)
        s, v = statistics.median(cold_s), statistics.median(cold_v)
        p, vv, c = statistics.median(png), statistics.median(video), statistics.median(cached)
        k = statistics.median(compiles)
        worst_png, worst_video, worst_cached = max(worst_png, p / s), max(worst_video, vv / v), max(worst_cached, c)
        print(f"{name:<22}{s:>9.3f}{p:>8.3f}{p / s:>7.2f}{v:>10.3f}{vv:>8.3f}{vv / v:>7.2f}{c * 1000:>7.1f}ms"
              f"{k:>9.3f}")  # fmt: skip
    print("-" * len(header))
    print(f"worst ratios: last frame {worst_png:.2f} (target <= 0.20), video {worst_video:.2f} (target <= 0.40), "
          f"cached re-save {worst_cached * 1000:.1f} ms (target < 20 ms)")  # fmt: skip
    return edit


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=default_workers(), help="default: from the core count")
    parser.add_argument("--timeline-only", action="store_true", help="only the 10-animation comparison")
    parser.add_argument("graphs", nargs="*", type=Path)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="manim-nodes-bench-"))
    files = args.graphs or sorted([*ROOT.glob("graphs/*.yaml"), *ROOT.glob("graphs/*.json")])
    config = EngineConfig(preview_dir=tmp / "preview", export_dir=tmp / "exports", quality="low",
                          workers=args.workers, max_render_time=600)  # fmt: skip
    async with RenderEngine(config) as engine:
        edit = 0
        if not args.timeline_only:
            files = [*files, generated_graph(tmp / "generated_200.yaml")]
            edit = await example_saves(engine, files, tmp, args.repeat, args.workers)
        await last_animation_edits(engine, tmp, args.repeat, edit)


if __name__ == "__main__":
    asyncio.run(main())
