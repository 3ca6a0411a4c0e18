"""Loading and saving graph files: YAML and JSON, positions, and hostile input."""

from __future__ import annotations

import copy
import difflib
from pathlib import Path

import pytest

from manim_nodes.document import MAX_FILE_BYTES, dumps, load_bytes, load_path, with_data
from manim_nodes.problems import GraphError, Problem

from paths import ROOT

DESIGN_EXAMPLE = b"""# Comments like this one survive a save from the browser.
version: 1
name: Circle to square          # optional display name (default: file stem)
scene:                          # optional, every key optional
  background: "#1e1e2e"
nodes:                          # mapping keyed by node id: stable, reviewable diffs
  circle:
    type: Circle
    params: {radius: 1.5, color: "#58C4DD"}
    pos: [80, 120]              # editor position, integers
  square:
    type: Square
    params: {side_length: 3, color: RED}
  draw:
    type: Create
    inputs: {mobject: circle}   # a wire: "node" (its default output) or "node.port"
  morph:
    type: Transform
    inputs: {mobject: circle, target: square}
    params: {run_time: 2}
  out:
    type: Scene
    inputs:
      animations: [draw, morph] # list ports take an ordered list of wires
"""


def refusal(raw: bytes, fmt: str = "yaml") -> Problem:
    with pytest.raises(GraphError) as caught:
        load_bytes(raw, fmt, "g.yaml")  # type: ignore[arg-type]
    return caught.value.problems[0]


def problem_of(raw: bytes, fmt: str = "yaml") -> str:
    return refusal(raw, fmt).message


def test_yaml_loads_to_plain_data_with_positions() -> None:
    document = load_bytes(DESIGN_EXAMPLE, "yaml")
    assert document.data["nodes"]["circle"]["params"] == {"radius": 1.5, "color": "#58C4DD"}
    assert type(document.data["nodes"]["circle"]["params"]["radius"]) is float
    assert document.positions["/nodes/morph/inputs/target"] == (19, 39)
    assert document.position("/nodes/morph/params/missing") == document.positions["/nodes/morph/params"]


def test_json_loads_with_positions() -> None:
    document = load_path(ROOT / "graphs" / "number_line.json")
    assert document.format == "json"
    assert document.data["nodes"]["draw"]["inputs"] == {"mobject": "line"}
    assert document.position("/nodes/draw/inputs/mobject") is not None


def test_etag_changes_with_any_byte() -> None:
    a = load_bytes(DESIGN_EXAMPLE, "yaml").etag
    b = load_bytes(DESIGN_EXAMPLE + b"\n", "yaml").etag
    assert a != b


def test_broken_yaml_names_line_and_column() -> None:
    with pytest.raises(GraphError) as caught:
        load_bytes(b"version: 1\nnodes:\n  a: {type: Circle\n", "yaml")
    problem = caught.value.problems[0]
    assert problem.message.startswith("invalid YAML")
    assert problem.line == 4


def test_broken_json_names_line_and_column() -> None:
    with pytest.raises(GraphError) as caught:
        load_bytes(b'{"version": 1,\n "nodes": {,}}', "json")
    assert caught.value.problems[0].line == 2


def test_python_object_tags_are_refused() -> None:
    problem = refusal(b"version: 1\nnodes: !!python/object/apply:os.system ['touch /tmp/x']\n")
    assert (problem.line, problem.column) == (2, 8)  # at the tag
    assert "python/object" in problem.message and "not allowed" in problem.message


def test_custom_tags_are_refused() -> None:
    problem = refusal(b"version: 1\nname: !shout hello\nnodes: {}\n")
    assert (problem.line, problem.column) == (2, 7)
    assert "'!shout'" in problem.message and "not allowed" in problem.message


