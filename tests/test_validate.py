"""Validation: every problem collected, placed, and worded with a suggestion."""

from __future__ import annotations

from typing import Any

import pytest

from manim_nodes.document import load_bytes
from manim_nodes.validate import validate_data, validate_document

from paths import EXAMPLES


def messages(data: dict[str, Any]) -> list[str]:
    return [p.message for p in validate_data(data)]


def test_valid_graph_has_no_problems(graph: dict[str, Any]) -> None:
    assert validate_data(graph) == []


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_are_valid(path) -> None:  # type: ignore[no-untyped-def]
    document = load_bytes(path.read_bytes(), "json" if path.suffix == ".json" else "yaml")
    assert validate_document(document) == []


def test_version_2_is_refused(graph: dict[str, Any]) -> None:
    graph["version"] = 2
    assert messages(graph) == ["unsupported version 2; this manim-nodes reads format version 1"]


def test_missing_version_and_nodes() -> None:
    assert messages({}) == [
        "missing 'version'; add 'version: 1' at the top",
        "missing 'nodes'; add a 'nodes:' mapping",
    ]


def test_unknown_top_level_key_suggests_and_x_keys_are_kept(graph: dict[str, Any]) -> None:
    graph["nodse"] = {}
    graph["x-tool"] = {"anything": [1, 2]}
    assert messages(graph) == [
        "unknown top-level key 'nodse'; did you mean 'nodes'? (keys starting with x- are kept for tools)"
    ]


def test_unknown_node_type_suggests(graph: dict[str, Any]) -> None:
    graph["nodes"]["circle"]["type"] = "Circel"
    problems = validate_data(graph)
    assert problems[0].message == "unknown node type 'Circel'; did you mean 'Circle'?"
    assert problems[0].path == "/nodes/circle/type"
    assert problems[0].node == "circle"


def test_unknown_port_suggests(graph: dict[str, Any]) -> None:
    graph["nodes"]["circle"]["params"] = {"radus": 2}
    problem = validate_data(graph)[0]
    assert problem.message == "Circle has no port 'radus'; did you mean 'radius'?"
    assert (problem.path, problem.port) == ("/nodes/circle/params/radus", "radus")


def test_wire_to_missing_node_suggests(graph: dict[str, Any]) -> None:
    graph["nodes"]["morph"]["inputs"]["target"] = "sqare"
    problem = validate_data(graph)[0]
    assert problem.message == "no node named 'sqare'; did you mean 'square'?"
    assert problem.path == "/nodes/morph/inputs/target"


def test_wire_to_missing_output(graph: dict[str, Any]) -> None:
    graph["nodes"]["draw"]["inputs"]["mobject"] = "circle.mobjct"
    assert messages(graph) == ["Circle 'circle' has no output 'mobjct'; did you mean 'mobject'?"]


def test_wire_with_named_output_is_fine(graph: dict[str, Any]) -> None:
    graph["nodes"]["draw"]["inputs"]["mobject"] = "circle.mobject"
    assert messages(graph) == []


def test_incompatible_kinds(graph: dict[str, Any]) -> None:
    graph["nodes"]["draw"]["inputs"]["mobject"] = "morph"
    assert messages(graph) == ["'mobject' of Create takes a mobject, but 'morph' gives an animation"]


def test_value_nodes_wire_into_ports_of_their_kind(graph: dict[str, Any]) -> None:
    graph["nodes"]["size"] = {"type": "Number", "params": {"value": 2}}
    graph["nodes"]["shift"] = {"type": "Vector", "params": {"value": [1, 2]}}
    graph["nodes"]["sum"] = {"type": "Add", "inputs": {"a": "shift", "b": "shift"}}
    graph["nodes"]["circle"] = {"type": "Circle", "inputs": {"radius": "size", "position": "sum"}}
    assert messages(graph) == []
    graph["nodes"]["circle"]["inputs"]["radius"] = "sum"
    assert messages(graph) == ["'radius' of Circle takes a number, but 'sum' gives a vector"]


