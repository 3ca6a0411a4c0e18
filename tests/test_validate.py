"""Validation: every problem collected, placed, and worded with a suggestion."""

from __future__ import annotations

from typing import Any

import pytest

from manim_nodes.catalog.common import RATE_FUNCS
from manim_nodes.document import load_bytes
from manim_nodes.expressions import FUNCTIONS
from manim_nodes.problems import Problem
from manim_nodes.validate import validate_data, validate_document

from paths import EXAMPLES


def messages(data: dict[str, Any]) -> list[str]:
    return [p.message for p in validate_data(data)]


def only_problem(data: dict[str, Any]) -> Problem:
    """The one problem in ``data``: one mistake is reported once, not as a cascade."""
    problems = validate_data(data)
    assert len(problems) == 1, [p.message for p in problems]
    return problems[0]


def place(problem: Problem) -> tuple[str, str | None, str | None]:
    """Where the editor and ``file:line:col`` put a problem: its JSON pointer, node and port."""
    return (problem.path, problem.node, problem.port)


def says(problem: Problem, *words: str) -> bool:
    """The message names each of ``words`` (the culprit, the fix), whatever else it says."""
    return all(word in problem.message for word in words)


def test_valid_graph_has_no_problems(graph: dict[str, Any]) -> None:
    assert validate_data(graph) == []


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_are_valid(path) -> None:  # type: ignore[no-untyped-def]
    document = load_bytes(path.read_bytes(), "json" if path.suffix == ".json" else "yaml")
    assert validate_document(document) == []


def test_version_2_is_refused(graph: dict[str, Any]) -> None:
    graph["version"] = 2
    problem = only_problem(graph)
    assert problem.path == "/version"
    assert says(problem, "unsupported version 2", "version 1")


def test_missing_version_and_nodes() -> None:
    missing_version, missing_nodes = validate_data({})
    assert says(missing_version, "missing 'version'", "version: 1")
    assert says(missing_nodes, "missing 'nodes'", "nodes:")


def test_unknown_top_level_key_suggests_and_x_keys_are_kept(graph: dict[str, Any]) -> None:
    graph["nodse"] = {}
    graph["x-tool"] = {"anything": [1, 2]}
    problem = only_problem(graph)  # x-tool is not reported
    assert problem.path == "/nodse"
    assert says(problem, "'nodse'", "did you mean 'nodes'?", "x-")


def test_unknown_node_type_suggests(graph: dict[str, Any]) -> None:
    graph["nodes"]["circle"]["type"] = "Circel"
    problem = only_problem(graph)
    assert place(problem) == ("/nodes/circle/type", "circle", None)
    assert says(problem, "'Circel'", "did you mean 'Circle'?")


def test_unknown_port_suggests(graph: dict[str, Any]) -> None:
    graph["nodes"]["circle"]["params"] = {"radus": 2}
    problem = only_problem(graph)
    assert place(problem) == ("/nodes/circle/params/radus", "circle", "radus")
    assert says(problem, "'radus'", "did you mean 'radius'?")


def test_wire_to_missing_node_suggests(graph: dict[str, Any]) -> None:
    graph["nodes"]["morph"]["inputs"]["target"] = "sqare"
    problem = only_problem(graph)
    assert place(problem) == ("/nodes/morph/inputs/target", "morph", "target")
    assert says(problem, "'sqare'", "did you mean 'square'?")


def test_wire_to_missing_output(graph: dict[str, Any]) -> None:
    graph["nodes"]["draw"]["inputs"]["mobject"] = "circle.mobjct"
    problem = only_problem(graph)
    assert place(problem) == ("/nodes/draw/inputs/mobject", "draw", "mobject")
    assert says(problem, "'mobjct'", "did you mean 'mobject'?")


def test_wire_with_named_output_is_fine(graph: dict[str, Any]) -> None:
    graph["nodes"]["draw"]["inputs"]["mobject"] = "circle.mobject"
    assert messages(graph) == []


def test_incompatible_kinds(graph: dict[str, Any]) -> None:
    graph["nodes"]["draw"]["inputs"]["mobject"] = "morph"
    problem = only_problem(graph)
    assert place(problem) == ("/nodes/draw/inputs/mobject", "draw", "mobject")
    assert says(problem, "takes a mobject", "'morph' gives an animation")


