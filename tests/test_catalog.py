"""The node catalog: one source of truth, named after Manim, complete and consistent."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from manim_nodes.catalog import CATALOG, CATEGORIES, MANIM_COLORS, catalog_json
from manim_nodes.catalog.common import RATE_FUNCS, STYLE_PORTS
from manim_nodes.catalog.model import ALL_KINDS
from manim_nodes.compiler import compile_graph
from manim_nodes.schema import schema_text

from paths import ROOT
from plain_manim import frames_compared

ISSUE_TYPES = [
    "Circle",
    "Square",
    "Rectangle",
    "RoundedRectangle",
    "Ellipse",
    "Triangle",
    "RegularPolygon",
    "Polygon",
    "Star",
    "Arc",
    "Annulus",
    "Line",
    "DashedLine",
    "Arrow",
    "DoubleArrow",
    "Dot",
    "Text",
    "MathTex",
    "Tex",
    "DecimalNumber",
    "NumberPlane",
    "Axes",
    "NumberLine",
    "FunctionGraph",
    "VGroup",
    "Arrange",
    "NextTo",
    "MoveTo",
    "Shift",
    "Scale",
    "Rotate",
    "SetStyle",
    "Create",
    "Uncreate",
    "Write",
    "Unwrite",
    "FadeIn",
    "FadeOut",
    "GrowFromCenter",
    "DrawBorderThenFill",
    "Transform",
    "ReplacementTransform",
    "Indicate",
    "Circumscribe",
    "Flash",
    "Wiggle",
    "Rotating",
    "MoveAlongPath",
    "Animate",
    "Wait",
    "Succession",
    "AnimationGroup",
    "LaggedStart",
    "Number",
    "Vector",
    "Color",
    "Add",
    "Subtract",
    "Multiply",
    "Divide",
    "Scene",
]


def test_catalog_is_large_and_has_every_type_the_issue_names() -> None:
    assert len(CATALOG) >= 60
    assert [t for t in ISSUE_TYPES if t not in CATALOG] == []


@pytest.mark.parametrize("node_type", CATALOG.values(), ids=lambda n: n.type)
def test_entry_is_complete(node_type) -> None:  # type: ignore[no-untyped-def]
    assert node_type.category in CATEGORIES
    assert node_type.description.endswith(".") and "\n" not in node_type.description
    names = [p.name for p in node_type.inputs]
    assert len(names) == len(set(names))
    for port in node_type.inputs:
        assert port.kind in ALL_KINDS
        assert port.name.isidentifier()
        assert port.kind != "enum" or port.choices
        assert not (port.required and port.always)
        assert port.default is None or port.default in (port.choices or [port.default])
    # Placed and styled by what it traces, or a part of another mobject that is styled there.
    drawn_by_motion = node_type.type in ("TracedPath", "Submobject", "GetPartByTex", "CameraFrame", "FixedInFrame")
    if node_type.outputs and node_type.outputs[0].kind == "mobject" and node_type.category != "Layout":
        pixels = node_type.type in ("ImageMobject", "ImageFromArray")  # pixels, not strokes and fills
        assert drawn_by_motion or pixels or {p.name for p in STYLE_PORTS} <= set(names)
    if node_type.outputs and node_type.outputs[0].kind == "animation" and node_type.step is None:
        assert "run_time" in names  # steps such as AddToScene are statements: they take no animation's time
        assert "rate_func" in names or node_type.type == "Wait"


def test_no_port_takes_code() -> None:
    for node_type in CATALOG.values():
        for port in node_type.inputs:
            assert port.kind != "string" or port.widget in (None, "text", "latex", "file")
            assert port.widget != "file" or port.files  # a file's path is checked against a strict pattern


def test_colors_match_manim() -> None:
    from manim.utils.color import manim_colors

    expected = {n: getattr(manim_colors, n).to_hex().upper() for n in dir(manim_colors) if n.isupper()}
    assert expected == MANIM_COLORS


def test_rate_funcs_exist_in_manim() -> None:
    from manim.utils import rate_functions

    assert [name for name in RATE_FUNCS if not callable(getattr(rate_functions, name, None))] == []


def test_manim_class_names_exist() -> None:
    import manim

    not_classes = {
        "Animate",
        "Arrange",
        "NextTo",
        "MoveTo",
        "Shift",
        "Scale",
        "Rotate",
        "SetStyle",
        "ToEdge",
        "ToCorner",
        "Copy",
        "Plot",
        "Number",
        "Vector",
        "Color",
        "Add",
        "Subtract",
        "Multiply",
        "Divide",
        "Time",
        "Expression",
        "CombineXYZ",
        "GetCenter",
        "GetEdge",
        "GetCorner",
        "GetStart",
        "GetEnd",
        "PointFromProportion",
        "CoordsToPoint",
        "InputToGraphPoint",
        "Submobject",
        "Stretch",
        "GetWidth",
        "GetHeight",
        "ArgMin",
        "ArgMax",
        "Follow",
        "StopFollowing",
        "SetX",
        "SetY",
        "SaveState",
        "AddToScene",
        "GetPartByTex",
        "ImageFromArray",
        "GetAxisLabels",
        "GetVerticalLine",
        "GetHorizontalLine",
        "GetGraphLabel",
        "GetArea",
        "GetRiemannRectangles",
        "PlotLineGraph",
        "CameraFrame",
        "ThreeDCamera",
        "MoveCamera",
        "BeginAmbientCameraRotation",
        "StopAmbientCameraRotation",
        "Begin3DIllusionCameraRotation",
        "Stop3DIllusionCameraRotation",
        "FixedInFrame",
        "Subgraph",  # another graph file, inlined
    }
    assert [t for t in CATALOG if t not in not_classes and not hasattr(manim, t)] == []


def test_catalog_json_is_serialisable() -> None:
    data = json.loads(json.dumps(catalog_json()))
    assert data["categories"] == list(CATEGORIES)
    circle = next(n for n in data["nodes"] if n["type"] == "Circle")
    assert circle["inputs"][0] == {
        "name": "radius",
        "kind": "number",
        "default": 1.0,
        "list": False,
        "required": False,
        "choices": None,
        "description": "Radius in scene units.",
        "widget": None,
        "accepts": None,
        "variable": None,
        "cells": None,
        "files": None,
    }
    assert circle["outputs"] == [{"name": "mobject", "kind": "mobject", "live": False}]


def test_every_expression_port_names_its_variable_for_the_editor() -> None:
    """The editor checks an expression in the variables the catalog names, never guessed from its text."""
    ports = [p for n in catalog_json()["nodes"] for p in n["inputs"]]
    variables = {p["variable"] for p in ports if p["kind"] == "expression"}
    assert variables == {"x", "t", "uv", "xy"}
    assert all(p["variable"] is None for p in ports if p["kind"] != "expression")


def test_checked_in_schema_is_current() -> None:
    checked_in = (ROOT / "schema" / "graph.schema.json").read_text()
    assert checked_in == schema_text(), (
        "schema/graph.schema.json is stale: run manim-nodes schema > schema/graph.schema.json"
    )


def test_schema_is_valid_draft_2020_12() -> None:
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(json.loads(schema_text()))


def test_generated_long_tail_matches_manims_signatures() -> None:
    """catalog/generated.py is what scripts/gen_long_tail.py reads off the installed Manim today."""
    script = ROOT / "scripts" / "gen_long_tail.py"
    result = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


# ------------------------------------------------------------ tables, matrices and braces

TABLES = {
    "version": 1,
    "name": "Tables",
    "nodes": {
        "table": {"type": "Table", "params": {"table": [["1", "2"], ["3", "4"]], "col_labels": ["a", "b"],
                  "include_outer_lines": True, "color": "YELLOW", "position": [-3.5, 0]}},
        "sums": {"type": "MathTable", "params": {"row_labels": ["a", "b", "c"], "h_buff": 1, "scale": 0.5,
                 "position": [0, 2]}},
        "matrix": {"type": "Matrix", "params": {"matrix": [[2, r"\pi"], [-1, 1]], "left_bracket": "(",
                   "right_bracket": ")", "position": [3.5, 1.5]}},
        "whole": {"type": "IntegerMatrix", "params": {"matrix": [[1, 0], [0, 1]], "position": [3.5, -2]}},
        "decimals": {"type": "DecimalMatrix", "params": {"num_decimal_places": 2, "scale": 0.6, "position": [0, -2.5]}},
        "brace": {"type": "Brace", "inputs": {"mobject": "whole"}, "params": {"direction": [1, 1]}},
        "out": {"type": "Scene", "inputs": {"add": ["table", "sums", "matrix", "whole", "decimals", "brace"]}},
    },
}  # fmt: skip

TABLES_BY_HAND = r"""# TablesByHand
from manim import *