def test_a_wire_into_a_literal_only_kind(graph: dict[str, Any]) -> None:
    graph["nodes"]["circle"]["inputs"] = {"color": "square"}
    assert messages(graph) == [
        "'color' of Circle takes a color (#RRGGBB or a Manim name such as BLUE), but 'square' gives a mobject"
    ]


def test_accepts_restricts_source_types(graph: dict[str, Any]) -> None:
    graph["nodes"]["plot"] = {"type": "Plot", "inputs": {"axes": "circle"}}
    assert messages(graph) == ["'axes' takes Axes or NumberPlane, but 'circle' is a Circle"]


def test_cycle_is_reported_once_with_its_path(graph: dict[str, Any]) -> None:
    graph["nodes"]["a"] = {"type": "NextTo", "inputs": {"mobject": "b", "target": "circle"}}
    graph["nodes"]["b"] = {"type": "Shift", "inputs": {"mobject": "a"}}
    problems = validate_data(graph)
    assert [p.message for p in problems] == ["wires form a cycle: b → a → b; a node cannot depend on itself"]


def test_self_wire_is_a_cycle(graph: dict[str, Any]) -> None:
    graph["nodes"]["circle"]["inputs"] = {"position": "circle"}
    assert any("cycle" in m for m in messages(graph))


def test_port_in_params_and_inputs(graph: dict[str, Any]) -> None:
    graph["nodes"]["size"] = {"type": "Number"}
    graph["nodes"]["circle"]["inputs"] = {"radius": "size"}
    assert messages(graph) == ["'radius' is set in both params and inputs; keep the value or the wire, not both"]


def test_bad_color_suggests_a_name(graph: dict[str, Any]) -> None:
    graph["nodes"]["circle"]["params"]["color"] = "REDD"
    assert messages(graph) == [
        "'color' of Circle must be a color (#RRGGBB or a Manim name such as BLUE), got 'REDD'; did you mean 'RED'?"
    ]


def test_bad_hex_color_and_background(graph: dict[str, Any]) -> None:
    graph["nodes"]["circle"]["params"]["color"] = "#12345"
    graph["scene"] = {"background": "nope"}
    assert messages(graph) == [
        "'nope' is not a color: use #RRGGBB or a Manim name such as BLUE",
        "'color' of Circle must be a color (#RRGGBB or a Manim name such as BLUE), got '#12345'",
    ]


def test_bad_expression(graph: dict[str, Any]) -> None:
    graph["nodes"]["f"] = {"type": "FunctionGraph", "params": {"function": "__import__('os').system('x')"}}
    assert messages(graph) == [
        "bad expression in 'function': unknown function; use one of "
        + ", ".join(__import__("manim_nodes.expressions", fromlist=["FUNCTIONS"]).FUNCTIONS)
    ]


def test_wrong_value_kinds_are_all_collected(graph: dict[str, Any]) -> None:
    graph["nodes"]["circle"]["params"] = {"radius": "big", "z_index": 1.5, "position": [1], "fill_opacity": -1}
    graph["nodes"]["morph"]["params"] = {"rate_func": "smoth", "run_time": True}
    assert sorted(messages(graph)) == sorted(
        [
            "'radius' of Circle must be a number, got 'big'",
            "'z_index' of Circle must be a whole number, got 1.5",
            "'position' of Circle must be a vector [x, y] or [x, y, z], got [1]",
            "'fill_opacity' must be at least 0, got -1",
            "'rate_func' of Transform must be one of "
            + ", ".join(__import__("manim_nodes.catalog.common", fromlist=["RATE_FUNCS"]).RATE_FUNCS)
            + ", got 'smoth'",
            "'run_time' of Transform must be a number, got True",
        ]
    )


