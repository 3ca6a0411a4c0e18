"""Saves, the watcher and the event stream together, against the server on a loopback port."""
# ruff: noqa: F811
# (fixtures imported from server_fixtures reappear as test parameters)

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestClient
from test_watcher import SAVES

from manim_nodes.config import Settings
from manim_nodes.document import load_bytes
from manim_nodes.server.state import HUB

from server_fixtures import (  # noqa: F401
    EXAMPLE,
    FakeEngine,
    client,
    engine,
    open_events,
    options,
    server_process,
    settings,
)

pytestmark = pytest.mark.timeout(60)

QUIET = 0.8


def edit(path: Path) -> bytes:
    return path.read_bytes().replace(b"radius: 1.5", b"radius: 2.5")


@pytest.mark.parametrize("style", SAVES)
async def test_each_editors_save_gives_one_change_then_a_served_preview(
    client: TestClient, settings: Settings, style: str
) -> None:
    path = settings.data_dir / "intro.yaml"
    async with open_events(client) as events:
        SAVES[style](path, edit(path))
        changed = await events.until("graph.changed")
        assert changed.data == {"name": "intro", "etag": changed.data["etag"], "source": "file"}
        finished = await events.until("render.finished", name="intro")
        later = await events.collect(QUIET)
    assert not [e for e in later if e.name.startswith("graph.")]
    image = await client.get(finished.data["image"])
    assert image.status == 200 and image.content_type == "image/png"


async def test_start_up_previews_every_valid_graph(client: TestClient, engine: FakeEngine) -> None:
    async with open_events(client, headers={"Last-Event-ID": "0"}) as events:
        await events.until("render.finished", name="intro")
    assert [name for name, _ in engine.previews] == ["intro"]


async def test_browser_save_is_announced_once_as_api(client: TestClient, settings: Settings) -> None:
    response = await client.get("/api/graphs/intro")
    graph, tag = (await response.json())["graph"], response.headers["ETag"]
    graph["nodes"]["circle"]["params"]["radius"] = 3
    async with open_events(client) as events:
        put = await client.put("/api/graphs/intro", json=graph, headers={"If-Match": tag})
        assert put.status == 200
        changed = await events.until("graph.changed")
        assert changed.data == {"name": "intro", "etag": (await put.json())["etag"], "source": "api"}
        await events.until("render.finished", name="intro")
        later = await events.collect(QUIET)
    assert not [e for e in later if e.name == "graph.changed"], "the server's own write came back as a change"


