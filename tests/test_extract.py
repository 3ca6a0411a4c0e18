"""Turning a selection of nodes into a subgraph: the library (``extract.py``) and
``POST /api/graphs/{name}/extract``, where a refusal changes nothing on disk."""
# ruff: noqa: F811
# (fixtures imported from server_fixtures reappear as test parameters)

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from manim_nodes.compiler import compile_graph
from manim_nodes.document import load_path
from manim_nodes.extract import ExtractError, extract
from manim_nodes.subgraphs import Library, directory_resolver
from manim_nodes.validate import validate_data

from paths import ROOT
from server_fixtures import EXAMPLE, FakeEngine, client, engine, open_events, options, settings  # noqa: F401

INTRO = load_path(EXAMPLE).data  # circle_to_square: circle, square, draw, morph, out


def graphs_in(root: Path, parent: dict[str, Any], created: dict[str, Any], into: str = "parts/x") -> None:
    (root / f"{into}.yaml").parent.mkdir(parents=True, exist_ok=True)
    (root / f"{into}.yaml").write_text(json.dumps(created))
    (root / "parent.yaml").write_text(json.dumps(parent))


def body(source: str) -> str:
    return source.split("def construct(self):\n")[1]


# ------------------------------------------------------------------ the library


def test_a_selection_becomes_a_graph_and_one_node_wired_the_same(tmp_path: Path) -> None:
    result = extract(INTRO, ["circle", "draw"], "parts/x", "part")
    assert result.created == {
        "version": 1,
        "outputs": {"circle": "circle", "draw": "draw"},
        "nodes": {"circle": INTRO["nodes"]["circle"], "draw": INTRO["nodes"]["draw"]},
    }
    nodes = result.parent["nodes"]
    assert list(nodes) == ["part", "square", "morph", "out"]  # where the selection was
    assert nodes["part"] == {"type": "Subgraph", "graph": "parts/x", "pos": [220, 120]}  # the centre
    assert nodes["morph"]["inputs"] == {"mobject": "part.circle", "target": "square"}
    assert nodes["out"]["inputs"] == {"animations": ["part.draw", "morph"]}
    assert {k: v for k, v in result.parent.items() if k != "nodes"} == {k: v for k, v in INTRO.items() if k != "nodes"}
    graphs_in(tmp_path, result.parent, result.created)
    resolve = directory_resolver(tmp_path)
    assert validate_data(result.created, resolve, "parts/x") == []
    assert validate_data(result.parent, resolve, "parent") == []
    # The same scene: the script differs only by the prefix of the moved nodes and the comment.
    before = body(compile_graph(INTRO, "intro").source)
    after = body(compile_graph(result.parent, "intro", resolve=resolve, graph_name="parent").source)
    assert after.replace("        # part: parts/x\n", "").replace("part_", "") == before


def test_wires_coming_in_become_inputs_named_after_their_ports() -> None:
    result = extract(INTRO, ["morph"], "parts/morph", "m")
    assert result.created["inputs"] == {"mobject": {"kind": "mobject"}, "target": {"kind": "mobject"}}
    assert result.created["nodes"]["morph"]["inputs"] == {"mobject": "$mobject", "target": "$target"}
    assert result.created["outputs"] == {"morph": "morph"}
    assert result.parent["nodes"]["m"]["inputs"] == {"mobject": "circle", "target": "square"}


def test_one_outside_wire_into_two_ports_is_one_input_and_list_items_are_one_each() -> None:
    parent = {
        "version": 1,
        "nodes": {
            "a": {"type": "Circle"},
            "b": {"type": "Square"},
            "g": {"type": "VGroup", "inputs": {"mobjects": ["a", "b", "a"]}},
            "n": {"type": "NextTo", "inputs": {"mobject": "g", "target": "a"}},
            "out": {"type": "Scene", "inputs": {"add": ["n"]}},
        },
    }
    result = extract(parent, ["g", "n"], "parts/row", "row")
    assert result.created["inputs"] == {"mobjects": {"kind": "mobject"}, "mobjects_2": {"kind": "mobject"}}
    assert result.created["nodes"]["g"]["inputs"] == {"mobjects": ["$mobjects", "$mobjects_2", "$mobjects"]}
    assert result.created["nodes"]["n"]["inputs"] == {"mobject": "g", "target": "$mobjects"}
    assert result.parent["nodes"]["row"]["inputs"] == {"mobjects": "a", "mobjects_2": "b"}
    assert result.parent["nodes"]["out"]["inputs"] == {"add": ["row.n"]}


