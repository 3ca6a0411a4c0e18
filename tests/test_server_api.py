"""The HTTP API in process (aiohttp test server on a loopback port), route by route."""
# ruff: noqa: F811
# (fixtures imported from server_fixtures reappear as test parameters)

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from manim_nodes import __version__
from manim_nodes.config import Settings
from manim_nodes.document import etag_of

from server_fixtures import FakeEngine, client, engine, open_events, options, settings  # noqa: F401

pytestmark = pytest.mark.timeout(30)


def assert_error(body: dict[str, Any], status: int) -> dict[str, Any]:
    """Every 4xx/5xx has exactly this shape."""
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"status", "message", "details"}
    assert error["status"] == status
    assert isinstance(error["message"], str) and error["message"]
    assert isinstance(error["details"], dict)
    return error


async def get_json(client: TestClient, path: str, status: int = 200, **kwargs: Any) -> Any:
    response = await client.get(path, **kwargs)
    assert response.status == status, await response.text()
    assert response.content_type == "application/json"
    body = await response.json()
    if status >= 400:
        assert_error(body, status)
    return body


async def call(client: TestClient, method: str, path: str, status: int, **kwargs: Any) -> Any:
    response = await client.request(method, path, **kwargs)
    assert response.status == status, await response.text()
    body = await response.json()
    if status >= 400:
        assert_error(body, status)
    return body


async def etag(client: TestClient, name: str) -> str:
    response = await client.get(f"/api/graphs/{name}")
    assert response.status == 200
    return response.headers["ETag"]


# ------------------------------------------------------------------ read-only routes


async def test_health(client: TestClient) -> None:
    assert await get_json(client, "/api/health") == {"status": "ok", "version": __version__}


async def test_nodes_is_the_catalog(client: TestClient) -> None:
    body = await get_json(client, "/api/nodes")
    assert {"categories", "kinds", "colors", "nodes"} <= set(body)
    assert any(node["type"] == "Circle" for node in body["nodes"])


async def test_templates(client: TestClient) -> None:
    body = await get_json(client, "/api/templates")
    assert {t["name"] for t in body["templates"]} >= {"blank", "starter"}


async def test_list_graphs(client: TestClient, settings: Settings) -> None:
    (settings.data_dir / "broken.json").write_text("{not json")
    (settings.data_dir / "notes.txt").write_text("not a graph")
    (settings.data_dir / "x.yaml.swp").write_text("vim")
    body = await get_json(client, "/api/graphs")
    rows = {row["name"]: row for row in body["graphs"]}
    assert set(rows) == {"intro", "broken"}
    intro = rows["intro"]
    assert set(intro) == {"name", "format", "title", "modified", "valid", "errors", "preview", "interface"}
    assert intro["interface"] is None  # it declares no inputs or outputs: no node of other graphs
    assert intro["format"] == "yaml" and intro["title"] == "Circle to square"
    assert intro["valid"] is True and intro["errors"] == 0
    assert intro["modified"].endswith("Z")
    assert rows["broken"]["valid"] is False and rows["broken"]["errors"] >= 1


async def test_list_shows_preview_after_render(client: TestClient, engine: FakeEngine) -> None:
    await call(client, "POST", "/api/graphs/intro/render", 202)
    async with open_events(client, headers={"Last-Event-ID": "0"}) as events:
        await events.until("render.finished", name="intro")
    body = await get_json(client, "/api/graphs")
    preview = body["graphs"][0]["preview"]
    assert preview["image"].startswith("/previews/intro/")
    image = await client.get(preview["image"])
    assert image.status == 200 and image.content_type == "image/png"


async def test_list_notices_external_edits(client: TestClient, settings: Settings) -> None:
    await get_json(client, "/api/graphs")
    path = settings.data_dir / "intro.yaml"
    path.write_text(path.read_text().replace("name: Circle to square", "name: Renamed"))
    rows = (await get_json(client, "/api/graphs"))["graphs"]
    assert rows[0]["title"] == "Renamed"