def test_value_nodes_wire_into_ports_of_their_kind(graph: dict[str, Any]) -> None:
    graph["nodes"]["size"] = {"type": "Number", "params": {"value": 2}}
    graph["nodes"]["shift"] = {"type": "Vector", "params": {"value": [1, 2]}}
    graph["nodes"]["sum"] = {"type": "Add", "inputs": {"a": "shift", "b": "shift"}}
    graph["nodes"]["circle"] = {"type": "Circle", "inputs": {"radius": "size", "position": "sum"}}
    assert messages(graph) == []
    graph["nodes"]["circle"]["inputs"]["radius"] = "sum"
    problem = only_problem(graph)
    assert place(problem) == ("/nodes/circle/inputs/radius", "circle", "radius")
    assert says(problem, "takes a number", "'sum' gives a vector")


def test_a_wire_into_a_literal_only_kind(graph: dict[str, Any]) -> None:
    graph["nodes"]["circle"]["inputs"] = {"color": "square"}
    problem = only_problem(graph)
    assert place(problem) == ("/nodes/circle/inputs/color", "circle", "color")
    assert says(problem, "#RRGGBB", "'square' gives a mobject")


def test_accepts_restricts_source_types(graph: dict[str, Any]) -> None:
    graph["nodes"]["plot"] = {"type": "Plot", "inputs": {"axes": "circle"}}
    problem = only_problem(graph)
    assert place(problem) == ("/nodes/plot/inputs/axes", "plot", "axes")
    assert says(problem, "Axes or NumberPlane", "'circle' is a Circle")


def test_cycle_is_reported_once_with_its_path(graph: dict[str, Any]) -> None:
    graph["nodes"]["a"] = {"type": "NextTo", "inputs": {"mobject": "b", "target": "circle"}}
    graph["nodes"]["b"] = {"type": "Shift", "inputs": {"mobject": "a"}}
    problem = only_problem(graph)
    assert (problem.path, problem.node) == ("/nodes/a/inputs", "a")
    assert says(problem, "cycle", "b → a → b")


def test_self_wire_is_a_cycle(graph: dict[str, Any]) -> None:
    graph["nodes"]["circle"]["inputs"] = {"position": "circle"}
    assert any("cycle" in m for m in messages(graph))


def test_port_in_params_and_inputs(graph: dict[str, Any]) -> None:
    graph["nodes"]["size"] = {"type": "Number"}
    graph["nodes"]["circle"]["inputs"] = {"radius": "size"}
    problem = only_problem(graph)
    assert place(problem) == ("/nodes/circle/inputs/radius", "circle", "radius")
    assert says(problem, "both params and inputs")


def test_bad_color_suggests_a_name(graph: dict[str, Any]) -> None:
    graph["nodes"]["circle"]["params"]["color"] = "REDD"
    problem = only_problem(graph)
    assert place(problem) == ("/nodes/circle/params/color", "circle", "color")
    assert says(problem, "got 'REDD'", "did you mean 'RED'?")


def test_bad_hex_color_and_background(graph: dict[str, Any]) -> None:
    graph["nodes"]["circle"]["params"]["color"] = "#12345"
    graph["scene"] = {"background": "nope"}
    background, color = validate_data(graph)
    assert place(background) == ("/scene/background", None, None) and says(background, "'nope'", "#RRGGBB")
    assert place(color) == ("/nodes/circle/params/color", "circle", "color") and says(color, "got '#12345'")
    assert "did you mean" not in color.message  # nothing near enough to suggest


def test_bad_expression(graph: dict[str, Any]) -> None:
    graph["nodes"]["f"] = {"type": "FunctionGraph", "params": {"function": "__import__('os').system('x')"}}
    problem = only_problem(graph)
    assert place(problem) == ("/nodes/f/params/function", "f", "function")
    assert says(problem, "bad expression", "unknown function", ", ".join(FUNCTIONS))  # the fix: what is allowed


