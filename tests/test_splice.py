"""Saving only the nodes that changed: the rest of the file is kept byte for byte."""

from __future__ import annotations

import copy
import difflib
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from manim_nodes import store
from manim_nodes.document import load_bytes
from manim_nodes.splice import node_blocks, splice_json, splice_nodes

from paths import EXAMPLES

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from large_graphs import layered_graph

GRAPH = """\
version: 1
name: Commented   # the title
nodes:
  # the shape first
  circle:
    type: Circle
    params: {radius: 1.5, color: "#FF0000"}   # red on purpose
    pos: [0, 0]

  square:
    type: Square
    params:
      side_length: 2   # not too big
      color: BLUE
  morph:
    type: Transform
    inputs: {mobject: circle, target: square}
  out:
    type: Scene
    inputs:
      animations: [morph]
scene: {background: "#000000"}
"""


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]  # fmt: skip


def edited(text: str, change: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    old = load_bytes(text.encode(), "yaml").data
    new = copy.deepcopy(old)
    change(new)
    return old, new


def test_one_changed_value_is_one_changed_line() -> None:
    old, new = edited(GRAPH, lambda d: d["nodes"]["square"]["params"].update(side_length=3))
    after = splice_nodes(GRAPH, old, new)
    assert after is not None
    assert changed_lines(GRAPH, after) == [
        "-      side_length: 2   # not too big",
        "+      side_length: 3   # not too big",
    ]
    assert load_bytes(after.encode(), "yaml").data == new


def test_added_and_removed_nodes_leave_the_others_alone() -> None:
    def change(data: dict[str, Any]) -> None:
        data["nodes"] = {
            "circle": data["nodes"]["circle"],
            "dot": {"type": "Dot", "params": {"point": [1, 2]}},
            "square": data["nodes"]["square"],
            "out": {"type": "Scene", "inputs": {"add": ["circle", "dot", "square"]}},
        }

    old, new = edited(GRAPH, change)
    after = splice_nodes(GRAPH, old, new)
    assert after is not None
    assert load_bytes(after.encode(), "yaml").data == new
    assert "  dot:\n    type: Dot\n    params: {point: [1, 2]}\n" in after
    assert "# the shape first" in after and "# red on purpose" in after and "# not too big" in after
    assert "morph" not in after


def test_a_changed_top_level_value_is_one_changed_line() -> None:
    old, new = edited(GRAPH, lambda d: d.update(name="Renamed"))
    after = splice_nodes(GRAPH, old, new)
    assert after is not None
    assert changed_lines(GRAPH, after) == [
        "-name: Commented   # the title",
        "+name: Renamed     # the title",
    ]  # the comment keeps its column


def test_canvas_notes_added_changed_and_removed_leave_the_rest_alone() -> None:
    def add(d: dict[str, Any]) -> None:
        d["canvas"] = {"notes": {"tip": {"text": "line one\nline two", "pos": [0, 0]}}}
        d["nodes"]["square"]["params"]["side_length"] = 3

    old, new = edited(GRAPH, add)
    added = splice_nodes(GRAPH, old, new)
    assert added is not None and load_bytes(added.encode(), "yaml").data == new
    assert added.startswith(GRAPH.split("  square:")[0]), "the lines before the change are kept"
    assert "# not too big" in added and "# the title" in added
    changed = copy.deepcopy(new)
    changed["canvas"]["notes"]["tip"]["pos"] = [5, 5]
    again = splice_nodes(added, new, changed)
    assert again is not None and load_bytes(again.encode(), "yaml").data == changed
    assert len(changed_lines(added, again)) == 2
    removed = copy.deepcopy(changed)
    del removed["canvas"]
    gone = splice_nodes(again, changed, removed)
    assert gone is not None and load_bytes(gone.encode(), "yaml").data == removed
    assert "canvas" not in gone and "# red on purpose" in gone


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.update(nodes=dict(reversed(list(d["nodes"].items())))),  # reordered
        lambda d: d.update({"scene": d.pop("scene"), "version": d.pop("version")}),  # top level reordered
    ],
    ids=["reordered", "top-level-reordered"],
)
def test_other_changes_are_left_to_the_full_save(change: Any) -> None:
    old, new = edited(GRAPH, change)
    assert splice_nodes(GRAPH, old, new) is None


