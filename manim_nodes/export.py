"""Exporting a graph file to a video or image: load, validate, compile, render."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .compiler import CompiledScene, compile_graph
from .document import load_path
from .manim_run import OutputFormat, Quality, RenderJob, run_manim
from .problems import GraphError
from .validate import placed


def compile_file(path: Path) -> CompiledScene:
    """Compile a graph file; ``GraphError`` carries placed problems if it is invalid."""
    document = load_path(path)
    try:
        return compile_graph(document.data, path.stem, str(path))
    except GraphError as exc:
        raise GraphError(placed(exc.problems, document), str(path)) from None


def export_file(
    path: Path,
    output: Path,
    *,
    quality: Quality,
    fmt: OutputFormat,
    transparent: bool = False,
    timeout: float = 300.0,
    on_progress: Callable[[float], None] | None = None,
) -> float:
    """Render a graph file to ``output``; returns seconds. Raises GraphError or RenderFailed."""
    compiled = compile_file(path)
    job = RenderJob(
        compiled.source,
        compiled.class_name,
        quality=quality,
        format=fmt,
        transparent=transparent,
        animations=compiled.animations,
    )
    return run_manim(job, output, timeout=timeout, on_progress=on_progress)
