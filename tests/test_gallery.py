"""Scenes of Manim's Example Gallery written as graphs (graphs/gallery/): each validates, and
draws every frame of the same scene written by hand in plain Manim (tests/gallery_by_hand/)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from manim_nodes.export import compile_file

from paths import ROOT

GALLERY = sorted((ROOT / "graphs" / "gallery").glob("*.yaml"))
BY_HAND = ROOT / "tests" / "gallery_by_hand"


@pytest.mark.parametrize("path", GALLERY, ids=lambda p: p.stem)
def test_gallery_graph_compiles_to_its_scene_class(path: Path) -> None:
    compiled = compile_file(path)
    assert compiled.class_name == path.stem  # the gallery's class name, so the ejected script reads the same
    assert (BY_HAND / f"{path.stem}.py").exists(), "every gallery graph has its hand-written comparison"


@pytest.mark.render
def test_gallery_graphs_draw_the_frames_of_hand_written_manim(tmp_path: Path) -> None:
    pairs = [f"{path}:{BY_HAND / (path.stem + '.py')}" for path in GALLERY]
    result = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "same_frames.py"), str(tmp_path / "media"), *pairs],
        capture_output=True, text=True, timeout=600, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    results = json.loads(result.stdout.strip().splitlines()[-1])
    assert set(results) == {p.stem for p in GALLERY}
    for name, outcome in results.items():
        assert outcome["frames"] > 0 and outcome["identical"], (name, outcome)
