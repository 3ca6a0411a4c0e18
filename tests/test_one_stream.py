"""One encoder per scene (engine/one_stream.py) writes the video plain Manim writes.

``manim-nodes render`` (the engine's forked children, where one_stream is
installed) against cold ``manim`` on the same script: the same number of frames,
the same timestamps and duration, and, in the lossless transparent mov, the same
pixels in every frame. The lossy mp4 is compared within encoder noise.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import av
import numpy as np
import pytest
from click.testing import CliRunner

from manim_nodes.cli import main
from manim_nodes.export import compile_file
from manim_nodes.manim_run import render_environment

from node_samples import fade_ins
from paths import ROOT
from plain_manim import plain_manim

pytestmark = [pytest.mark.render, pytest.mark.timeout(240)]

PLAYS = 14


def many_plays(path: Path) -> Path:
    """Quick fade-ins, one per play: the case one stream is for."""
    path.write_text(fade_ins(PLAYS))
    return path


def decoded(path: Path) -> tuple[list[np.ndarray], list[int], float]:
    """Every frame as RGBA, its timestamps, and the container's duration in seconds."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        frames = list(container.decode(stream))
        pixels = [f.to_ndarray(format="rgba") for f in frames]
        stamps = [int(f.pts) for f in frames]
        duration = float(container.duration or 0) / av.time_base
    return pixels, stamps, duration


def cold_manim(graph: Path, workdir: Path, fmt: str) -> Path:
    compiled = compile_file(graph)
    return plain_manim(compiled.source, compiled.class_name, workdir, *(["-t"] if fmt == "mov" else []), fmt=fmt)


def engine_render(graph: Path, output: Path, fmt: str) -> Path:
    args = ["render", str(graph), "-o", str(output), "--quality", "low", "--format", fmt]
    result = CliRunner().invoke(main, [*args, *(["--transparent"] if fmt == "mov" else [])])
    assert result.exit_code == 0, result.output
    return output


@pytest.mark.parametrize(
    ("graph", "fmt"),
    [("many_plays", "mov"), ("many_plays", "mp4"), ("pythagoras.yaml", "mov")],
)
def test_one_stream_writes_the_frames_manim_writes(tmp_path: Path, graph: str, fmt: str) -> None:
    source = many_plays(tmp_path / "many.yaml") if graph == "many_plays" else ROOT / "graphs" / graph
    theirs, their_stamps, their_duration = decoded(cold_manim(source, tmp_path / "cold", fmt))
    ours, our_stamps, our_duration = decoded(engine_render(source, tmp_path / f"ours.{fmt}", fmt))
    assert len(ours) == len(theirs) > PLAYS
    assert our_stamps == their_stamps
    assert our_duration == pytest.approx(their_duration) and their_duration > 0
    if fmt == "mov":  # qtrle is lossless: the pixels themselves
        different = [i for i, (a, b) in enumerate(zip(ours, theirs, strict=True)) if not np.array_equal(a, b)]
        assert different == []
    else:  # one x264 stream against many: the same pictures, encoder noise apart
        worst = max(
            float(np.abs(a.astype(np.int16) - b.astype(np.int16)).mean()) for a, b in zip(ours, theirs, strict=True)
        )
        assert worst < 1.5


ENGAGED = """
import sys
from pathlib import Path
from manim import tempconfig
from manim.scene.scene_file_writer import SceneFileWriter
from manim_nodes.engine import one_stream
from manim_nodes.export import compile_file

one_stream.install(SceneFileWriter)
compiled = compile_file(Path(sys.argv[1]))
namespace = {}
exec(compile(compiled.source, "scene.py", "exec"), namespace)
settings = {"quality": "low_quality", "disable_caching": True, "media_dir": sys.argv[2],
            "verbosity": "ERROR", "progress_bar": "none", "output_file": "out"}
with tempconfig(settings):
    namespace[compiled.class_name]().render()
"""


def test_one_stream_writes_one_partial_movie_for_all_plays(tmp_path: Path) -> None:
    media = tmp_path / "media"
    subprocess.run([sys.executable, "-c", ENGAGED, str(many_plays(tmp_path / "many.yaml")), str(media)],
                   env=render_environment(), check=True, capture_output=True, timeout=120)  # fmt: skip
    partials = [p for p in media.rglob("*.mp4") if "partial_movie_files" in p.parts]
    assert len(partials) == 1
    assert len(decoded(next(media.rglob("out.mp4")))[0]) == len(decoded(partials[0])[0]) > PLAYS