def test_wrong_value_kinds_are_all_collected(graph: dict[str, Any]) -> None:
    graph["nodes"]["circle"]["params"] = {"radius": "big", "z_index": 1.5, "position": [1], "fill_opacity": -1}
    graph["nodes"]["morph"]["params"] = {"rate_func": "smoth", "run_time": True}
    found = {problem.path: problem for problem in validate_data(graph)}
    expected = {
        "/nodes/circle/params/radius": ("number", "got 'big'"),
        "/nodes/circle/params/z_index": ("whole number", "got 1.5"),
        "/nodes/circle/params/position": ("vector", "got [1]"),
        "/nodes/circle/params/fill_opacity": ("at least 0", "got -1"),
        "/nodes/morph/params/rate_func": (", ".join(RATE_FUNCS), "got 'smoth'"),
        "/nodes/morph/params/run_time": ("number", "got True"),
    }
    assert set(found) == set(expected)  # every one collected, none stops the others
    for path, words in expected.items():
        assert found[path].port == path.rsplit("/", 1)[1] and found[path].node == path.split("/")[2]
        assert says(found[path], *words), found[path].message


def test_object_port_in_params(graph: dict[str, Any]) -> None:
    graph["nodes"]["draw"] = {"type": "Create", "params": {"mobject": "circle"}}
    problem = only_problem(graph)
    assert place(problem) == ("/nodes/draw/params/mobject", "draw", "mobject")
    assert says(problem, "move it to 'inputs'")


def test_required_list_port(graph: dict[str, Any]) -> None:
    graph["nodes"]["group"] = {"type": "VGroup"}
    problem = only_problem(graph)
    assert place(problem) == ("/nodes/group", "group", "mobjects")
    assert says(problem, "needs 'mobjects'")


def test_list_port_given_one_wire(graph: dict[str, Any]) -> None:
    graph["nodes"]["out"]["inputs"]["animations"] = "draw"
    problem = only_problem(graph)
    assert place(problem) == ("/nodes/out/inputs/animations", "out", "animations")
    assert says(problem, "list of wires", "[a, b]")


def test_bad_ids_and_wires(graph: dict[str, Any]) -> None:
    graph["nodes"]["2circle"] = {"type": "Circle"}
    graph["nodes"]["draw"]["inputs"]["mobject"] = "circle; import os"
    bad_id, bad_wire = validate_data(graph)
    assert place(bad_id) == ("/nodes/2circle", "2circle", None) and says(bad_id, "not a valid node id")
    assert place(bad_wire) == ("/nodes/draw/inputs/mobject", "draw", "mobject") and says(bad_wire, "not a wire")


def test_two_scenes(graph: dict[str, Any]) -> None:
    graph["nodes"]["out2"] = {"type": "Scene"}
    problem = only_problem(graph)
    assert place(problem) == ("/nodes/out2", "out2", None)  # the second one, not the first
    assert says(problem, "one Scene node", "'out'")


def test_animate_needs_a_change(graph: dict[str, Any]) -> None:
    graph["nodes"]["move"] = {"type": "Animate", "inputs": {"mobject": "circle"}}
    problem = only_problem(graph)
    assert place(problem) == ("/nodes/move", "move", None)
    assert says(problem, "changes nothing", "scale", "shift", "move_to", "rotate", "set_color", "set_value")
    graph["nodes"]["move"]["params"] = {"shift": [1, 0]}
    assert validate_data(graph) == []  # any one change is enough


def test_graph_without_scene_fails_validation_as_it_would_fail_to_render(graph: dict[str, Any]) -> None:
    del graph["nodes"]["out"]
    problem = only_problem(graph)
    assert problem.path == "/nodes" and says(problem, "no Scene node")
    raw = b"version: 1\nnodes:\n  c: {type: Circle}\n"
    (problem,) = validate_document(load_bytes(raw, "yaml"))
    assert (problem.path, problem.line) == ("/nodes", 2)  # on the nodes mapping, for file:line:col