@pytest.mark.parametrize(
    "text",
    [
        "version: 1\nnodes: {a: {type: Circle}, s: {type: Scene, inputs: {add: [a]}}}\n",
        "version: 1\nnodes:\n  a: &c {type: Circle}\n  b: *c\n",
        "{version: 1, nodes: {a: {type: Circle}}}\n",
    ],
    ids=["flow-nodes", "aliases", "flow-document"],
)
def test_unusual_layouts_are_not_cut(text: str) -> None:
    assert node_blocks(text) is None


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_saves_one_value_as_one_line(tmp_path: Path, path: Path) -> None:
    if path.suffix != ".yaml":
        pytest.skip("JSON files are written whole")
    target = tmp_path / path.name
    target.write_bytes(path.read_bytes())
    name = path.stem
    before = store.read_graph(tmp_path, name)
    assert before is not None and before.document is not None
    data = copy.deepcopy(before.document.data)
    node = next(n for n in data["nodes"].values() if n.get("pos"))
    node["pos"] = [node["pos"][0] + 10, node["pos"][1]]
    state, changed = store.save_if_match(tmp_path, name, data, before.etag, previous=before)
    assert changed and state.document is not None and state.document.data == data
    diff = changed_lines(before.raw.decode(), target.read_text())
    assert len(diff) == 2 and "pos:" in diff[0], diff


def test_a_5000_node_graph_saves_and_saves_again(tmp_path: Path) -> None:
    """It used to fail with "too many aliases" (the cap counted every value, not aliases)."""
    (tmp_path / "big.yaml").write_bytes(layered_graph(5000))
    state = store.read_graph(tmp_path, "big")
    assert state is not None and state.document is not None and state.problems == []
    for radius in (0.3, 0.4):
        data = copy.deepcopy(state.document.data)
        data["nodes"]["shape7"]["params"]["radius"] = radius
        before = state.raw.decode()
        state, changed = store.save_if_match(tmp_path, "big", data, state.etag, previous=state)
        assert changed and state.problems == [] and state.document is not None
        assert changed_lines(before, state.raw.decode()) == [
            f"-    params: {{radius: {0.2 if radius == 0.3 else 0.3}, color: BLUE, position: [1, -3]}}",
            f"+    params: {{radius: {radius}, color: BLUE, position: [1, -3]}}",
        ]


# ------------------------------------------------------------------ JSON

PRETTIER = """\
{
    "version": 1,
    "name": "Hand formatted",
    "nodes": {
        "circle": {"type": "Circle", "params": {"radius": 1.5, "color": "RED"}, "pos": [0, 0]},
        "square": {
            "type": "Square",
            "params": {"side_length": 2}
        },
        "out": {"type": "Scene", "inputs": {"add": ["circle", "square"]}}
    }
}
"""


def json_edit(text: str, change: Any) -> tuple[str | None, dict[str, Any]]:
    old = json.loads(text)
    new = copy.deepcopy(old)
    change(new)
    return splice_json(text, old, new), new


def test_json_one_changed_value_is_one_changed_line() -> None:
    after, new = json_edit(PRETTIER, lambda d: d["nodes"]["circle"]["params"].update(radius=2))
    assert after is not None and json.loads(after) == new
    assert changed_lines(PRETTIER, after) == [
        '-        "circle": {"type": "Circle", "params": {"radius": 1.5, "color": "RED"}, "pos": [0, 0]},',
        '+        "circle": {"type": "Circle", "params": {"radius": 2, "color": "RED"}, "pos": [0, 0]},',
    ]


