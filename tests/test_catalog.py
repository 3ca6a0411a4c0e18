"""The node catalog: one source of truth, named after Manim, complete and consistent."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from manim_nodes.catalog import CATALOG, CATEGORIES, MANIM_COLORS, catalog_json
from manim_nodes.catalog.common import RATE_FUNCS, STYLE_PORTS
from manim_nodes.catalog.model import ALL_KINDS
from manim_nodes.schema import schema_text

from paths import ROOT

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
        assert drawn_by_motion or {p.name for p in STYLE_PORTS} <= set(names)
    if node_type.outputs and node_type.outputs[0].kind == "animation" and node_type.step is None:
        assert "run_time" in names  # steps such as AddToScene are statements: they take no animation's time
        assert "rate_func" in names or node_type.type == "Wait"


def test_no_port_takes_code() -> None:
    for node_type in CATALOG.values():
        for port in node_type.inputs:
            assert port.kind != "string" or port.widget in (None, "text", "latex")


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
        "SaveState",
        "AddToScene",
        "GetPartByTex",
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
        "FixedInFrame",
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
    }
    assert circle["outputs"] == [{"name": "mobject", "kind": "mobject", "live": False}]


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