async def test_get_graph(client: TestClient, settings: Settings) -> None:
    response = await client.get("/api/graphs/intro")
    assert response.status == 200
    body = await response.json()
    assert set(body) == {"name", "format", "graph", "errors", "live"}
    assert body["name"] == "intro" and body["format"] == "yaml" and body["errors"] == [] and body["live"] == []
    assert body["graph"]["nodes"]["circle"]["params"]["radius"] == 1.5
    raw = (settings.data_dir / "intro.yaml").read_bytes()
    assert response.headers["ETag"] == f'"{etag_of(raw)}"'


async def test_get_broken_graph_gives_placed_errors(client: TestClient, settings: Settings) -> None:
    (settings.data_dir / "bad.yaml").write_text("version: 1\nnodes:\n  a: [unclosed\n")
    body = await get_json(client, "/api/graphs/bad")
    assert body["graph"] is None
    assert body["errors"][0]["line"] is not None
    assert set(body["errors"][0]) == {"path", "line", "column", "message", "node", "port", "severity"}


async def test_get_missing_graph(client: TestClient) -> None:
    error = (await get_json(client, "/api/graphs/nope", 404))["error"]
    assert "nope" in error["message"]


async def test_code(client: TestClient) -> None:
    body = await get_json(client, "/api/graphs/intro/code")
    assert body["name"] == "intro" and "class CircleToSquare(Scene)" in body["code"]


async def test_code_of_invalid_graph_is_422_with_errors(client: TestClient, settings: Settings) -> None:
    (settings.data_dir / "typo.yaml").write_text(
        "version: 1\nnodes:\n  c:\n    type: Circle\n  d:\n    type: Create\n    inputs: {mobject: sqare}\n"
    )
    error = (await get_json(client, "/api/graphs/typo/code", 422))["error"]
    assert error["details"]["errors"][0]["line"] == 7


async def test_code_without_scene_is_422(client: TestClient, settings: Settings) -> None:
    (settings.data_dir / "lonely.yaml").write_text("version: 1\nnodes:\n  c:\n    type: Circle\n")
    error = (await get_json(client, "/api/graphs/lonely/code", 422))["error"]
    assert "Scene" in error["message"]
    (problem,) = error["details"]["errors"]
    assert (problem["path"], problem["line"]) == ("/nodes", 2)  # on the nodes mapping of the file


async def test_validate(client: TestClient) -> None:
    good = await call(client, "POST", "/api/validate", 200, json={"version": 1, "nodes": {"s": {"type": "Scene"}}})
    assert good == {"errors": []}
    bad = await call(client, "POST", "/api/validate", 200, json={"version": 1, "nodes": {"a": {"type": "Circel"}}})
    (problem,) = bad["errors"]
    assert (problem["path"], problem["node"]) == ("/nodes/a/type", "a") and "Circle" in problem["message"]
    await call(client, "POST", "/api/validate", 400, data=b"[1, 2")
    await call(client, "POST", "/api/validate", 400, json=[1, 2])
    await call(client, "POST", "/api/validate", 400, data=b'{"version": NaN}')


async def test_exports_list_and_download(client: TestClient, settings: Settings) -> None:
    settings.export_dir.mkdir(parents=True, exist_ok=True)
    (settings.export_dir / "intro.mp4").write_bytes(b"video")
    (settings.export_dir / ".partial.mp4").write_bytes(b"temp")
    body = await get_json(client, "/api/exports")
    assert len(body["exports"]) == 1
    row = body["exports"][0]
    assert set(row) == {"file", "url", "size", "modified"}
    assert row["url"] == "/exports/intro.mp4" and row["size"] == 5
    download = await client.get(row["url"])
    assert download.status == 200 and await download.read() == b"video"
    await get_json(client, "/exports/missing.mp4", 404)
    await get_json(client, "/exports/.partial.mp4", 404)


# ------------------------------------------------------------------ writes


async def test_create_graph(client: TestClient, settings: Settings) -> None:
    response = await client.post("/api/graphs", json={"name": "fresh", "format": "json", "template": "blank"})
    assert response.status == 201
    body = await response.json()
    assert set(body) == {"name", "format", "graph", "errors", "live"} and body["format"] == "json"
    assert response.headers["ETag"].strip('"') == etag_of((settings.data_dir / "fresh.json").read_bytes())
    await call(client, "POST", "/api/graphs", 409, json={"name": "fresh"})
    await call(client, "POST", "/api/graphs", 409, json={"name": "intro"})
    await call(client, "POST", "/api/graphs", 400, json={"name": "../evil"})
    await call(client, "POST", "/api/graphs", 400, json={"format": "yaml"})
    await call(client, "POST", "/api/graphs", 400, json={"name": "x", "format": "toml"})
    await call(client, "POST", "/api/graphs", 404, json={"name": "x", "template": "nope"})
    await call(client, "POST", "/api/graphs", 400, json={"name": "x", "title": "   "})
    await call(client, "POST", "/api/graphs", 400, json={"name": "x", "title": 3})
    assert not (settings.data_dir / "x.yaml").exists()