async def test_each_change_is_validated_once(
    client: TestClient, settings: Settings, engine: FakeEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A save from the browser or from a text editor is parsed and validated once, however many
    parts of the server then read it: the watcher, the list, the graph's GET, the preview."""
    import manim_nodes.validate as validate

    validated: list[int] = []
    real = validate.validate_document

    def counted(document: Any, *others: Any) -> Any:  # others: how it finds the subgraphs it uses
        validated.append(len(document.data["nodes"]))
        return real(document, *others)

    monkeypatch.setattr(validate, "validate_document", counted)
    for _ in range(200):  # the start-up scan reads every graph once: let it finish before counting
        if any(name == "intro" for name, _ in engine.previews):
            break
        await asyncio.sleep(0.05)
    response = await client.get("/api/graphs/intro")
    graph, tag = (await response.json())["graph"], response.headers["ETag"]
    validated.clear()
    graph["nodes"]["circle"]["params"]["radius"] = 3
    async with open_events(client) as events:
        put = await client.put("/api/graphs/intro", json=graph, headers={"If-Match": tag})
        await events.until("render.finished", name="intro")
        await client.get("/api/graphs/intro")
        await client.get("/api/graphs")
        await events.collect(QUIET)  # the watcher has seen the server's own write by now
        assert len(validated) == 1, "a browser save"
        path = settings.data_dir / "intro.yaml"
        path.write_bytes(path.read_bytes().replace(b"radius: 3", b"radius: 4"))
        changed = await events.until("graph.changed", name="intro")
        await events.until("render.finished", name="intro")
        assert (await client.get("/api/graphs/intro")).headers["ETag"] == f'"{changed.data["etag"]}"'
        await client.get("/api/graphs")
    assert put.status == 200 and len(validated) == 2, "a text editor's save"


async def test_invalid_save_sends_graph_invalid(client: TestClient, settings: Settings) -> None:
    path = settings.data_dir / "intro.yaml"
    async with open_events(client) as events:
        path.write_bytes(path.read_bytes().replace(b"target: square", b"target: sqare"))
        await events.until("graph.changed", name="intro")
        invalid = await events.until("graph.invalid", name="intro")
    problem = invalid.data["errors"][0]
    assert "square" in problem["message"] and problem["line"] is not None and problem["node"] == "morph"


async def test_graph_without_scene_says_so(client: TestClient, settings: Settings) -> None:
    async with open_events(client) as events:
        (settings.data_dir / "lonely.yaml").write_text("version: 1\nnodes:\n  c:\n    type: Circle\n")
        invalid = await events.until("graph.invalid", name="lonely")  # validation says it, as `validate` does
    (problem,) = invalid.data["errors"]
    assert "no Scene node" in problem["message"] and problem["line"] == 2


async def test_external_delete_and_create(client: TestClient, settings: Settings, engine: FakeEngine) -> None:
    async with open_events(client) as events:
        (settings.data_dir / "intro.yaml").unlink()
        await events.until("graph.deleted", name="intro")
        assert engine.forgotten == ["intro"]
        (settings.data_dir / "second.json").write_text('{"version": 1, "nodes": {}}')
        changed = await events.until("graph.changed", name="second")
    assert changed.data["source"] == "file"


async def test_api_delete_and_rename_events(client: TestClient, settings: Settings) -> None:
    async with open_events(client) as events:
        await client.post("/api/graphs/intro/rename", json={"to": "moved"})
        await events.until("graph.deleted", name="intro")
        assert (await events.until("graph.changed", name="moved")).data["source"] == "api"
        await client.delete("/api/graphs/moved")
        await events.until("graph.deleted", name="moved")
        later = await events.collect(QUIET)
    assert not [e for e in later if e.name.startswith("graph.")]


async def test_events_have_increasing_ids_and_resume_with_last_event_id(client: TestClient) -> None:
    hub = client.app[HUB]
    async with open_events(client) as events:
        hub.publish("graph.deleted", {"name": "a"})
        first = await events.until("graph.deleted", name="a")
    hub.publish("graph.deleted", {"name": "b"})
    hub.publish("graph.deleted", {"name": "c"})
    async with open_events(client, headers={"Last-Event-ID": str(first.id)}) as events:
        b = await events.until("graph.deleted")
        c = await events.until("graph.deleted")
    assert (b.data["name"], c.data["name"]) == ("b", "c")
    assert first.id is not None and b.id is not None and c.id is not None and first.id < b.id < c.id
    async with open_events(client, f"/api/events?lastEventId={b.id}") as events:
        assert (await events.until("graph.deleted")).data["name"] == "c"


async def test_replay_buffer_is_bounded(client: TestClient) -> None:
    hub = client.app[HUB]
    for i in range(1500):
        hub.publish("render.progress", {"job": "j", "name": "x", "percent": i})
    assert len(hub.missed(0)) == 1000


async def test_keep_alive_pings(client: TestClient) -> None:
    async with open_events(client) as events:
        await events.collect(1.0)
    assert "ping" in events.comments


async def test_dead_clients_are_pruned(client: TestClient) -> None:
    hub = client.app[HUB]
    base = hub.subscriber_count
    responses = [await client.get("/api/events") for _ in range(5)]
    await asyncio.sleep(0.2)
    assert hub.subscriber_count == base + 5
    for response in responses:
        response.connection.transport.abort()  # type: ignore[union-attr]
        response.close()
    for _ in range(100):
        hub.publish("render.progress", {"job": "j", "name": "x", "percent": 1})
        if hub.subscriber_count == base:
            break
        await asyncio.sleep(0.05)
    assert hub.subscriber_count == base


async def test_a_client_that_stops_reading_is_dropped_not_buffered_forever(client: TestClient) -> None:
    hub = client.app[HUB]
    sub = hub.subscribe()
    for i in range(1001):
        hub.publish("render.progress", {"job": "j", "name": "x", "percent": i})
    assert sub.dropped and sub not in hub._subscribers


async def test_a_hundred_clients_all_get_the_event(client: TestClient) -> None:
    hub = client.app[HUB]
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as session:
        url = str(client.make_url("/api/events"))
        streams = [open_events(session, url) for _ in range(100)]
        readers = [await s.__aenter__() for s in streams]
        try:
            for _ in range(100):
                if hub.subscriber_count >= 100:
                    break
                await asyncio.sleep(0.05)
            hub.publish("graph.changed", {"name": "intro", "etag": "x", "source": "file"})
            got = await asyncio.gather(*(r.until("graph.changed", name="intro") for r in readers))
        finally:
            for s in streams:
                await s.__aexit__(None, None, None)
    assert len(got) == 100 and len({e.id for e in got}) == 1


# ------------------------------------------------------------------ the real process


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
async def test_signal_closes_streams_and_stops(tmp_path: Path, sig: signal.Signals) -> None:
    (tmp_path / "graphs").mkdir()
    (tmp_path / "graphs" / "intro.yaml").write_bytes(EXAMPLE.read_bytes())
    with server_process(tmp_path) as (proc, url):
        async with aiohttp.ClientSession() as session, open_events(session, f"{url}/api/events") as events:
            await events.collect(0.3)
            proc.send_signal(sig)
            with pytest.raises(EOFError):
                await events.collect(10)
        await asyncio.to_thread(proc.wait, 10)
        output = (tmp_path / "server.log").read_text()
    assert proc.returncode == 0, output
    assert "Open http://127.0.0.1:" in output and "stopped in" in output


async def test_banner_warns_when_not_on_loopback(tmp_path: Path) -> None:
    with server_process(tmp_path, host="0.0.0.0") as (proc, _):
        proc.send_signal(signal.SIGTERM)
        await asyncio.to_thread(proc.wait, 10)
        text = (tmp_path / "server.log").read_text()
    assert "WARNING" in text and "no authentication" in text
    assert "Open http://127.0.0.1:" in text and "data_dir" in text


async def test_kill_9_during_saves_leaves_old_or_new_file(tmp_path: Path) -> None:
    graphs = tmp_path / "graphs"
    graphs.mkdir()
    path = graphs / "intro.yaml"
    path.write_bytes(EXAMPLE.read_bytes())
    seen: set[bytes] = {path.read_bytes()}
    for round_ in range(3):
        with server_process(tmp_path) as (proc, url):
            async with aiohttp.ClientSession() as session:

                async def saves(round_: int = round_) -> None:
                    for i in range(10_000):
                        async with session.get(f"{url}/api/graphs/intro") as response:
                            body = await response.json()
                            tag = response.headers["ETag"]
                        graph = body["graph"]
                        graph["description"] = f"round {round_} save {i} " + "x" * 20_000
                        async with session.put(
                            f"{url}/api/graphs/intro", json=graph, headers={"If-Match": tag}
                        ) as response:
                            if response.status == 200:
                                seen.add(path.read_bytes())

                task = asyncio.create_task(saves())
                await asyncio.sleep(0.5 + 0.3 * round_)
                os.kill(proc.pid, signal.SIGKILL)
                with pytest.raises((aiohttp.ClientError, OSError)):
                    await asyncio.wait_for(task, 10)
        raw = path.read_bytes()
        document = load_bytes(raw, "yaml", str(path))  # parses: never half a file
        assert document.data["nodes"]["circle"]["params"]["radius"] == 1.5
        assert raw in seen or document.data.get("description", "").startswith(f"round {round_} save ")