class TablesByHand(Scene):
    def construct(self):
        table = Table([["1", "2"], ["3", "4"]], col_labels=[Text("a"), Text("b")], include_outer_lines=True)
        table.set_color(YELLOW).move_to(3.5 * LEFT)
        sums = MathTable(
            [["+", 0, 5], [0, 0, 5], [2, 2, 7]], row_labels=[MathTex("a"), MathTex("b"), MathTex("c")], h_buff=1
        )
        sums.scale(0.5).move_to(2 * UP)
        matrix = Matrix([[2, r"\pi"], [-1, 1]], left_bracket="(", right_bracket=")").move_to([3.5, 1.5, 0])
        whole = IntegerMatrix([[1, 0], [0, 1]]).move_to([3.5, -2, 0])
        decimals = DecimalMatrix([[3.14, 2.72], [1.41, 1.73]], element_to_mobject_config={"num_decimal_places": 2})
        decimals.scale(0.6).move_to(2.5 * DOWN)
        brace = Brace(whole, direction=UR)
        self.add(table, sums, matrix, whole, decimals, brace)
        self.wait()
"""


def test_tables_compile_to_manims_calls() -> None:
    source = compile_graph(TABLES, "Tables").source
    assert "table = Table([['1', '2'], ['3', '4']], col_labels=[Text('a'), Text('b')], include_outer_lines=True)" in (
        source
    )
    assert "sums = MathTable([['+', 0, 5], [0, 0, 5], [2, 2, 7]], row_labels=[MathTex('a'), MathTex('b'), " in source
    assert """matrix = Matrix([[2, r"\\pi"], [-1, 1]], left_bracket='(', right_bracket=')')""" in source
    assert "whole = IntegerMatrix([[1, 0], [0, 1]])" in source
    assert "DecimalMatrix([[3.14, 2.72], [1.41, 1.73]], element_to_mobject_config={'num_decimal_places': 2})" in source
    assert "brace = Brace(whole, direction=np.array([1.0, 1.0, 0.0]))" in source


def test_a_named_brace_side_stays_a_manim_constant() -> None:
    graph = json.loads(json.dumps(TABLES))
    graph["nodes"]["brace"]["params"] = {"direction": "UL"}
    graph["nodes"]["label"] = {
        "type": "BraceText",
        "inputs": {"mobject": "table"},
        "params": {"brace_direction": "LEFT"},
    }
    graph["nodes"]["out"]["inputs"]["add"].append("label")
    source = compile_graph(graph, "Tables").source
    assert "brace = Brace(whole, direction=UL)" in source
    assert "label = BraceText(table, 'width', brace_direction=LEFT)" in source


@pytest.mark.render
def test_tables_draw_the_frames_of_hand_written_manim(tmp_path: Path) -> None:
    (tmp_path / "tables.json").write_text(json.dumps(TABLES))
    (tmp_path / "tables_by_hand.py").write_text(TABLES_BY_HAND)
    outcome = frames_compared(tmp_path, [(tmp_path / "tables.json", tmp_path / "tables_by_hand.py")])["tables"]
    assert outcome["frames"] > 0 and outcome["identical"], outcome