def test_an_unnamed_wire_out_says_which_output_it_reads(tmp_path: Path) -> None:
    """A ValueTracker wired without a port gives its number or itself, by the port it feeds."""
    parent = {
        "version": 1,
        "nodes": {
            "x": {"type": "ValueTracker", "params": {"value": 1}},
            "c": {"type": "Circle", "inputs": {"radius": "x"}},
            "go": {"type": "Animate", "inputs": {"mobject": "x"}, "params": {"set_value": 2}},
            "out": {"type": "Scene", "inputs": {"add": ["c"], "animations": ["go"]}},
        },
    }
    result = extract(parent, ["x"], "parts/tracker", "t")
    assert result.created["outputs"] == {"x": "x", "x_tracker": "x.tracker"}
    assert result.parent["nodes"]["c"]["inputs"] == {"radius": "t.x"}
    assert result.parent["nodes"]["go"]["inputs"] == {"mobject": "t.x_tracker"}
    graphs_in(tmp_path, result.parent, result.created, "parts/tracker")
    resolve = directory_resolver(tmp_path)
    assert validate_data(result.parent, resolve, "parent") == []
    assert validate_data(result.created, resolve, "parts/tracker") == []


def test_a_part_can_be_split_further(tmp_path: Path) -> None:
    """Extracting from a graph that is itself a part: its ``$name`` wires go through the new node."""
    shutil.copytree(ROOT / "graphs" / "parts", tmp_path / "parts")
    part = load_path(tmp_path / "parts" / "labelled_dot.yaml").data
    result = extract(part, ["text", "placed"], "parts/label", "label", Library(directory_resolver(tmp_path)))
    assert result.created["inputs"] == {
        "text": {"kind": "string"},
        "color": {"kind": "color"},
        "target": {"kind": "mobject"},
    }
    assert result.parent["nodes"]["label"]["inputs"] == {"text": "$label", "color": "$color", "target": "dot"}
    assert result.parent["nodes"]["both"]["inputs"] == {"mobjects": ["dot", "label.placed"]}
    (tmp_path / "parts" / "label.yaml").write_text(json.dumps(result.created))
    (tmp_path / "parts" / "labelled_dot.yaml").write_text(json.dumps(result.parent))
    resolve = directory_resolver(tmp_path)
    assert validate_data(result.parent, resolve, "parts/labelled_dot") == []
    (tmp_path / "main.yaml").write_text((ROOT / "graphs" / "subgraph_demo.yaml").read_text())
    demo = load_path(tmp_path / "main.yaml").data
    assert validate_data(demo, resolve, "main") == []


@pytest.mark.parametrize(
    ("selection", "node_id", "message"),
    [
        ([], "p", "select at least one node to turn into a subgraph"),
        (["circel"], "p", "no node named 'circel'; did you mean 'circle'?"),
        (["circle", "out"], "p", "'out' is the Scene: it stays in this graph; select the nodes it shows or plays"),
        (["circle"], "2x", "'2x' is not a valid node id: use letters, digits and _, not starting with a digit"),
        (["circle"], "square", "a node named 'square' already exists: choose another id"),
    ],
)
def test_what_cannot_be_extracted_is_refused_in_words(selection: list[str], node_id: str, message: str) -> None:
    with pytest.raises(ExtractError) as caught:
        extract(INTRO, selection, "parts/x", node_id)
    assert str(caught.value) == message


def test_the_new_node_may_take_a_selected_nodes_id() -> None:
    assert "circle" in extract(INTRO, ["circle"], "parts/x", "circle").parent["nodes"]


