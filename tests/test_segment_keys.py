"""Segment keys (issue 13): per play of a script, a key over everything that runs up to it, so an
edit re-renders from the first play whose key changed."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from manim_nodes.compiler import CompiledScene
from manim_nodes.engine.segments import Play, Segment, first_to_render, plays_of, segment_keys, timeline_blocks
from manim_nodes.export import compile_file

from paths import ROOT


def test_each_play_has_its_node_and_a_key_chained_over_what_came_before() -> None:
    compiled = compile_file(ROOT / "graphs" / "orbit_tour.yaml")
    plays = plays_of(compiled)
    assert plays is not None and [p.node for p in plays] == ["appear", "draw_orbit", "together"]
    keys = segment_keys(compiled, plays, "low", None)
    assert len(set(keys)) == 3

    faster = replace(
        compiled, source=compiled.source.replace("run_time=3, rate_func=linear", "run_time=2, rate_func=linear")
    )
    assert segment_keys(faster, plays, "low", None)[:2] == keys[:2]
    assert segment_keys(faster, plays, "low", None)[2] != keys[2]
    recoloured = replace(compiled, source=compiled.source.replace("color=YELLOW", "color=GREEN"))
    assert all(a != b for a, b in zip(segment_keys(recoloured, plays, "low", None), keys, strict=True))
    assert all(a != b for a, b in zip(segment_keys(compiled, plays, "medium", None), keys, strict=True))


def test_a_script_with_plays_in_a_loop_has_no_segments() -> None:
    source = (
        "from manim import *\n\n\nclass Loop(Scene):\n    def construct(self):\n"
        "        for _ in range(2):\n            self.play(Create(Circle()))\n"
    )
    assert plays_of(CompiledScene(source, "Loop", 2)) is None
    assert plays_of(CompiledScene(source.replace("Loop(", "Other("), "Loop", 2)) is None


def test_timeline_times_add_up_whole_frames(tmp_path: Path) -> None:
    plays = [Play(10, 10, "a"), Play(12, 13, "b"), Play(14, 14, "out")]
    segments = [
        Segment(tmp_path / f"{key}.mp4", tmp_path / f"{key}.jpg", tmp_path / f"{key}.json", frames, 15.0)
        for key, frames in (("k0", 15), ("k1", 8), ("k2", 15))
    ]
    blocks = timeline_blocks(plays, segments, [True, False, False], lambda path: f"/previews/g/{path.name}")
    assert [(b["node"], b["start"], b["end"], b["cached"]) for b in blocks] == [
        ("a", 0.0, 1.0, True),
        ("b", 1.0, 1.5333, False),
        ("out", 1.5333, 2.5333, False),
    ]
    assert blocks[1]["thumbnail"] == "/previews/g/k1.jpg"


def test_only_a_splittable_scene_starts_at_its_first_missing_segment(tmp_path: Path) -> None:
    there = Segment(tmp_path / "a.mp4", tmp_path / "a.jpg", tmp_path / "a.json", 15, 15.0)
    assert first_to_render([there, there, None], splittable=True) == 2
    assert first_to_render([there, there, None], splittable=False) == 0
    assert first_to_render([there, there], splittable=False) == 2