async def test_a_new_graph_keeps_its_title_with_spaces(client: TestClient, settings: Settings) -> None:
    """The file is named by `name`; the title as typed (issue 14.7)."""
    created = await client.post("/api/graphs", json={"name": "My-first-scene", "title": "My first scene"})
    assert created.status == 201
    assert (await created.json())["graph"]["name"] == "My first scene"
    assert "name: My first scene" in (settings.data_dir / "My-first-scene.yaml").read_text()
    listed = {g["name"]: g["title"] for g in (await get_json(client, "/api/graphs"))["graphs"]}
    assert listed["My-first-scene"] == "My first scene"


async def test_put_needs_if_match(client: TestClient, settings: Settings) -> None:
    graph = (await get_json(client, "/api/graphs/intro"))["graph"]
    before = (settings.data_dir / "intro.yaml").read_bytes()
    error = (await call(client, "PUT", "/api/graphs/intro", 428, json=graph))["error"]
    assert error["details"]["etag"] == etag_of(before)
    assert (settings.data_dir / "intro.yaml").read_bytes() == before


async def test_put_with_stale_etag_changing_a_value_changed_on_disk_is_412_and_keeps_the_file(
    client: TestClient, settings: Settings
) -> None:
    tag = await etag(client, "intro")
    graph = (await get_json(client, "/api/graphs/intro"))["graph"]
    path = settings.data_dir / "intro.yaml"
    path.write_text(path.read_text().replace("radius: 1.5", "radius: 9") + "# edited in a text editor\n")
    edited = path.read_bytes()
    graph["nodes"]["circle"]["params"]["radius"] = 2
    error = (await call(client, "PUT", "/api/graphs/intro", 412, json=graph, headers={"If-Match": tag}))["error"]
    assert error["details"]["etag"] == etag_of(edited)
    assert path.read_bytes() == edited
    # with the current etag it goes through
    ok = await call(client, "PUT", "/api/graphs/intro", 200, json=graph, headers={"If-Match": error["details"]["etag"]})
    assert ok["etag"] == etag_of(path.read_bytes())
    assert "# edited in a text editor" in path.read_text()


async def test_put_saves_and_answers(client: TestClient, settings: Settings, engine: FakeEngine) -> None:
    tag = await etag(client, "intro")
    graph = (await get_json(client, "/api/graphs/intro"))["graph"]
    graph["nodes"]["circle"]["params"]["radius"] = 2.5
    response = await client.put("/api/graphs/intro", json=graph, headers={"If-Match": tag})
    assert response.status == 200
    body = await response.json()
    assert set(body) == {"name", "etag", "errors", "live", "job"} and body["errors"] == [] and body["live"] == []
    assert engine.previews[-1] == ("intro", body["job"])  # the preview this save started
    again = await client.put("/api/graphs/intro", json=graph, headers={"If-Match": body["etag"]})
    assert (await again.json())["job"] is None  # the same bytes: nothing to preview
    raw = (settings.data_dir / "intro.yaml").read_bytes()
    assert body["etag"] == etag_of(raw) and response.headers["ETag"] == f'"{body["etag"]}"'
    assert "radius: 2.5" in raw.decode()


async def test_live_nodes_are_listed_for_the_editor(client: TestClient, settings: Settings) -> None:
    """Trackers and what is built from them, in file order; the rest of the graph is not live."""
    tag = await etag(client, "intro")
    graph = (await get_json(client, "/api/graphs/intro"))["graph"]
    graph["nodes"]["k"] = {"type": "ValueTracker", "params": {"value": 1}}
    graph["nodes"]["circle"]["inputs"] = {"radius": "k"}
    graph["nodes"]["circle"]["params"].pop("radius", None)
    body = await call(client, "PUT", "/api/graphs/intro", 200, json=graph, headers={"If-Match": tag})
    assert body["errors"] == [] and body["live"] == ["circle", "k"]
    assert (await get_json(client, "/api/graphs/intro"))["live"] == ["circle", "k"]


