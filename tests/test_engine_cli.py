"""``manim-nodes render`` goes through the engine: real Manim, low quality."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from manim_nodes.cli import main

EXAMPLE = Path(__file__).resolve().parent.parent / "graphs" / "circle_to_square.yaml"

pytestmark = [pytest.mark.render, pytest.mark.timeout(120)]


def frames(path: Path) -> int:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
         "-show_entries", "stream=nb_read_frames", "-of", "json", str(path)],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    return int(json.loads(out)["streams"][0]["nb_read_frames"])


@pytest.mark.parametrize("fmt", ["mp4", "png"])
def test_render_command_exports_through_the_engine(tmp_path: Path, fmt: str) -> None:
    output = tmp_path / f"out.{fmt}"
    result = CliRunner().invoke(main, ["render", str(EXAMPLE), "-o", str(output), "--quality", "low",
                                       "--format", fmt])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"Wrote {output}" in result.output
    if fmt == "png":
        assert output.read_bytes()[:4] == b"\x89PNG"
    else:
        assert frames(output) == 45  # 3 s at 15 fps, the same as one manim -ql run
