"""Saves that cross: a browser's save from an older version, a text editor's save of an old copy.

Against the real server on a loopback port, with the real watcher seeing real file writes.
"""
# ruff: noqa: F811
# (fixtures imported from server_fixtures reappear as test parameters)

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from manim_nodes.config import Settings
from manim_nodes.document import dumps, etag_of, load_bytes, with_data

from server_fixtures import FakeEngine, client, engine, open_events, options, settings  # noqa: F401

pytestmark = pytest.mark.timeout(60)


async def load(client: TestClient, name: str = "intro") -> tuple[dict[str, Any], str]:
    response = await client.get(f"/api/graphs/{name}")
    assert response.status == 200
    return (await response.json())["graph"], response.headers["ETag"]


async def put(client: TestClient, graph: dict[str, Any], tag: str, status: int = 200) -> dict[str, Any]:
    response = await client.put("/api/graphs/intro", json=graph, headers={"If-Match": tag})
    body: dict[str, Any] = await response.json()
    assert response.status == status, body
    return body


def on_disk(path: Path) -> dict[str, Any]:
    return load_bytes(path.read_bytes(), "yaml", str(path)).data


async def test_a_save_from_an_older_version_is_merged_into_the_file(client: TestClient, settings: Settings) -> None:
    path = settings.data_dir / "intro.yaml"
    graph, old_tag = await load(client)
    theirs = copy.deepcopy(graph)
    theirs["nodes"]["square"]["params"]["side_length"] = 4
    await put(client, theirs, old_tag)  # another browser's save
    graph["nodes"]["circle"]["params"]["radius"] = 2  # this browser still holds the old version
    body = await put(client, graph, old_tag)
    assert body["merged"] is True
    assert body["etag"] == etag_of(path.read_bytes())
    merged = on_disk(path)
    assert merged == body["graph"]
    assert merged["nodes"]["circle"]["params"]["radius"] == 2
    assert merged["nodes"]["square"]["params"]["side_length"] == 4


async def test_a_save_changing_a_value_changed_since_is_refused_with_the_conflict(
    client: TestClient, settings: Settings
) -> None:
    path = settings.data_dir / "intro.yaml"
    graph, old_tag = await load(client)
    theirs = copy.deepcopy(graph)
    theirs["nodes"]["circle"]["params"]["radius"] = 5
    theirs["nodes"]["square"]["params"]["side_length"] = 4
    await put(client, theirs, old_tag)
    before = path.read_bytes()
    graph["nodes"]["circle"]["params"]["radius"] = 2
    graph["nodes"]["dot"] = {"type": "Dot"}
    details = (await put(client, graph, old_tag, 412))["error"]["details"]
    assert path.read_bytes() == before
    assert details["etag"] == etag_of(before) and details["base_known"] is True
    assert details["graph"] == theirs
    assert details["conflicts"] == [
        {
            "path": ["nodes", "circle", "params", "radius"],
            "node": "circle",
            "base": {"value": 1.5},
            "ours": {"value": 2},
            "theirs": {"value": 5},
        }
    ]
    # "keep mine" keeps their other change too
    assert details["merged"]["nodes"]["square"]["params"]["side_length"] == 4
    assert details["merged"]["nodes"]["circle"]["params"]["radius"] == 2
    assert details["diff"]["added"] == ["dot"]
    assert details["diff"]["changed"] == [{"path": ["nodes", "circle", "params", "radius"], "old": 5, "new": 2}]


async def test_a_save_from_a_version_the_server_never_saw_gets_a_diff_and_no_merge(
    client: TestClient, settings: Settings
) -> None:
    graph, _ = await load(client)
    graph["nodes"].pop("square")
    details = (await put(client, graph, '"0123456789abcdef"', 412))["error"]["details"]
    assert details["base_known"] is False and details["conflicts"] == []
    assert details["merged"] == graph
    assert details["diff"]["removed"] == ["square"]


async def test_a_text_editors_old_copy_keeps_the_node_added_in_the_browser(
    client: TestClient, settings: Settings
) -> None:
    """The issue's case: the text editor read the file before a node was added in the browser."""
    path = settings.data_dir / "intro.yaml"
    old_copy = path.read_text()
    graph, tag = await load(client)
    graph["nodes"]["dot"] = {"type": "Dot", "params": {"radius": 0.2}, "pos": [0, 400]}
    async with open_events(client) as events:
        await put(client, graph, tag)
        await events.until("graph.changed", source="api")
        path.write_text(old_copy.replace("radius: 1.5", "radius: 2.5"))  # the text editor saves its copy
        changed = await events.until("graph.changed", source="merge")
    merged = on_disk(path)
    assert merged["nodes"]["dot"] == {"type": "Dot", "params": {"radius": 0.2}, "pos": [0, 400]}
    assert merged["nodes"]["circle"]["params"]["radius"] == 2.5
    assert changed.data["etag"] == etag_of(path.read_bytes())
    assert changed.data["merge"]["kept"]["added"] == ["dot"]
    assert changed.data["merge"]["conflicts"] == []
    assert "radius: 2.5" in path.read_text(), "the text editor's lines are kept as written"
    # the merged version is what both now agree on: a deletion made in the text editor after
    # it reloaded the merge is taken, not merged back in
    got, _ = await load(client)
    assert got == merged
    async with open_events(client) as events:
        data = on_disk(path)
        del data["nodes"]["dot"]
        path.write_bytes(dumps(with_data(load_bytes(path.read_bytes(), "yaml", str(path)), data)))
        changed = await events.until("graph.changed")
    assert changed.data["source"] == "file"
    assert "dot" not in on_disk(path)["nodes"]


