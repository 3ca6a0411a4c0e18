"""The node-level diff and three-way merge of graphs."""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from manim_nodes.graph_merge import MISSING, diff_graphs, merge_graphs, same


def graph(**nodes: dict[str, Any]) -> dict[str, Any]:
    return {"version": 1, "name": "g", "nodes": nodes}


BASE = graph(
    c={"type": "Circle", "params": {"radius": 1, "color": "BLUE"}, "pos": [0, 0]},
    sq={"type": "Square", "params": {"side_length": 2}},
    show={"type": "Create", "inputs": {"mobject": "c"}},
)


def edited(doc: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """A deep copy with ``path=value`` changes; a path is ``node__key__member``; MISSING deletes."""
    out = copy.deepcopy(doc)
    for path, value in changes.items():
        *parents, last = path.split("__")
        target = out["nodes"]
        for part in parents:
            target = target.setdefault(part, {})
        if value is MISSING:
            target.pop(last, None)
        else:
            target[last] = value
    return out


def test_same_tells_numbers_booleans_and_floats_apart() -> None:
    assert not same(1, True)
    assert not same(1, 1.0)
    assert same({"a": [1, {"b": 2}]}, {"a": [1, {"b": 2}]})
    assert same({"a": 1, "b": 2}, {"b": 2, "a": 1})


def test_changes_to_different_nodes_both_survive() -> None:
    ours = edited(BASE, c__params__radius=2)
    theirs = edited(BASE, sq__params__side_length=3)
    result = merge_graphs(BASE, ours, theirs)
    assert result.clean
    assert result.graph["nodes"]["c"]["params"]["radius"] == 2
    assert result.graph["nodes"]["sq"]["params"]["side_length"] == 3


def test_changes_to_different_ports_of_one_node_both_survive() -> None:
    ours = edited(BASE, c__params__radius=2)
    theirs = edited(BASE, c__params__color="RED", c__pos=[5, 5])
    result = merge_graphs(BASE, ours, theirs)
    assert result.clean
    assert result.graph["nodes"]["c"] == {"type": "Circle", "params": {"radius": 2, "color": "RED"}, "pos": [5, 5]}


def test_a_node_added_on_our_side_survives_an_old_copy_saved_elsewhere() -> None:
    """The text editor's copy was read before the browser added `dot`: both edits stay."""
    ours = edited(BASE, dot={"type": "Dot"})
    theirs = edited(BASE, c__params__radius=5)
    result = merge_graphs(BASE, ours, theirs)
    assert result.clean
    assert "dot" in result.graph["nodes"]
    assert result.graph["nodes"]["c"]["params"]["radius"] == 5


def test_a_new_node_is_placed_after_its_neighbour() -> None:
    ours = edited(BASE, dot={"type": "Dot"})
    ours["nodes"] = {k: ours["nodes"][k] for k in ["c", "dot", "sq", "show"]}
    result = merge_graphs(BASE, ours, edited(BASE, c__params__radius=5))
    assert list(result.graph["nodes"]) == ["c", "dot", "sq", "show"]


def test_the_same_value_changed_two_ways_is_a_conflict_settled_for_the_preferred_side() -> None:
    ours = edited(BASE, c__params__radius=2)
    theirs = edited(BASE, c__params__radius=5)
    for prefer, expected in (("ours", 2), ("theirs", 5)):
        result = merge_graphs(BASE, ours, theirs, prefer=prefer)  # type: ignore[arg-type]
        assert result.graph["nodes"]["c"]["params"]["radius"] == expected
        [conflict] = result.conflicts
        assert conflict.path == ("nodes", "c", "params", "radius")
        assert conflict.node == "c"
        assert conflict.to_json()["ours"] == {"value": 2}
        assert conflict.to_json()["theirs"] == {"value": 5}


def test_the_same_change_on_both_sides_is_no_conflict() -> None:
    both = edited(BASE, c__params__radius=2)
    assert merge_graphs(BASE, both, copy.deepcopy(both)).clean


def test_a_node_deleted_on_one_side_and_changed_on_the_other_is_kept_and_reported() -> None:
    ours = edited(BASE, c__params__radius=2)
    theirs = edited(BASE, c=MISSING)
    result = merge_graphs(BASE, ours, theirs)
    assert result.graph["nodes"]["c"]["params"]["radius"] == 2
    [conflict] = result.conflicts
    assert conflict.path == ("nodes", "c") and conflict.theirs is MISSING
    assert "value" not in conflict.to_json()["theirs"]


def test_a_deletion_on_one_side_of_an_unchanged_node_is_taken() -> None:
    result = merge_graphs(BASE, copy.deepcopy(BASE), edited(BASE, sq=MISSING))
    assert result.clean and "sq" not in result.graph["nodes"]


def test_a_port_reset_to_its_default_on_one_side_merges_with_a_change_elsewhere() -> None:
    ours = edited(BASE, c__params__color=MISSING)
    theirs = edited(BASE, c__params__radius=3)
    result = merge_graphs(BASE, ours, theirs)
    assert result.clean
    assert result.graph["nodes"]["c"]["params"] == {"radius": 3}


def test_nodes_added_on_both_sides_under_one_id_merge_by_port() -> None:
    ours = edited(BASE, d={"type": "Dot", "params": {"radius": 0.1}})
    theirs = edited(BASE, d={"type": "Dot", "params": {"color": "RED"}})
    result = merge_graphs(BASE, ours, theirs)
    assert result.clean
    assert result.graph["nodes"]["d"] == {"type": "Dot", "params": {"color": "RED", "radius": 0.1}}


def test_the_inputs_are_not_changed() -> None:
    base, ours, theirs = BASE, edited(BASE, c__params__radius=2), edited(BASE, sq__params__side_length=3)
    before = json.dumps([base, ours, theirs])
    merge_graphs(base, ours, theirs)
    assert json.dumps([base, ours, theirs]) == before


def test_diff_names_added_removed_and_changed_values() -> None:
    new = edited(BASE, dot={"type": "Dot"}, sq=MISSING, c__params__radius=2, c__pos=MISSING)
    new["scene"] = {"background": "#000000"}
    diff = diff_graphs(BASE, new)
    assert diff.added == ["dot"]
    assert diff.removed == ["sq"]
    assert [c.to_json() for c in diff.changed] == [
        {"path": ["nodes", "c", "params", "radius"], "old": 1, "new": 2},
        {"path": ["nodes", "c", "pos"], "old": [0, 0]},
        {"path": ["scene"], "new": {"background": "#000000"}},
    ]
    assert diff_graphs(BASE, copy.deepcopy(BASE)).empty


# ---------------------------------------------------------------- properties

values = st.one_of(st.integers(-3, 3), st.booleans(), st.sampled_from(["RED", "BLUE"]), st.just(MISSING))
node_ids = st.sampled_from(["a", "b", "c"])
ports = st.sampled_from(["x", "y"])
edits = st.lists(st.tuples(node_ids, ports, values), max_size=5)


def apply(doc: dict[str, Any], changes: list[tuple[str, str, Any]]) -> dict[str, Any]:
    out = copy.deepcopy(doc)
    for node, port, value in changes:
        params = out["nodes"].setdefault(node, {"type": "Dot"}).setdefault("params", {})
        if value is MISSING:
            params.pop(port, None)
        else:
            params[port] = value
    return out


START = graph(a={"type": "Dot", "params": {"x": 0}}, b={"type": "Dot", "params": {"y": 1}})


@hypothesis_settings(max_examples=300, deadline=None)
@given(edits, edits)
def test_merging_two_edit_lists_keeps_every_edit_that_does_not_collide(mine: Any, yours: Any) -> None:
    ours, theirs = apply(START, mine), apply(START, yours)
    result = merge_graphs(START, ours, theirs)
    conflicted = {c.path for c in result.conflicts}
    for side in (ours, theirs):
        for change in diff_graphs(START, side).changed:
            if any(change.path[: len(p)] == p for p in conflicted):
                continue
            node = result.graph["nodes"][change.path[1]]
            got: Any = node
            for part in change.path[2:]:
                got = got.get(part, MISSING) if isinstance(got, dict) else MISSING
            assert same(got, change.new), (change, result.graph)
    assert merge_graphs(START, ours, ours).graph == ours
    assert same(merge_graphs(START, START, theirs).graph, theirs)
    assert same(merge_graphs(START, ours, START).graph, ours)


def test_canvas_notes_and_frames_merge_one_by_one() -> None:
    base = {**BASE, "canvas": {"notes": {"n1": {"text": "a", "pos": [0, 0]}}, "frames": {}}}
    ours = copy.deepcopy(base)
    ours["canvas"]["notes"]["n1"]["text"] = "changed here"
    theirs = copy.deepcopy(base)
    theirs["canvas"]["notes"]["n2"] = {"text": "new there", "pos": [9, 9]}
    result = merge_graphs(base, ours, theirs)
    assert result.clean
    assert result.graph["canvas"]["notes"] == {
        "n1": {"text": "changed here", "pos": [0, 0]},
        "n2": {"text": "new there", "pos": [9, 9]},
    }
