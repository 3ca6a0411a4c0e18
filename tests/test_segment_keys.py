"""Segment keys (issue 13): per play of a script, a key over everything that runs up to it, so an
edit re-renders from the first play whose key changed."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from manim_nodes.compiler import CompiledScene
from manim_nodes.engine.segments import (
    Play,
    Segment,
    first_to_render,
    plan_segments,
    play_keys,
    plays_of,
    segment_key,
    timeline_blocks,
)
from manim_nodes.export import compile_file

from paths import ROOT


def test_each_play_has_its_node_and_a_key_chained_over_what_came_before() -> None:
    compiled = compile_file(ROOT / "graphs" / "orbit_tour.yaml")
    plays = plays_of(compiled)
    assert plays is not None and [p.node for p in plays] == ["appear", "draw_orbit", "together"]
    keys = play_keys(compiled, plays, "low", None)
    assert len(set(keys)) == 3

    faster = replace(
        compiled, source=compiled.source.replace("run_time=3, rate_func=linear", "run_time=2, rate_func=linear")
    )
    assert play_keys(faster, plays, "low", None)[:2] == keys[:2]
    assert play_keys(faster, plays, "low", None)[2] != keys[2]
    recoloured = replace(compiled, source=compiled.source.replace("color=YELLOW", "color=GREEN"))
    assert all(a != b for a, b in zip(play_keys(recoloured, plays, "low", None), keys, strict=True))
    assert all(a != b for a, b in zip(play_keys(compiled, plays, "medium", None), keys, strict=True))


def test_a_script_with_plays_in_a_loop_has_no_segments() -> None:
    source = (
        "from manim import *\n\n\nclass Loop(Scene):\n    def construct(self):\n"
        "        for _ in range(2):\n            self.play(Create(Circle()))\n"
    )
    assert plays_of(CompiledScene(source, "Loop", 2)) is None
    assert plays_of(CompiledScene(source.replace("Loop(", "Other("), "Loop", 2)) is None


def test_timeline_times_add_up_whole_frames(tmp_path: Path) -> None:
    plays = [Play(10, 10, "a"), Play(12, 13, "b"), Play(14, 14, "c"), Play(15, 15, "out")]
    thumbnails = [tmp_path / f"t{i}.jpg" for i in range(4)]
    segments = [
        Segment(0, tmp_path / "k0.mp4", tmp_path / "k0.json", thumbnails[:1], [15], 15.0),
        Segment(1, tmp_path / "k1.mp4", tmp_path / "k1.json", thumbnails[1:], [8, 8, 15], 15.0),
    ]
    blocks = timeline_blocks(plays, segments, [True, False], lambda path: f"/previews/g/{path.name}")
    assert [(b["index"], b["node"], b["start"], b["end"], b["cached"]) for b in blocks] == [
        (0, "a", 0.0, 1.0, True),
        (1, "b", 1.0, 1.5333, False),
        (2, "c", 1.5333, 2.0667, False),
        (3, "out", 2.0667, 3.0667, False),
    ]
    assert blocks[2]["thumbnail"] == "/previews/g/t2.jpg"


def test_short_plays_share_a_segment_and_an_edit_moves_no_boundary_before_it() -> None:
    assert plan_segments([1.0, 1.0, 2.0]) == [(0, 0), (1, 1), (2, 2)]
    assert plan_segments([0.1] * 25) == [(0, 9), (10, 19), (20, 24)]
    assert plan_segments([0.5, 0.5, 0.3, 0.3, 0.3, 0.3]) == [(0, 1), (2, 5)]
    longer_last = plan_segments([0.1] * 24 + [3.0])
    assert longer_last[:2] == [(0, 9), (10, 19)] and longer_last[2] == (20, 24)
    keys = [f"k{i}" for i in range(3)]
    assert segment_key(keys, 0, 2) != segment_key(keys, 1, 2)  # where a run starts is part of its key


def test_only_a_splittable_scene_starts_at_its_first_missing_segment(tmp_path: Path) -> None:
    there = Segment(0, tmp_path / "a.mp4", tmp_path / "a.json", [tmp_path / "a-0.jpg"], [15], 15.0)
    assert first_to_render([there, there, None], splittable=True) == 2
    assert first_to_render([there, there, None], splittable=False) == 0
    assert first_to_render([there, there], splittable=False) == 2
