"""Plain ``manim`` on a script, as a user runs it: the baseline the engine's output is held to."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from manim_nodes.manim_run import render_environment


def plain_manim(source: str, class_name: str, workdir: Path, *flags: str, fmt: str = "mp4") -> Path:
    """Cold ``manim render -ql`` of ``source`` in ``workdir`` (plus ``flags``); returns the video it wrote."""
    workdir.mkdir(parents=True)
    (workdir / "scene.py").write_text(source)
    subprocess.run([sys.executable, "-m", "manim", "render", "-ql", "--disable_caching", "--media_dir", "media",
                    "-o", "out", "--format", fmt, *flags, "scene.py", class_name],
                   cwd=workdir, env=render_environment(), check=True, capture_output=True, timeout=180)  # fmt: skip
    return next(p for p in (workdir / "media").rglob(f"out.{fmt}") if "partial_movie_files" not in p.parts)