def test_object_port_in_params(graph: dict[str, Any]) -> None:
    graph["nodes"]["draw"] = {"type": "Create", "params": {"mobject": "circle"}}
    assert messages(graph) == [
        "'mobject' takes a mobject from another node: move it to 'inputs' as a wire",
    ]


def test_required_list_port(graph: dict[str, Any]) -> None:
    graph["nodes"]["group"] = {"type": "VGroup"}
    assert messages(graph) == ["VGroup 'group' needs 'mobjects': wire mobjects into it"]


def test_list_port_given_one_wire(graph: dict[str, Any]) -> None:
    graph["nodes"]["out"]["inputs"]["animations"] = "draw"
    assert messages(graph) == ["'animations' takes a list of wires, e.g. [a, b]"]


def test_bad_ids_and_wires(graph: dict[str, Any]) -> None:
    graph["nodes"]["2circle"] = {"type": "Circle"}
    graph["nodes"]["draw"]["inputs"]["mobject"] = "circle; import os"
    assert messages(graph) == [
        "'2circle' is not a valid node id: use letters, digits and _, not starting with a digit",
        "'circle; import os' is not a wire: write 'node' or 'node.port'",
    ]


def test_two_scenes(graph: dict[str, Any]) -> None:
    graph["nodes"]["out2"] = {"type": "Scene"}
    assert messages(graph) == ["a graph has one Scene node; 'out2' is a second one besides 'out'"]


def test_animate_needs_a_change(graph: dict[str, Any]) -> None:
    graph["nodes"]["move"] = {"type": "Animate", "inputs": {"mobject": "circle"}}
    assert messages(graph) == [
        "Animate 'move' changes nothing: set one of scale, stretch_to_fit_width, stretch_to_fit_height, width, "
        "shift, move_to, next_to, rotate, set_color, set_fill, set_stroke, set_opacity, set_value, increment_value"
    ]


def test_graph_without_scene_fails_validation_as_it_would_fail_to_render(graph: dict[str, Any]) -> None:
    del graph["nodes"]["out"]
    assert messages(graph) == ["this graph has no Scene node: add one and wire animations into it"]
    raw = b"version: 1\nnodes:\n  c: {type: Circle}\n"
    (problem,) = validate_document(load_bytes(raw, "yaml"))
    assert (problem.path, problem.line) == ("/nodes", 2)  # on the nodes mapping, for file:line:col


def test_a_mistyped_scene_is_one_problem_not_two(graph: dict[str, Any]) -> None:
    graph["nodes"]["out"]["type"] = "Scen"
    found = messages(graph)
    assert len(found) == 1 and "Scene" in found[0] and "no Scene node" not in found[0]


def test_problems_carry_line_and_column() -> None:
    raw = b"""version: 1
nodes:
  circle:
    type: Circle
    params: {radius: big}
  draw:
    type: Create
    inputs: {mobject: circel}
  out: {type: Scene, inputs: {animations: [draw]}}
"""
    problems = validate_document(load_bytes(raw, "yaml", "g.yaml"))
    assert [(p.line, p.column) for p in problems] == [(5, 22), (8, 23)]
    assert problems[1].format("g.yaml") == (
        "g.yaml:8:23: no node named 'circel'; did you mean 'circle'? (at /nodes/draw/inputs/mobject)"
    )


def test_missing_port_is_placed_at_its_node() -> None:
    raw = b"version: 1\nnodes:\n  draw:\n    type: Create\n  out: {type: Scene}\n"
    (problem,) = validate_document(load_bytes(raw, "yaml"))
    assert (problem.line, problem.column) == (3, 3)


# ------------------------------------------------------------ tables and braces


def one_node(type_name: str, **params: Any) -> dict[str, Any]:
    """A graph that shows one node of ``type_name``, braced nodes brace a line."""
    node: dict[str, Any] = {"type": type_name, "params": params}
    nodes: dict[str, Any] = {"line": {"type": "Line"}, "subject": node}
    if type_name.startswith("Brace"):
        node["inputs"] = {"mobject": "line"}
    nodes["out"] = {"type": "Scene", "inputs": {"add": ["line", "subject"]}}
    return {"version": 1, "nodes": nodes}


