"""The server and its watcher with subgraphs: a change to a graph file checks and previews
again every graph that uses it, however deep; deleting it makes them invalid, saying why."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from manim_nodes.server import create_app
from manim_nodes.server.run import make_engine

from paths import ROOT
from server_fixtures import FAST, EventReader, FakeEngine, make_settings, open_events

PART = ROOT / "graphs" / "parts" / "labelled_dot.yaml"
MAIN = """\
version: 1
nodes:
  a:
    type: Subgraph
    graph: parts/labelled_dot
    params: {color: RED, label: A}
  out:
    type: Scene
    inputs: {animations: [a.intro]}
"""
# Uses the part through another graph: `deep` -> parts/wrap -> parts/labelled_dot.
WRAP = """\
version: 1
outputs:
  intro: inner.intro
nodes:
  inner: {type: Subgraph, graph: parts/labelled_dot, params: {label: W}}
"""
DEEP = """\
version: 1
nodes:
  w: {type: Subgraph, graph: parts/wrap}
  out: {type: Scene, inputs: {animations: [w.intro]}}
"""


async def each(events: EventReader, event: str, names: set[str], timeout: float = 20) -> None:
    """Wait for ``event`` of every graph of ``names``, in whatever order they come."""
    waiting = set(names)
    while waiting:
        got = await events.until(event, timeout=timeout)
        waiting.discard(got.data.get("name"))


def data_dir_with_subgraphs(root: Path) -> Path:
    (root / "parts").mkdir(parents=True)
    shutil.copy(PART, root / "parts" / "labelled_dot.yaml")
    (root / "parts" / "wrap.yaml").write_text(WRAP)
    (root / "main.yaml").write_text(MAIN)
    (root / "deep.yaml").write_text(DEEP)
    return root


@pytest.fixture(params=[False, True], ids=["native", "poll"])
async def served(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[tuple[TestClient, FakeEngine]]:
    settings = make_settings(tmp_path, poll=request.param)
    data_dir_with_subgraphs(settings.data_dir)
    engine = FakeEngine(settings.preview_dir, settings.export_dir)
    async with TestClient(TestServer(create_app(settings, engine, FAST))) as client:
        yield client, engine


async def test_the_list_says_what_each_graph_offers_as_a_node(served: tuple[TestClient, FakeEngine]) -> None:
    client, _ = served
    rows = {row["name"]: row for row in (await (await client.get("/api/graphs")).json())["graphs"]}
    assert rows["main"]["interface"] is None and rows["main"]["valid"] is True
    assert rows["parts/labelled_dot"]["interface"] == {
        "inputs": [
            {"name": "color", "kind": "color", "default": "YELLOW", "description": "Colour of the dot and its label",
             "list": False},
            {"name": "label", "kind": "string", "default": "P", "description": "The label's text", "list": False},
            {"name": "where", "kind": "vector", "default": [0, 0], "description": "Where the dot is", "list": False},
        ],
        "outputs": [
            {"name": "group", "kind": "mobject"},
            {"name": "dot", "kind": "mobject"},
            {"name": "intro", "kind": "animation"},
        ],
    }  # fmt: skip
    assert rows["parts/wrap"]["interface"] == {"inputs": [], "outputs": [{"name": "intro", "kind": "animation"}]}


async def test_editing_a_subgraph_on_disk_previews_every_graph_that_uses_it_again(
    served: tuple[TestClient, FakeEngine], tmp_path: Path
) -> None:
    client, engine = served
    part = tmp_path / "graphs" / "parts" / "labelled_dot.yaml"
    async with open_events(client, headers={"Last-Event-ID": "0"}) as events:
        await each(events, "render.finished", {"main", "deep", "parts/labelled_dot"})  # the start-up scan
        assert not [name for name, _ in engine.previews if name == "parts/wrap"]  # a part without a Scene
        before = [name for name, _ in engine.previews]
        part.write_text(part.read_text().replace("font_size: 40", "font_size: 30"))
        changed = [await events.until("graph.changed", source="subgraph", timeout=20) for _ in range(3)]
        assert sorted(e.data["name"] for e in changed) == ["deep", "main", "parts/wrap"]
        assert {e.data["subgraph"] for e in changed} == {"parts/labelled_dot"}
        await each(events, "render.finished", {"main", "deep"})
    previewed = [name for name, _ in engine.previews][len(before) :]
    assert sorted(previewed) == ["deep", "main", "parts/labelled_dot"]
    code = await (await client.get("/api/graphs/main/code")).json()
    assert "a_text = Text('A', font_size=30, color=RED)" in code["code"]


async def test_deleting_a_used_subgraph_makes_its_users_invalid_and_bringing_it_back_heals_them(
    served: tuple[TestClient, FakeEngine], tmp_path: Path
) -> None:
    client, _ = served
    part = tmp_path / "graphs" / "parts" / "labelled_dot.yaml"
    text = part.read_text()
    async with open_events(client, headers={"Last-Event-ID": "0"}) as events:
        await each(events, "render.finished", {"main", "deep"})
        part.unlink()
        invalid = {e.data["name"]: e.data["errors"] for e in [await events.until("graph.invalid") for _ in range(3)]}
        (problem,) = invalid["main"]
        assert problem["message"] == "no graph named 'parts/labelled_dot'"
        assert (problem["path"], problem["node"], problem["line"]) == ("/nodes/a/graph", "a", 5)
        assert invalid["deep"][0]["message"].startswith("the subgraph 'parts/wrap' has 1 problem; the first: ")
        assert invalid["parts/wrap"][0]["message"] == "no graph named 'parts/labelled_dot'"
        body = await (await client.get("/api/graphs/main")).json()
        assert [e["message"] for e in body["errors"]] == ["no graph named 'parts/labelled_dot'"]
        assert (tmp_path / "graphs" / "main.yaml").read_text() == MAIN  # nothing written
        part.write_text(text)
        await each(events, "render.finished", {"main", "deep"})
    assert (await (await client.get("/api/graphs/main")).json())["errors"] == []


async def test_a_save_that_makes_a_cycle_is_refused_with_the_chain(served: tuple[TestClient, FakeEngine]) -> None:
    client, _ = served
    response = await client.get("/api/graphs/parts/wrap")
    etag, graph = response.headers["ETag"], (await response.json())["graph"]
    graph["nodes"]["back"] = {"type": "Subgraph", "graph": "deep"}
    saved = await (await client.put("/api/graphs/parts/wrap", json=graph, headers={"If-Match": etag})).json()
    assert [e["message"].split(";")[0] for e in saved["errors"]] == [
        "graphs use each other in a cycle: parts/wrap → deep → parts/wrap"
    ]
    checked = await (await client.post("/api/validate?name=parts/wrap", json=graph)).json()
    assert checked["errors"][0]["path"] == "/nodes/back/graph"


@pytest.mark.render
@pytest.mark.timeout(180)
async def test_the_real_engine_renders_the_user_again_after_its_subgraph_changes(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, quality="low", max_render_time=60.0)
    data_dir_with_subgraphs(settings.data_dir)
    part = settings.data_dir / "parts" / "labelled_dot.yaml"
    async with TestClient(TestServer(create_app(settings, make_engine(settings), FAST))) as client:
        async with open_events(client) as events:
            await events.until("render.finished", name="main", timeout=120)
            part.write_text(part.read_text().replace("font_size: 40", "font_size: 30"))
            finished = await events.until("render.finished", name="main", timeout=120)
        assert finished.data["cached"] is False  # the subgraph's content is part of the key
        image = await client.get(finished.data["image"])
        assert image.status == 200 and (await image.read()).startswith(b"\x89PNG")