async def test_put_invalid_graph_saves_and_reports(client: TestClient, settings: Settings) -> None:
    tag = await etag(client, "intro")
    graph = (await get_json(client, "/api/graphs/intro"))["graph"]
    graph["nodes"]["draw"]["inputs"]["mobject"] = "circel"
    body = await call(client, "PUT", "/api/graphs/intro", 200, json=graph, headers={"If-Match": tag})
    assert body["errors"] and body["errors"][0]["node"] == "draw" and body["errors"][0]["line"] is not None


async def test_put_keeps_permissions(client: TestClient, settings: Settings) -> None:
    path = settings.data_dir / "intro.yaml"
    os.chmod(path, 0o600)
    tag = await etag(client, "intro")
    graph = (await get_json(client, "/api/graphs/intro"))["graph"]
    graph["name"] = "Private"
    await call(client, "PUT", "/api/graphs/intro", 200, json=graph, headers={"If-Match": tag})
    assert path.stat().st_mode & 0o777 == 0o600


async def test_put_bad_bodies(client: TestClient, settings: Settings) -> None:
    tag = await etag(client, "intro")
    before = (settings.data_dir / "intro.yaml").read_bytes()
    await call(client, "PUT", "/api/graphs/intro", 400, data=b"{", headers={"If-Match": tag})
    await call(client, "PUT", "/api/graphs/intro", 400, json=[1], headers={"If-Match": tag})
    await call(client, "PUT", "/api/graphs/missing", 404, json={"version": 1}, headers={"If-Match": tag})
    assert (settings.data_dir / "intro.yaml").read_bytes() == before


async def test_put_json_graph_stays_json(client: TestClient, settings: Settings) -> None:
    await call(client, "POST", "/api/graphs", 201, json={"name": "j", "format": "json", "template": "starter"})
    tag = await etag(client, "j")
    graph = (await get_json(client, "/api/graphs/j"))["graph"]
    graph["name"] = "Changed"
    await call(client, "PUT", "/api/graphs/j", 200, json=graph, headers={"If-Match": tag})
    text = (settings.data_dir / "j.json").read_text()
    assert json.loads(text)["name"] == "Changed"
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"


async def test_delete_moves_to_trash(client: TestClient, settings: Settings) -> None:
    raw = (settings.data_dir / "intro.yaml").read_bytes()
    body = await call(client, "DELETE", "/api/graphs/intro", 200)
    assert body["name"] == "intro"
    trashed = settings.data_dir / ".trash" / body["trashed"]
    assert trashed.read_bytes() == raw and body["trashed"].startswith("intro.")
    assert not (settings.data_dir / "intro.yaml").exists()
    await call(client, "DELETE", "/api/graphs/intro", 404)
    await get_json(client, "/api/graphs/intro", 404)
    assert (await get_json(client, "/api/graphs"))["graphs"] == []


async def test_delete_twice_keeps_both_in_trash(client: TestClient, settings: Settings) -> None:
    await call(client, "DELETE", "/api/graphs/intro", 200)
    await call(client, "POST", "/api/graphs", 201, json={"name": "intro"})
    await call(client, "DELETE", "/api/graphs/intro", 200)
    assert len(list((settings.data_dir / ".trash").iterdir())) == 2


async def test_delete_with_stale_if_match_is_412(client: TestClient) -> None:
    await call(client, "DELETE", "/api/graphs/intro", 412, headers={"If-Match": '"0000"'})


async def test_rename(client: TestClient, settings: Settings) -> None:
    await call(client, "POST", "/api/graphs", 201, json={"name": "other"})
    assert await call(client, "POST", "/api/graphs/intro/rename", 200, json={"to": "renamed"}) == {"name": "renamed"}
    assert (settings.data_dir / "renamed.yaml").exists() and not (settings.data_dir / "intro.yaml").exists()
    await call(client, "POST", "/api/graphs/renamed/rename", 409, json={"to": "other"})
    await call(client, "POST", "/api/graphs/renamed/rename", 400, json={"to": "../x"})
    await call(client, "POST", "/api/graphs/renamed/rename", 400, json={"to": 5})
    await call(client, "POST", "/api/graphs/intro/rename", 404, json={"to": "again"})
    assert (settings.data_dir / "other.yaml").exists()


