"""Plain ``manim`` on a script, as a user runs it: the baseline the engine's output is held to."""

from __future__ import annotations

import json
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


def frames_compared(workdir: Path, pairs: list[tuple[Path, Path]]) -> dict[str, dict[str, object]]:
    """Each graph's script and its hand-written scene rendered by plain Manim in one child
    process (tests/same_frames.py), and per graph whether every written frame is the same."""
    script = Path(__file__).parent / "same_frames.py"
    arguments = [f"{graph}:{hand}" for graph, hand in pairs]
    result = subprocess.run([sys.executable, str(script), str(workdir / "media"), *arguments],
                            capture_output=True, text=True, timeout=600, cwd=workdir)  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]
