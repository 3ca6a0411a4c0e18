"""Scenes of Manim's Example Gallery written as graphs (graphs/gallery/): each validates, and
draws every frame of the same scene written by hand in plain Manim (tests/gallery_by_hand/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from manim_nodes.export import compile_file

from paths import ROOT
from plain_manim import frames_compared

GALLERY = sorted((ROOT / "graphs" / "gallery").glob("*.yaml"))
BY_HAND = ROOT / "tests" / "gallery_by_hand"


@pytest.mark.parametrize("path", GALLERY, ids=lambda p: p.stem)
def test_gallery_graph_compiles_to_its_scene_class(path: Path) -> None:
    compiled = compile_file(path)
    assert compiled.class_name == path.stem  # the gallery's class name, so the ejected script reads the same
    assert (BY_HAND / f"{path.stem}.py").exists(), "every gallery graph has its hand-written comparison"


@pytest.mark.render
def test_gallery_graphs_draw_the_frames_of_hand_written_manim(tmp_path: Path) -> None:
    results = frames_compared(tmp_path, [(path, BY_HAND / f"{path.stem}.py") for path in GALLERY])
    assert set(results) == {p.stem for p in GALLERY}
    for name, outcome in results.items():
        assert outcome["frames"] > 0 and outcome["identical"], (name, outcome)  # type: ignore[operator]