async def test_a_text_editors_save_with_no_browser_saves_since_is_taken_as_it_is(
    client: TestClient, settings: Settings
) -> None:
    path = settings.data_dir / "intro.yaml"
    await load(client)
    async with open_events(client) as events:
        path.write_text(path.read_text().replace("radius: 1.5", "radius: 2.5"))
        changed = await events.until("graph.changed")
    assert changed.data["source"] == "file" and "merge" not in changed.data


async def test_a_text_editors_deletion_of_a_node_it_saw_is_taken(client: TestClient, settings: Settings) -> None:
    path = settings.data_dir / "intro.yaml"
    graph, tag = await load(client)
    graph["nodes"]["circle"]["params"]["radius"] = 3  # a browser save since
    await put(client, graph, tag)
    data = on_disk(path)
    del data["nodes"]["morph"]
    data["nodes"]["out"]["inputs"]["animations"] = ["draw"]
    async with open_events(client) as events:
        path.write_bytes(dumps(with_data(load_bytes(path.read_bytes(), "yaml", str(path)), data)))
        changed = await events.until("graph.changed")
    assert "morph" not in on_disk(path)["nodes"]
    assert changed.data["source"] == "file"


async def test_a_text_editor_changing_a_value_changed_in_the_browser_wins_and_says_so(
    client: TestClient, settings: Settings
) -> None:
    path = settings.data_dir / "intro.yaml"
    old_copy = path.read_text()
    graph, tag = await load(client)
    graph["nodes"]["circle"]["params"]["radius"] = 3
    graph["nodes"]["square"]["params"]["side_length"] = 5
    async with open_events(client) as events:
        await put(client, graph, tag)
        await events.until("graph.changed", source="api")
        path.write_text(old_copy.replace("radius: 1.5", "radius: 7"))
        changed = await events.until("graph.changed", source="merge")
    merged = on_disk(path)
    assert merged["nodes"]["circle"]["params"]["radius"] == 7, "the newest edit wins"
    assert merged["nodes"]["square"]["params"]["side_length"] == 5, "the browser's other edit stays"
    [conflict] = changed.data["merge"]["conflicts"]
    assert conflict["path"] == ["nodes", "circle", "params", "radius"]
    assert conflict["ours"] == {"value": 3} and conflict["theirs"] == {"value": 7}


async def test_a_half_typed_text_editor_save_is_not_merged(client: TestClient, settings: Settings) -> None:
    path = settings.data_dir / "intro.yaml"
    graph, tag = await load(client)
    graph["nodes"]["dot"] = {"type": "Dot"}
    async with open_events(client) as events:
        await put(client, graph, tag)
        await events.until("graph.changed", source="api")
        path.write_text("version: 1\nnodes: {circle: [\n")
        changed = await events.until("graph.changed")
        await events.until("graph.invalid")
    assert changed.data["source"] == "file"
    assert path.read_text() == "version: 1\nnodes: {circle: [\n", "a file that does not parse is never rewritten"


async def test_a_merge_with_more_problems_than_the_text_editors_file_is_not_written(
    client: TestClient, settings: Settings
) -> None:
    path = settings.data_dir / "intro.yaml"
    old_copy = on_disk(path)
    graph, tag = await load(client)
    graph["nodes"]["fade"] = {"type": "FadeIn", "inputs": {"mobject": "square"}}  # added in the browser
    async with open_events(client) as events:
        await put(client, graph, tag)
        await events.until("graph.changed", source="api")
        del old_copy["nodes"]["square"]  # the text editor removes the square and what uses it
        del old_copy["nodes"]["morph"]
        old_copy["nodes"]["out"]["inputs"]["animations"] = ["draw"]
        theirs = dumps(with_data(load_bytes(path.read_bytes(), "yaml", str(path)), old_copy))
        path.write_bytes(theirs)
        changed = await events.until("graph.changed")
    assert changed.data["source"] == "file", "merged back, `fade` would wire to a node that is gone"
    assert path.read_bytes() == theirs