def test_json_added_and_removed_members_keep_the_layout() -> None:
    def change(data: dict[str, Any]) -> None:
        del data["nodes"]["square"]
        data["nodes"]["out"]["inputs"]["add"] = ["circle", "dot"]
        data["nodes"]["dot"] = {"type": "Dot"}
        data["nodes"]["circle"]["params"]["stroke_width"] = 8

    after, new = json_edit(PRETTIER, change)
    assert after is not None and json.loads(after) == new
    assert after == PRETTIER.replace(
        '"color": "RED"}', '"color": "RED", "stroke_width": 8}'
    ).replace(
        '        "square": {\n            "type": "Square",\n            "params": {"side_length": 2}\n        },\n', ""
    ).replace(
        '"add": ["circle", "square"]}}\n', '"add": ["circle", "dot"]}},\n        "dot": {"type": "Dot"}\n'
    )  # fmt: skip


_STYLES = {"indent2": {"indent": 2}, "indent4": {"indent": 4}, "compact": {}, "tight": {"separators": (",", ":")}}
_SCALARS = st.one_of(st.integers(-5, 5), st.floats(-10, 10, allow_nan=False), st.text(max_size=4), st.booleans())


@hypothesis_settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(_STYLES)), st.data())
def test_json_edits_read_back_as_the_new_data(style: str, data: st.DataObject) -> None:
    """Random edits of an example in several layouts: the spliced text always holds exactly the new data."""
    graph = json.loads((Path(__file__).resolve().parent.parent / "graphs" / "number_line.json").read_text())
    text = json.dumps(graph, **_STYLES[style])  # type: ignore[arg-type]
    new = copy.deepcopy(graph)
    node_ids = sorted(new["nodes"])
    for _ in range(data.draw(st.integers(1, 4), label="edits")):
        node = new["nodes"][data.draw(st.sampled_from(node_ids), label="node")]
        action = data.draw(st.sampled_from(["set", "drop", "add", "grow"]), label="action")
        if action == "set":
            node.setdefault("params", {})[data.draw(st.sampled_from(["a", "radius", "color"]))] = data.draw(_SCALARS)
        elif action == "drop" and node.get("params"):
            node["params"].pop(data.draw(st.sampled_from(sorted(node["params"]))))
        elif action == "add":
            new["nodes"][data.draw(st.text("abcxyz", min_size=1, max_size=3), label="new id")] = {"type": "Dot"}
        elif action == "grow" and node.get("pos"):
            node["pos"] = node["pos"] + [data.draw(_SCALARS)]
    after = splice_json(text, graph, new)
    if after is not None:
        assert json.loads(after) == new


def test_a_hand_formatted_json_graph_keeps_its_layout_when_saved(tmp_path: Path) -> None:
    """It used to be rewritten with json.dumps on its first save, every line changed."""
    (tmp_path / "hand.json").write_text(PRETTIER)
    before = store.read_graph(tmp_path, "hand")
    assert before is not None and before.document is not None
    data = copy.deepcopy(before.document.data)
    data["nodes"]["square"]["params"]["side_length"] = 3
    state, changed = store.save_if_match(tmp_path, "hand", data, before.etag)
    assert changed and state.document is not None and state.document.data == data
    assert changed_lines(PRETTIER, (tmp_path / "hand.json").read_text()) == [
        '-            "params": {"side_length": 2}',
        '+            "params": {"side_length": 3}',
    ]


def test_a_multi_line_text_is_written_as_lines() -> None:
    old, new = edited(GRAPH, lambda d: d.update(canvas={"notes": {"tip": {"text": "one\ntwo", "pos": [0, 0]}}}))
    after = splice_nodes(GRAPH, old, new)
    assert after is not None and "text: |-\n        one\n        two\n" in after
    assert load_bytes(after.encode(), "yaml").data == new
