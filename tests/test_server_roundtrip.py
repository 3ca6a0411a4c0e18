"""A browser save keeps everything it did not change: comments, order, quoting, layout.

The golden files are written out here, before and after, so the expected
``git diff`` of each edit is plain to read.
"""

# ruff: noqa: F811
# (fixtures imported from server_fixtures reappear as test parameters)
from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from manim_nodes.config import Settings

from server_fixtures import client, engine, options, settings  # noqa: F401

pytestmark = pytest.mark.timeout(30)

GOLDEN = """\
# Title card, then the circle.   <- a comment at the top
version: 1
name: 'Golden'          # single quotes stay single
x-tool: {keep: me}
scene:
  background: "#1e1e2e"

nodes:
  # the circle comes first
  circle:
    type: Circle
    params: {radius: 1.50, color: "#58C4DD"}   # 1.50, not 1.5
    pos: [80, 120]
  title:
    type: Text
    params:
      text: "Hello"     # double quotes stay double
      font_size: 48
    pos: [80, 320]
  draw:
    type: Create
    inputs: {mobject: circle}
  out:
    type: Scene
    inputs:
      animations: [draw]   # played in order
"""


def diff(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


async def save(client: TestClient, name: str, change: Any) -> dict[str, Any]:
    response = await client.get(f"/api/graphs/{name}")
    body = await response.json()
    graph = body["graph"]
    change(graph)
    put = await client.put(f"/api/graphs/{name}", json=graph, headers={"If-Match": response.headers["ETag"]})
    assert put.status == 200, await put.text()
    return await put.json()


@pytest.fixture
def golden(settings: Settings) -> Path:
    path = settings.data_dir / "golden.yaml"
    path.write_text(GOLDEN)
    return path


async def test_one_value_is_a_one_line_diff(client: TestClient, golden: Path) -> None:
    await save(client, "golden", lambda g: g["nodes"]["title"]["params"].__setitem__("font_size", 60))
    assert diff(GOLDEN, golden.read_text()) == [
        "-      font_size: 48",
        "+      font_size: 60",
    ]


async def test_a_flow_value_keeps_its_line(client: TestClient, golden: Path) -> None:
    await save(client, "golden", lambda g: g["nodes"]["circle"].__setitem__("pos", [100, 120]))
    assert diff(GOLDEN, golden.read_text()) == [
        "-    pos: [80, 120]",
        "+    pos: [100, 120]",
    ]


async def test_a_quoted_string_keeps_its_quotes(client: TestClient, golden: Path) -> None:
    await save(client, "golden", lambda g: g["nodes"]["title"]["params"].__setitem__("text", "Bye"))
    assert diff(GOLDEN, golden.read_text()) == [
        '-      text: "Hello"     # double quotes stay double',
        '+      text: "Bye"       # double quotes stay double',  # the comment keeps its column
    ]


async def test_unchanged_save_changes_no_byte(client: TestClient, golden: Path) -> None:
    result = await save(client, "golden", lambda g: None)
    assert golden.read_text() == GOLDEN
    assert result["errors"] == []


async def test_adding_a_node_adds_only_its_lines(client: TestClient, golden: Path) -> None:
    def add(graph: dict[str, Any]) -> None:
        graph["nodes"]["square"] = {"type": "Square", "params": {"side_length": 2}, "pos": [300, 120]}

    await save(client, "golden", add)
    assert all(line.startswith("+") for line in diff(GOLDEN, golden.read_text()))
    assert "# the circle comes first" in golden.read_text() and "x-tool: {keep: me}" in golden.read_text()