# ------------------------------------------------------------------ the endpoint


def _tree(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in root.rglob("*") if p.is_file()
    }


async def _etag(client: TestClient, name: str = "intro") -> str:
    return (await client.get(f"/api/graphs/{name}")).headers["ETag"]


async def test_extract_writes_the_new_graph_and_the_parent(
    client: TestClient, settings: Any, engine: FakeEngine
) -> None:
    etag = await _etag(client)
    async with open_events(client) as events:
        response = await client.post(
            "/api/graphs/intro/extract",
            json={"nodes": ["circle", "draw"], "into": "parts/circle", "id": "part"},
            headers={"If-Match": etag},
        )
        assert response.status == 201, await response.text()
        answer = await response.json()
        created = await events.until("graph.changed", name="parts/circle")
        changed = await events.until("graph.changed", name="intro")
        await events.until("render.finished", name="intro")
    assert created.data["source"] == changed.data["source"] == "api"
    assert answer["created"] == "parts/circle"
    assert answer["parent"]["name"] == "intro" and answer["parent"]["errors"] == []
    assert answer["parent"]["graph"]["nodes"]["part"] == {
        "type": "Subgraph",
        "graph": "parts/circle",
        "pos": [220, 120],
    }
    assert response.headers["ETag"] == f'"{answer["etag"]}"' == await _etag(client)
    text = (settings.data_dir / "intro.yaml").read_text()
    assert "# Comments like these survive a save from the browser." in text  # the parent kept its comments
    new = (settings.data_dir / "parts" / "circle.yaml").read_text()
    assert new.startswith("version: 1\noutputs:\n") and "  circle:\n    type: Circle\n" in new
    code = (await (await client.get("/api/graphs/intro/code")).json())["code"]
    assert "# part: parts/circle" in code and "part_circle = Circle(" in code


async def test_extract_keeps_the_parents_format(client: TestClient, settings: Any) -> None:
    (settings.data_dir / "j.json").write_text(json.dumps(INTRO))
    response = await client.post(
        "/api/graphs/j/extract",
        json={"nodes": ["square"], "into": "sq", "id": "s"},
        headers={"If-Match": await _etag(client, "j")},
    )
    assert response.status == 201, await response.text()
    assert json.loads((settings.data_dir / "sq.json").read_text())["outputs"] == {"square": "square"}
    assert not (settings.data_dir / "sq.yaml").exists()


@pytest.mark.parametrize(
    ("payload", "headers", "status", "words"),
    [
        ({"nodes": ["circle"], "into": "parts/x", "id": "p"}, {}, 428, "If-Match"),
        ({"nodes": ["circle"], "into": "parts/x", "id": "p"}, {"If-Match": '"stale"'}, 412, "changed since"),
        ({"nodes": ["circle"], "into": "taken", "id": "p"}, None, 409, "already exists"),
        ({"nodes": [], "into": "parts/x", "id": "p"}, None, 400, "select at least one node"),
        ({"nodes": ["nope"], "into": "parts/x", "id": "p"}, None, 400, "no node named 'nope'"),
        ({"nodes": ["circle", "out"], "into": "parts/x", "id": "p"}, None, 400, "'out' is the Scene"),
        ({"nodes": ["circle"], "into": "../x", "id": "p"}, None, 400, "not a valid graph name"),
        ({"nodes": "circle", "into": "parts/x", "id": "p"}, None, 400, '"nodes": [node ids]'),
    ],
)
async def test_a_refused_extract_changes_nothing_on_disk(
    client: TestClient, settings: Any, payload: dict[str, Any], headers: dict[str, str] | None, status: int, words: str
) -> None:
    (settings.data_dir / "taken.yaml").write_text("version: 1\nnodes: {}\n")
    before = _tree(settings.data_dir)
    response = await client.post(
        "/api/graphs/intro/extract",
        json=payload,
        headers=headers if headers is not None else {"If-Match": await _etag(client)},
    )
    assert response.status == status, await response.text()
    assert words in (await response.json())["error"]["message"]
    assert _tree(settings.data_dir) == before