def test_a_mistyped_scene_is_one_problem_not_two(graph: dict[str, Any]) -> None:
    graph["nodes"]["out"]["type"] = "Scen"
    problem = only_problem(graph)
    assert place(problem) == ("/nodes/out/type", "out", None) and says(problem, "did you mean 'Scene'?")


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
    shown = problems[1].format("g.yaml")  # file:line:col: first, as compilers and editors read it
    assert shown.startswith("g.yaml:8:23: ") and shown.endswith(" (at /nodes/draw/inputs/mobject)")
    assert "did you mean 'circle'?" in shown


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
    ("type_name", "table", "words"),
    [
        ("Table", [["1", "2"], ["3"]], ("row 2 has 1 cell", "row 1 has 2")),
        ("Table", [["1", 2]], ("row 1, column 2", "text", 'quote numbers: "1"', "got 2")),
        ("Matrix", [[1, True]], ("row 1, column 2", "text or a number", "got True")),
        ("IntegerMatrix", [[1], [2.5]], ("row 2, column 1", "whole number", "got 2.5")),
        ("DecimalMatrix", [[1.5, "x"]], ("row 1, column 2", "number", "got 'x'")),
        ("Table", [["x" * 201]], ("row 1, column 1", "201 characters", "at most 200")),
        ("Table", [["a"]] * 51, ("51 rows", "at most 50")),
        ("MathTable", [[0] * 51], ("row 1 has 51 cells", "at most 50 columns")),
        ("Table", [], ("rows of cells", "got []")),
        ("Table", ["ab"], ("row 1", "list of cells", "got 'ab'")),
    ],
)
def test_bad_tables_name_the_row_and_column(type_name: str, table: Any, words: tuple[str, ...]) -> None:
    port = "matrix" if "Matrix" in type_name else "table"
    problem = only_problem(one_node(type_name, **{port: table}))
    assert place(problem) == (f"/nodes/subject/params/{port}", "subject", port)
    assert says(problem, *words), problem.message


def test_a_table_of_the_largest_size_is_valid() -> None:
    assert messages(one_node("MathTable", table=[[1] * 50] * 50, col_labels=[f"c{i}" for i in range(50)])) == []
    assert messages(one_node("Table", table=[["x" * 200, ""]])) == []


def test_table_labels_match_its_rows_and_columns() -> None:
    graph = one_node("Table", table=[["1", "2", "3"]], row_labels=["a"], col_labels=["a", "b"])
    problem = only_problem(graph)  # one row, one row label: fine
    assert place(problem) == ("/nodes/subject/params/col_labels", "subject", "col_labels")
    assert says(problem, "2 labels", "3 columns")
    graph = one_node("Table", table=[["1"], ["2"]], row_labels=["a"])
    problem = only_problem(graph)
    assert place(problem) == ("/nodes/subject/params/row_labels", "subject", "row_labels")
    assert says(problem, "1 label", "2 rows")
    graph["nodes"]["subject"]["params"]["row_labels"] = ["a", "b"]
    assert validate_data(graph) == []


def test_brace_takes_a_named_side_or_any_vector() -> None:
    assert messages(one_node("Brace", direction="UL")) == []
    assert messages(one_node("Brace", direction=[-1, 2])) == []
    assert messages(one_node("BraceLabel", brace_direction=[1, 1, 0])) == []
    problem = only_problem(one_node("Brace", direction="DWN"))
    assert place(problem) == ("/nodes/subject/params/direction", "subject", "direction")
    assert says(problem, "got 'DWN'", "did you mean 'DOWN'?", "[dx, dy]")
    assert place(only_problem(one_node("Brace", direction=[1]))) == place(problem)


def test_a_vector_wires_into_a_brace_side() -> None:
    graph = one_node("Brace")
    graph["nodes"]["side"] = {"type": "Vector", "params": {"value": [1, 1]}}
    graph["nodes"]["subject"]["inputs"]["direction"] = "side"
    assert messages(graph) == []
    graph["nodes"]["side"] = {"type": "Number"}
    problem = only_problem(graph)
    assert place(problem) == ("/nodes/subject/inputs/direction", "subject", "direction")
    assert says(problem, "'side' gives a number")


@pytest.mark.parametrize("run_time", [0, -1])
def test_a_run_time_of_zero_or_less_is_refused_on_its_port(graph: dict[str, Any], run_time: float) -> None:
    graph["nodes"]["morph"]["params"] = {"run_time": run_time}
    problem = only_problem(graph)
    assert place(problem) == ("/nodes/morph/params/run_time", "morph", "run_time")
    assert says(problem, "'run_time' must be more than 0", f"got {run_time}")