async def test_render(client: TestClient, engine: FakeEngine, settings: Settings) -> None:
    body = await call(client, "POST", "/api/graphs/intro/render", 202)
    assert body["job"] and ("intro", body["job"]) in engine.previews
    await call(client, "POST", "/api/graphs/nope/render", 404)
    (settings.data_dir / "bad.yaml").write_text("version: 2\n")
    await call(client, "POST", "/api/graphs/bad/render", 422)


async def test_export(client: TestClient, engine: FakeEngine) -> None:
    async with open_events(client) as events:
        body = await call(client, "POST", "/api/graphs/intro/export", 202, json={"quality": "low", "format": "gif"})
        finished = await events.until("export.finished", job=body["job"])
    assert finished.data["file"] == "/exports/intro.gif"
    assert engine.exports == [("intro", "low", "gif")]
    await call(client, "POST", "/api/graphs/intro/export", 400, json={"quality": "ultra", "format": "mp4"})
    await call(client, "POST", "/api/graphs/intro/export", 400, json={"quality": "low", "format": "avi"})
    await call(
        client, "POST", "/api/graphs/intro/export", 400, json={"quality": "low", "format": "mp4", "transparent": True}
    )


# ------------------------------------------------------------------ errors


async def test_unknown_route_and_method_have_the_error_shape(client: TestClient) -> None:
    await get_json(client, "/api/nothing", 404)
    response = await client.patch("/api/graphs")
    assert response.status == 405 and "Allow" in response.headers
    assert_error(await response.json(), 405)


async def test_unhandled_exception_is_500_and_server_goes_on(
    client: TestClient, engine: FakeEngine, caplog: pytest.LogCaptureFixture
) -> None:
    def boom(name: str) -> None:
        raise RuntimeError("engine exploded")

    engine.latest_preview = boom  # type: ignore[method-assign,assignment]
    error = (await get_json(client, "/api/graphs", 500))["error"]
    assert error["message"] == "internal server error" and "exploded" not in json.dumps(error)
    assert any("Traceback" in (r.exc_text or "") or r.exc_info for r in caplog.records)
    assert (await get_json(client, "/api/health"))["status"] == "ok"


async def test_index_without_built_editor(tmp_path: Path, settings: Settings, engine: FakeEngine) -> None:
    from aiohttp.test_utils import TestServer

    from manim_nodes.server import ServerOptions, create_app

    app = create_app(settings, engine, ServerOptions(static_dir=tmp_path / "unbuilt", watch=False))
    async with TestClient(TestServer(app)) as c:
        response = await c.get("/?graph=intro")
        assert response.status == 200 and "make web" in await response.text()


async def test_index_and_assets_of_built_editor(tmp_path: Path, settings: Settings, engine: FakeEngine) -> None:
    from aiohttp.test_utils import TestServer

    from manim_nodes.server import ServerOptions, create_app

    static = tmp_path / "static"
    (static / "assets").mkdir(parents=True)
    (static / "index.html").write_text("<html>editor</html>")
    (static / "assets" / "app-1234.js").write_text("console.log(1)")
    app = create_app(settings, engine, ServerOptions(static_dir=static, watch=False))
    async with TestClient(TestServer(app)) as c:
        assert "editor" in await (await c.get("/?graph=intro")).text()
        asset = await c.get("/assets/app-1234.js")
        assert asset.status == 200 and "javascript" in asset.content_type
        assert (await c.get("/assets/missing.js")).status == 404


async def test_no_cors_headers_and_safe_headers(client: TestClient) -> None:
    response = await client.get("/api/graphs", headers={"Origin": "http://127.0.0.1:1"})
    assert not [h for h in response.headers if h.lower().startswith("access-control-")]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    preflight = await client.options(
        "/api/graphs/intro", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "PUT"}
    )
    assert preflight.status in (403, 405)
    assert not [h for h in preflight.headers if h.lower().startswith("access-control-")]
