"""A small graph per node type with every port set, for render and compile tests; and a graph of
many quick plays, the case the render worker's speed-ups are for."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from manim_nodes.catalog import CATALOG
from manim_nodes.catalog.model import NodeType, Port

_SAMPLES: dict[str, Any] = {
    "number": 1.0,
    "integer": 3,
    "bool": True,
    "string": "ab",
    "color": "#FF8800",
    "vector": [1, 0.5],
    "expression": "sin(x) / 2",
    "numeric": 2.0,
    "direction": [1, -1],
    "table": [["a", "b"], ["c", "d"]],
}

# Source nodes for object ports, by the node type a port accepts.
_PROVIDERS: dict[str, dict[str, Any]] = {
    "Axes": {"type": "Axes", "params": {"x_range": [-3, 3, 1], "y_range": [-2, 2, 1]}},
    "NumberPlane": {"type": "NumberPlane"},
    "Arrow": {"type": "Arrow"},
    "MathTex": {"type": "MathTex", "params": {"tex": "a^2 + b^2"}},
    "Text": {"type": "Text", "params": {"text": "ab"}},
}


SAMPLE_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="60" height="40">'
    '<rect x="2" y="2" width="56" height="36" fill="#FC6255" stroke="#FFFFFF" stroke-width="3"/></svg>'
)


def write_sample_pictures(directory: Path) -> None:
    """The pictures the samples of ImageMobject and SVGMobject name, in ``directory/pictures``."""
    from PIL import Image

    (directory / "pictures").mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (6, 4), (88, 196, 221)).save(directory / "pictures" / "sample.png")
    (directory / "pictures" / "sample.svg").write_text(SAMPLE_SVG)


def sample_value(port: Port) -> Any:
    if port.files:
        return "pictures/sample.svg" if ".svg" in port.files else "pictures/sample.png"
    if port.kind == "numeric":
        return 2.0 if port.name == "a" else 0.5
    if port.name == "value" and port.kind == "number":
        return 1.0
    if port.default is not None:
        return port.default
    if port.kind == "enum":
        return (port.choices or ("",))[0]
    if port.is_range:
        return [-2, 2]
    if port.kind == "expression" and port.variable == "t":
        return "cos(t)"
    value = _SAMPLES[port.kind]
    return [value, value] if port.list else value


def _provide(nodes: dict[str, Any], node_type: NodeType, port: Port) -> list[str]:
    """Add source nodes for an object port and return their ids."""
    provider = (port.accepts or ("Square",))[0]
    if node_type.type.startswith("TransformMatching") or node_type.type in ("Write", "Unwrite"):
        provider = "MathTex"
    names = [f"{port.name}_src{i}" for i in range(2 if port.list else 1)]
    for name in names:
        nodes[name] = _PROVIDERS.get(provider, {"type": provider})
    return names


def _fit(type_name: str, node: dict[str, Any], nodes: dict[str, Any]) -> None:
    """Where every port set the generic way would not make sense together."""
    if type_name == "MoveTo":
        node["inputs"].pop("target", None)
    if type_name == "Expression":
        node["params"]["x"] = 1.0  # x = 0 would make the sample circle's radius sin(0) / 2 = 0
    if type_name == "Animate":  # a tracker's steps are tested on a tracker (test_time_and_change)
        for step in ("set_value", "increment_value"):
            node["params"].pop(step, None)
    if "graph" in node["inputs"] and "axes" in node["inputs"]:  # the plot on the same axes
        nodes[node["inputs"]["graph"]] = {"type": "Plot", "inputs": {"axes": node["inputs"]["axes"]}}
    if type_name in ("Angle", "RightAngle"):  # two lines that meet
        nodes["line1_src0"] = {"type": "Line", "params": {"start": [0, 0], "end": [2, 0]}}
        nodes["line2_src0"] = {"type": "Line", "params": {"start": [0, 0], "end": [0, 2]}}
    if type_name in ("Union", "Intersection", "Difference", "Exclusion"):  # two shapes that overlap
        nodes["mobjects_src1"] = {"type": "Circle", "params": {"position": [1, 0]}}
    if type_name == "GetPartByTex":
        nodes["mobject_src0"] = {"type": "MathTex", "params": {"tex": "a^2 + b^2", "substrings_to_isolate": ["b^2"]}}
        node["params"]["tex"] = "b^2"
    if type_name == "Restore":  # back to a state saved before
        nodes["shape"] = {"type": "Square"}
        nodes["mobject_src0"] = {"type": "SaveState", "inputs": {"mobject": "shape"}}
    if type_name == "BarChart":
        node["params"]["bar_names"] = ["a", "b", "c"]
    table = next((node["params"][p.name] for p in CATALOG[type_name].inputs if p.kind == "table"), None)
    for labels, count in (("row_labels", len(table or [])), ("col_labels", len((table or [[]])[0]))):
        if labels in node["params"]:  # one label per row, one per column
            node["params"][labels] = [f"{labels[0]}{i}" for i in range(count)]
    if type_name == "Submobject":  # a group with members to pick from
        nodes["member"] = {"type": "Circle"}
        nodes[node["inputs"]["mobject"]] = {"type": "VGroup", "inputs": {"mobjects": ["member"]}}


def sample_graph(node_type: NodeType, every_port: bool = True) -> dict[str, Any]:
    """A valid graph that uses ``node_type`` and plays or shows its result."""
    nodes: dict[str, Any] = {}
    node: dict[str, Any] = {"type": node_type.type, "params": {}, "inputs": {}}
    for port in node_type.inputs:
        if port.kind == "mobject":
            if port.required or port.list:
                names = _provide(nodes, node_type, port)
                node["inputs"][port.name] = names if port.list else names[0]
        elif port.kind == "animation":
            nodes["shape"] = {"type": "Circle"}
            nodes["first"] = {"type": "Create", "inputs": {"mobject": "shape"}}
            nodes["other"] = {"type": "Square", "params": {"position": [2, 0]}}
            nodes["second"] = {"type": "GrowFromCenter", "inputs": {"mobject": "other"}}
            node["inputs"][port.name] = ["first", "second"]
        elif every_port or port.always:
            node["params"][port.name] = sample_value(port)
    _fit(node_type.type, node, nodes)
    node = {k: v for k, v in node.items() if v}
    nodes["subject"] = node
    output = node_type.outputs[0].kind if node_type.outputs else None
    scene: dict[str, Any] = {"type": "Scene", "inputs": {}}
    if output == "mobject":
        scene["inputs"]["add"] = ["subject"]
    elif output == "animation":
        scene["inputs"]["animations"] = ["subject"]
    elif output in ("number", "numeric"):
        nodes["user"] = {"type": "Circle", "inputs": {"radius": "subject"}}
        scene["inputs"]["add"] = ["user"]
    elif output == "vector":
        nodes["user"] = {"type": "Dot", "inputs": {"point": "subject"}}
        scene["inputs"]["add"] = ["user"]
    elif output == "color":
        nodes["user"] = {"type": "Circle", "inputs": {"color": "subject"}}
        scene["inputs"]["add"] = ["user"]
    if node_type.type == "Scene":
        nodes = {"dot": {"type": "Dot"}, "subject": {"type": "Scene", "inputs": {"add": ["dot"]}}}
    else:
        nodes["scene"] = {k: v for k, v in scene.items() if v}
    return {"version": 1, "name": f"Sample {node_type.type}", "nodes": nodes}


# Every node type but Subgraph, whose ports come from another graph file (tests/test_subgraphs.py).
SAMPLED_TYPES = [name for name in CATALOG if name != "Subgraph"]


def all_samples() -> dict[str, dict[str, Any]]:
    return {name: sample_graph(CATALOG[name]) for name in SAMPLED_TYPES}


def fade_ins(plays: int) -> str:
    """YAML of ``plays`` shapes in rows of eight, each faded in by its own 0.2 s play, one per play."""
    lines = ["version: 1", "nodes:"]
    for i in range(plays):
        kind = ("Circle", "Square", "Dot")[i % 3]
        lines += [
            f"  s{i}:",
            f"    type: {kind}",
            f"    params: {{position: [{-5 + i % 8}, {2 - i // 8}], color: BLUE}}",
        ]
        lines += [f"  a{i}:", "    type: FadeIn", f"    inputs: {{mobject: s{i}}}", "    params: {run_time: 0.2}"]
    lines += [
        "  out:",
        "    type: Scene",
        "    inputs:",
        "      animations: [" + ", ".join(f"a{i}" for i in range(plays)) + "]",
    ]
    return "\n".join(lines) + "\n"