def test_yaml_alias_bomb_is_refused_quickly() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, cur = chr(96 + i), chr(97 + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    assert "aliases" in problem_of(("\n".join(lines) + "\n").encode())


def test_duplicate_keys_are_refused() -> None:
    problem = refusal(b"version: 1\nnodes: {}\nnodes: {}\n")
    assert problem.line == 3 and "duplicate" in problem.message and "nodes" in problem.message  # the second one
    assert "duplicate" in problem_of(b'{"version": 1, "version": 1}', "json")


def test_file_over_the_cap_is_refused_before_parsing(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"version: 1\nnodes: {}\n" + b"# padding\n" * (5 * 1024 * 1024 // 10))
    with pytest.raises(GraphError) as caught:
        load_path(big)
    assert "MiB" in caught.value.problems[0].message
    assert len(load_bytes(b"version: 1\nnodes: {}\n", "yaml").data) == 2
    assert MAX_FILE_BYTES == 1024 * 1024


def test_not_a_mapping_and_not_utf8_and_nan() -> None:
    assert "mapping" in problem_of(b"- 1\n- 2\n")
    assert "UTF-8" in problem_of(b"version: 1\nname: \xff\xfe\n")
    problem = refusal(b"version: 1\nnodes: {a: {type: Circle, params: {radius: .nan}}}\n")
    assert (problem.path, problem.line) == ("/nodes/a/params/radius", 2) and "finite" in problem.message
    assert "finite" in problem_of(b'{"version": 1, "x": NaN}', "json")


def test_unknown_suffix_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "graph.txt"
    path.write_text("version: 1")
    with pytest.raises(GraphError, match="unknown file type"):
        load_path(path)


def test_editing_one_value_changes_one_line() -> None:
    document = load_bytes(DESIGN_EXAMPLE, "yaml")
    data = copy.deepcopy(document.data)
    data["nodes"]["circle"]["params"]["radius"] = 2
    after = dumps(with_data(document, data)).decode()
    diff = [
        line
        for line in difflib.unified_diff(DESIGN_EXAMPLE.decode().splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert diff == [
        '-    params: {radius: 1.5, color: "#58C4DD"}',
        '+    params: {radius: 2, color: "#58C4DD"}',
    ]


def test_unchanged_save_is_byte_identical() -> None:
    document = load_bytes(DESIGN_EXAMPLE, "yaml")
    assert dumps(with_data(document, copy.deepcopy(document.data))) == DESIGN_EXAMPLE


def test_adding_and_removing_nodes_keeps_comments() -> None:
    document = load_bytes(DESIGN_EXAMPLE, "yaml")
    data = copy.deepcopy(document.data)
    del data["nodes"]["square"]
    data["nodes"]["morph"]["inputs"]["target"] = "dot"
    data["nodes"]["dot"] = {"type": "Dot", "params": {"color": "RED"}, "pos": [10, 20]}
    after = dumps(with_data(document, data)).decode()
    assert "# Comments like this one survive" in after
    assert "# a wire: " in after
    assert "  dot:\n    type: Dot\n    params: {color: RED}\n    pos: [10, 20]\n" in after
    assert load_bytes(after.encode(), "yaml").data == data


def test_new_keys_of_a_node_go_where_the_editor_put_them() -> None:
    document = load_bytes(DESIGN_EXAMPLE, "yaml")
    data = copy.deepcopy(document.data)
    circle = data["nodes"]["circle"]
    data["nodes"]["circle"] = {
        "type": "Circle",
        "params": circle["params"],
        "inputs": {"position": "v"},
        "pos": circle["pos"],
    }
    after = dumps(with_data(document, data)).decode()
    assert '    params: {radius: 1.5, color: "#58C4DD"}\n    inputs: {position: v}\n    pos: [80, 120]' in after


def test_json_saves_stay_stable_json() -> None:
    raw = (ROOT / "graphs" / "number_line.json").read_bytes()
    document = load_bytes(raw, "json")
    again = dumps(with_data(document, document.data))
    assert load_bytes(again, "json").data == document.data
    assert dumps(load_bytes(again, "json")) == again


@pytest.mark.parametrize("path", sorted((ROOT / "graphs").glob("*.yaml")), ids=lambda p: p.name)
def test_examples_round_trip_byte_identical(path: Path) -> None:
    raw = path.read_bytes()
    document = load_bytes(raw, "yaml")
    assert dumps(with_data(document, copy.deepcopy(document.data))) == raw
