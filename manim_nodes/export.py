"""Exporting a graph file to a video or image: load, validate, compile, render.

``manim-nodes render`` uses the same engine as the server: warm workers, and
long videos split into animation ranges rendered in parallel.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .assets import used_assets
from .compiler import CompiledScene, compile_graph
from .document import load_path
from .engine.shutdown import until_signal
from .manim_run import OutputFormat, Quality
from .problems import GraphError
from .store import MAX_DEPTH, StoreError, find_graph
from .subgraphs import directory_resolver, name_in, used_graphs
from .validate import placed


def data_dir_of(graph: Path, data: dict[str, Any], configured: Path | None = None) -> Path:
    """The data dir a graph file's pictures and subgraphs are named from, when no ``--data-dir`` says.

    The configured data dir when the graph is inside it; else the graph's own folder or the
    nearest folder above it (as deep as graph names go) where every picture and every graph
    its Subgraph nodes use exists, so ``graphs/pictures/logo.yaml`` finds ``pictures/nodes.svg``
    in ``graphs/``.
    """
    candidates: list[Path] = []
    if configured is not None:
        with contextlib.suppress(OSError):
            if graph.resolve().is_relative_to(configured.resolve()):
                return configured
    folder = graph.parent
    for _ in range(MAX_DEPTH):
        candidates.append(folder)
        folder = folder.parent
    pictures = used_assets(data)
    graphs = {name for _, name in used_graphs(data)}
    found = next((c for c in candidates if _holds(c, pictures, graphs)), None)
    return found or candidates[0]


def _holds(folder: Path, pictures: frozenset[str], graphs: set[str]) -> bool:
    if not all((folder / p).is_file() for p in pictures):
        return False
    try:
        return all(find_graph(folder, name) is not None for name in graphs)
    except StoreError:  # a name that is no graph name: found nowhere, validation says why
        return False


def compile_file(
    path: Path, data_dir: Path | None = None, configured: Path | None = None, pictures: bool = True
) -> CompiledScene:
    """Compile a graph file, with its pictures read from ``data_dir`` (default: ``data_dir_of``)
    unless ``pictures`` is false (the script alone, to eject); ``GraphError`` carries placed
    problems if it is invalid."""
    document = load_path(path)
    try:
        root = data_dir or data_dir_of(path, document.data, configured)
        resolve, name = directory_resolver(root), name_in(root, path)
        return compile_graph(document.data, path.stem, str(path), root if pictures else None, resolve, name)
    except GraphError as exc:
        raise GraphError(placed(exc.problems, document), str(path)) from None


def export_workers(compiled: CompiledScene, fmt: str, quality: str) -> int:
    """As many workers as the export can use: one per animation range, one per core.

    A low-quality frame costs so little that a second worker's start-up and the join cost more
    than drawing half the frames saves: with one worker ``benchmarks/render_vs_manim.py`` went
    from 1.37x to 1.25x of plain ``manim -ql`` on this 2-core machine.
    """
    if fmt in ("png", "gif") or quality == "low":
        return 1
    return max(1, min(os.cpu_count() or 1, 8, compiled.animations))


async def export_compiled(
    compiled: CompiledScene,
    output: Path,
    *,
    quality: Quality,
    fmt: OutputFormat,
    transparent: bool = False,
    timeout: float = 300.0,
    on_progress: Callable[[float], None] | None = None,
    workers: int | None = None,
    cluster: str | None = None,
) -> float:
    """Render an already compiled scene to ``output`` with a short-lived engine; seconds, start-up included.

    With ``cluster`` (a Dask scheduler's address) it renders on that cluster's workers instead,
    and no local render worker starts.
    """
    started = time.monotonic()
    if cluster is not None:
        from .engine.cluster import ClusterRenderer

        async with ClusterRenderer(cluster) as renderer:
            await renderer.export(compiled, output, quality=quality, fmt=fmt, transparent=transparent,
                                  timeout=timeout, on_progress=on_progress)  # fmt: skip
        return time.monotonic() - started
    from .engine import EngineConfig, RenderEngine

    config = EngineConfig(
        preview_dir=Path(tempfile.gettempdir()) / "manim-nodes" / "preview",  # unused by exports
        export_dir=output.parent,
        quality=quality,
        max_render_time=timeout,
        workers=workers or export_workers(compiled, fmt, quality),
    )
    async with RenderEngine(config) as engine:
        await engine.export(
            compiled, output, quality=quality, fmt=fmt, transparent=transparent, on_progress=on_progress
        )
    return time.monotonic() - started


def export_file(
    path: Path,
    output: Path,
    *,
    quality: Quality,
    fmt: OutputFormat,
    transparent: bool = False,
    timeout: float = 300.0,
    on_progress: Callable[[float], None] | None = None,
    workers: int | None = None,
    data_dir: Path | None = None,
    configured: Path | None = None,
    cluster: str | None = None,
) -> float:
    """Render a graph file to ``output``; returns seconds. Raises GraphError or RenderFailed.

    An ending signal (SIGINT, SIGTERM, SIGHUP, SIGQUIT) cancels the render, whose engine
    then kills the render's process group and removes its temp files; ``Stopped`` follows.
    """
    compiled = compile_file(path, data_dir, configured)
    work = export_compiled(
        compiled,
        output,
        quality=quality,
        fmt=fmt,
        transparent=transparent,
        timeout=timeout,
        on_progress=on_progress,
        workers=workers,
        cluster=cluster,
    )
    return asyncio.run(until_signal(work))
