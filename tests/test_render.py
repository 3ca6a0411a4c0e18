"""Real Manim renders at low quality: every node type, every example, a few videos."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from manim_nodes.compiler import compile_graph
from manim_nodes.export import compile_file, export_compiled
from manim_nodes.manim_run import RenderFailed, render_environment

from node_samples import SAMPLED_TYPES, all_samples, write_sample_pictures
from paths import EXAMPLES, ROOT

pytestmark = pytest.mark.render

# Types whose sample's last frame is legitimately empty: they remove their mobject,
# hold the frame, only draw attention to a mobject that is not on screen, trace one that stays put,
# or only move the camera.
EMPTY_LAST_FRAME = {"Wait", "FadeOut", "Uncreate", "Unwrite", "ShrinkToCenter", "Circumscribe", "Flash", "FocusOn",
                    "TracedPath", "CameraFrame", "ThreeDCamera", "MoveCamera", "BeginAmbientCameraRotation",
                    "StopAmbientCameraRotation", "Begin3DIllusionCameraRotation", "Stop3DIllusionCameraRotation",
                    "ShowPassingFlash", "RemoveTextLetterByLetter",
                    "Broadcast", "Follow", "StopFollowing"}  # fmt: skip


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """Every node type's sample and every example, rendered by one warm Manim process."""
    out = tmp_path_factory.mktemp("frames")
    write_sample_pictures(out)  # the render runs in ``out``, where the scripts name them
    jobs: dict[str, Any] = {}
    for name, graph in all_samples().items():
        compiled = compile_graph(graph, name, assets_root=out)
        jobs[f"type_{name}"] = {"source": compiled.source, "class_name": compiled.class_name}
    for path in EXAMPLES:
        compiled = compile_file(path)
        jobs[f"example_{path.stem}"] = {"source": compiled.source, "class_name": compiled.class_name}
    (out / "jobs.json").write_text(json.dumps(jobs))
    subprocess.run(
        [sys.executable, str(Path(__file__).parent / "render_samples.py"), str(out / "jobs.json"), str(out)],
        check=True,
        timeout=600,
        env=render_environment(workdir=out),
        cwd=out,
    )
    return out, json.loads((out / "report.json").read_text())


def distinct_colors(png: Path) -> int:
    from PIL import Image

    with Image.open(png) as image:
        return len(image.convert("RGB").getcolors(maxcolors=1 << 16) or [(0, 0)] * (1 << 16))


@pytest.mark.parametrize("type_name", SAMPLED_TYPES, ids=str)
def test_node_type_renders(rendered: tuple[Path, dict[str, str]], type_name: str) -> None:
    out, report = rendered
    assert report[f"type_{type_name}"] == "ok"
    frame = out / f"type_{type_name}.png"
    assert frame.stat().st_size > 0
    if type_name not in EMPTY_LAST_FRAME:
        assert distinct_colors(frame) > 1, "the last frame is blank"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_renders(rendered: tuple[Path, dict[str, str]], path: Path) -> None:
    out, report = rendered
    assert report[f"example_{path.stem}"] == "ok"
    assert distinct_colors(out / f"example_{path.stem}.png") > 2


def probe(video: Path) -> dict[str, float]:
    result = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-count_frames",
            "-select_streams",
            "v:0",
            "-show_entries",
            "stream=nb_read_frames,duration",
            "-of",
            "json",
            str(video),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    stream = json.loads(result.stdout)["streams"][0]
    return {"frames": float(stream["nb_read_frames"]), "duration": float(stream.get("duration", 0))}


def test_low_quality_video_has_the_scene_length(tmp_path: Path) -> None:
    compiled = compile_file(ROOT / "graphs" / "circle_to_square.yaml")
    progress: list[float] = []
    output = tmp_path / "out.mp4"
    asyncio.run(export_compiled(compiled, output, quality="low", fmt="mp4", timeout=120, on_progress=progress.append))
    info = probe(output)
    assert info["frames"] == 45  # Create 1 s + Transform 2 s at 15 fps
    assert progress[-1] == 100.0 and progress == sorted(progress)


def test_ejected_script_runs_under_plain_manim_without_manim_nodes(tmp_path: Path) -> None:
    compiled = compile_file(ROOT / "graphs" / "sine_plot.yaml")
    script = tmp_path / "sine_plot.py"
    script.write_text(compiled.source)
    runner = (
        "import sys, runpy; sys.modules['manim_nodes'] = None; "  # manim_nodes cannot be imported
        f"sys.argv = ['manim', '-ql', '-s', '--media_dir', 'media', 'sine_plot.py', '{compiled.class_name}']; "
        "runpy.run_module('manim', run_name='__main__')"
    )
    result = subprocess.run(
        [sys.executable, "-c", runner],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env=render_environment(workdir=tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert list((tmp_path / "media").rglob("*.png"))


def test_latex_cannot_read_files_or_run_commands(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    graph = {
        "version": 1,
        "nodes": {
            "leak": {"type": "Tex", "params": {"tex": r"\input{/etc/hostname}"}},
            "run": {"type": "Tex", "params": {"tex": rf"\immediate\write18{{touch {marker}}} ok"}},
            "out": {"type": "Scene", "inputs": {"add": ["leak", "run"]}},
        },
    }
    compiled = compile_graph(graph, "latex")
    with pytest.raises(RenderFailed) as caught:
        asyncio.run(export_compiled(compiled, tmp_path / "x.png", quality="low", fmt="png", timeout=120))
    assert "LaTeX" in str(caught.value) or "latex" in str(caught.value).lower()
    assert not marker.exists()
