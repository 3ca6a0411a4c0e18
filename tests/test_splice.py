"""Saving only the nodes that changed: the rest of the file is kept byte for byte."""

from __future__ import annotations

import copy
import difflib
import sys
from pathlib import Path
from typing import Any

import pytest

from manim_nodes import store
from manim_nodes.document import load_bytes
from manim_nodes.splice import node_blocks, splice_nodes

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


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.update(name="Renamed"),  # outside nodes
        lambda d: d.update(nodes=dict(reversed(list(d["nodes"].items())))),  # reordered
    ],
    ids=["outside-nodes", "reordered"],
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