@pytest.mark.parametrize(
    ("type_name", "table", "expected"),
    [
        (
            "Table",
            [["1", "2"], ["3"]],
            "'table' of Table: row 2 has 1 cell but row 1 has 2: give every row as many cells",
        ),
        ("Table", [["1", 2]], "'table' of Table: row 1, column 2 must be text (quote numbers: \"1\"), got 2"),
        ("Matrix", [[1, True]], "'matrix' of Matrix: row 1, column 2 must be text or a number, got True"),
        ("IntegerMatrix", [[1], [2.5]], "'matrix' of IntegerMatrix: row 2, column 1 must be a whole number, got 2.5"),
        ("DecimalMatrix", [[1.5, "x"]], "'matrix' of DecimalMatrix: row 1, column 2 must be a number, got 'x'"),
        ("Table", [["x" * 201]], "'table' of Table: row 1, column 1 is 201 characters long; a cell holds at most 200"),
        ("Table", [["a"]] * 51, "'table' of Table: has 51 rows; a table has at most 50"),
        ("MathTable", [[0] * 51], "'table' of MathTable: row 1 has 51 cells; a table has at most 50 columns"),
        ("Table", [], "'table' of Table: must be rows of cells, e.g. [[a, b], [c, d]], got []"),
        ("Table", ["ab"], "'table' of Table: row 1 must be a list of cells such as [a, b], got 'ab'"),
    ],
)
def test_bad_tables_name_the_row_and_column(type_name: str, table: Any, expected: str) -> None:
    port = "matrix" if "Matrix" in type_name else "table"
    problems = validate_data(one_node(type_name, **{port: table}))
    assert [(p.message, p.path) for p in problems] == [(expected, f"/nodes/subject/params/{port}")]


def test_a_table_of_the_largest_size_is_valid() -> None:
    assert messages(one_node("MathTable", table=[[1] * 50] * 50, col_labels=[f"c{i}" for i in range(50)])) == []
    assert messages(one_node("Table", table=[["x" * 200, ""]])) == []


def test_table_labels_match_its_rows_and_columns() -> None:
    graph = one_node("Table", table=[["1", "2", "3"]], row_labels=["a"], col_labels=["a", "b"])
    assert messages(graph) == ["'col_labels' has 2 labels but the table has 3 columns: give one per column"]
    graph = one_node("Table", table=[["1"], ["2"]], row_labels=["a"])
    assert messages(graph) == ["'row_labels' has 1 label but the table has 2 rows: give one per row"]


def test_brace_takes_a_named_side_or_any_vector() -> None:
    assert messages(one_node("Brace", direction="UL")) == []
    assert messages(one_node("Brace", direction=[-1, 2])) == []
    assert messages(one_node("BraceLabel", brace_direction=[1, 1, 0])) == []
    assert messages(one_node("Brace", direction="DWN")) == [
        "'direction' of Brace must be one of UP, DOWN, LEFT, RIGHT, UL, UR, DL, DR or a vector [dx, dy], "
        "got 'DWN'; did you mean 'DOWN'?"
    ]
    assert messages(one_node("Brace", direction=[1])) != []


def test_a_vector_wires_into_a_brace_side() -> None:
    graph = one_node("Brace")
    graph["nodes"]["side"] = {"type": "Vector", "params": {"value": [1, 1]}}
    graph["nodes"]["subject"]["inputs"]["direction"] = "side"
    assert messages(graph) == []
    graph["nodes"]["side"] = {"type": "Number"}
    assert messages(graph) == [
        "'direction' of Brace takes one of UP, DOWN, LEFT, RIGHT, UL, UR, DL, DR or a vector [dx, dy], "
        "but 'side' gives a number"
    ]
