"""Frames and notes on the canvas: additive version-1 content that validates, saves with the
file's comments, and never changes the script."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from manim_nodes import store
from manim_nodes.compiler import compile_graph
from manim_nodes.document import load_bytes
from manim_nodes.schema import build_schema
from manim_nodes.validate import validate_data, validate_document

from paths import ROOT

CANVAS: dict[str, Any] = {
    "frames": {"cast": {"title": "The cast", "pos": [-40, -60], "size": [320, 260], "color": "#58C4DD"}},
    "notes": {"todo": {"text": "Slow the morph down?\nTwo seconds feels rushed.", "pos": [400, -60]}},
}

COMMENTED = """\
# The title comment stays.
version: 1
nodes:
  circle:
    type: Circle
    params: {radius: 1.5}   # a big one
    pos: [0, 0]
  out:
    type: Scene
    inputs:
      add: [circle]
    pos: [300, 0]
canvas:
  notes:
    todo:
      text: first thought   # what the note says
      pos: [0, 200]
"""


def with_canvas(graph: dict[str, Any], canvas: Any = CANVAS) -> dict[str, Any]:
    return {**graph, "canvas": copy.deepcopy(canvas)}


def problem_of(graph: dict[str, Any], canvas: Any) -> tuple[str, str]:
    problems = validate_data(with_canvas(graph, canvas))
    assert len(problems) == 1, [p.message for p in problems]
    return problems[0].path, problems[0].message


def test_frames_and_notes_are_valid(graph: dict[str, Any]) -> None:
    assert validate_data(with_canvas(graph)) == []
    assert validate_data(with_canvas(graph, {})) == []
    extras = {"x-tool": 1, "notes": {"n": {"text": "", "pos": [0, 0], "size": [200, 90], "x-by": "me"}}}
    assert validate_data(with_canvas(graph, extras)) == []


def test_the_published_schema_takes_them(graph: dict[str, Any]) -> None:
    validator = Draft202012Validator(build_schema())
    assert list(validator.iter_errors(with_canvas(graph))) == []
    bad = with_canvas(graph, {"frames": {"cast": {"pos": [0, 0], "size": [0, 10]}}})
    assert [e.json_path for e in validator.iter_errors(bad)] == ["$.canvas.frames.cast.size[0]"]


@pytest.mark.parametrize(
    ("canvas", "path", "words"),
    [
        ({"frames": {"a": {"pos": [0, 0], "size": [-10, 40]}}}, "/canvas/frames/a/size", ["above 0", "[-10, 40]"]),
        ({"frames": {"a": {"pos": [0.5, 0], "size": [9, 9]}}}, "/canvas/frames/a/pos", ["whole numbers [x, y]"]),
        ({"frames": {"a": {"pos": [0, 0]}}}, "/canvas/frames/a", ["has no 'size'", "'pos' and 'size'"]),
        ({"frames": {"a": {"pos": [0, 0], "size": [9, 9], "titel": "x"}}}, "/canvas/frames/a/titel", ["'title'?"]),
        ({"frames": {"a": {"pos": [0, 0], "size": [9, 9], "color": "BLU"}}}, "/canvas/frames/a/color", ["'BLUE'?"]),
        ({"frames": {"2nd": {"pos": [0, 0], "size": [9, 9]}}}, "/canvas/frames/2nd", ["not a valid frame id"]),
        ({"frames": [1, 2]}, "/canvas/frames", ["mapping of frame ids"]),
        ({"notes": {"n": {"text": 3, "pos": [0, 0]}}}, "/canvas/notes/n/text", ["must be text"]),
        ({"notes": {"n": "hello"}}, "/canvas/notes/n", ["'text' and 'pos'"]),
        ({"note": {}}, "/canvas/note", ["unknown key 'note'", "'notes'?"]),
        ({"groups": {}}, "/canvas/groups", ["'frames' and 'notes'"]),
        ("tidy", "/canvas", ["must be a mapping"]),
    ],
)
def test_bad_shapes_say_what_is_wrong(graph: dict[str, Any], canvas: Any, path: str, words: list[str]) -> None:
    where, message = problem_of(graph, canvas)
    assert where == path
    assert all(word in message for word in words), message


def test_problems_are_placed_in_the_file() -> None:
    text = COMMENTED.replace("pos: [0, 200]", "pos: [0, 200]\n      size: [0, 80]")
    problems = validate_document(load_bytes(text.encode(), "yaml"))
    assert [(p.path, p.line) for p in problems] == [("/canvas/notes/todo/size", 18)]


def test_the_script_is_the_same_with_or_without_them(graph: dict[str, Any]) -> None:
    graph["nodes"]["circle"]["pos"] = [0, 0]
    plain = compile_graph(graph, "intro", "intro.yaml")
    framed = compile_graph(with_canvas(graph), "intro", "intro.yaml")
    assert framed.source == plain.source
    assert framed.line_nodes == plain.line_nodes


def test_the_bundled_tour_shows_them_and_compiles_as_without() -> None:
    path = ROOT / "graphs" / "orbit_tour.yaml"
    data = load_bytes(path.read_bytes(), "yaml").data
    assert data["canvas"]["frames"] and data["canvas"]["notes"]
    without = {k: v for k, v in data.items() if k != "canvas"}
    assert compile_graph(data, "orbit_tour", str(path)).source == compile_graph(without, "orbit_tour", str(path)).source


def save(tmp_path: Path, change: Any) -> str:
    """Save the commented file after ``change`` edits its data, as a PUT from the browser does."""
    path = tmp_path / "intro.yaml"
    path.write_text(COMMENTED)
    state = store.read_graph(tmp_path, "intro")
    assert state is not None and state.document is not None
    data = copy.deepcopy(state.document.data)
    change(data)
    saved, _ = store.save_if_match(tmp_path, "intro", data, state.etag)
    assert saved.document is not None and saved.document.data == data
    return path.read_text()


def test_editing_a_note_keeps_the_comments(tmp_path: Path) -> None:
    def reword(data: dict[str, Any]) -> None:
        data["canvas"]["notes"]["todo"]["text"] = "second thought\non two lines"

    text = save(tmp_path, reword)
    assert "# The title comment stays." in text
    assert "params: {radius: 1.5}   # a big one" in text
    assert "# what the note says" in text


def test_adding_a_frame_keeps_the_comments(tmp_path: Path) -> None:
    def frame(data: dict[str, Any]) -> None:
        data["canvas"]["frames"] = {"all": {"title": "All", "pos": [-40, -60], "size": [600, 200]}}

    text = save(tmp_path, frame)
    assert "# a big one" in text and "# what the note says" in text
    assert "title: All" in text


def test_moving_a_node_keeps_the_canvas_as_written(tmp_path: Path) -> None:
    def move(data: dict[str, Any]) -> None:
        data["nodes"]["circle"]["pos"] = [20, 40]

    text = save(tmp_path, move)
    assert text == COMMENTED.replace("pos: [0, 0]", "pos: [20, 40]")
