"""Security of the server: Host and Origin checks, confined paths, size limits."""
# ruff: noqa: F811
# (fixtures imported from server_fixtures reappear as test parameters)

from __future__ import annotations

import asyncio
import io
import json
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from manim_nodes.config import Settings
from manim_nodes.server import ServerOptions, create_app
from manim_nodes.server.security import SecurityPolicy, is_loopback, split_host

from server_fixtures import FAST, FakeEngine, client, engine, settings  # noqa: F401

pytestmark = pytest.mark.timeout(30)


@pytest.fixture
def options() -> ServerOptions:
    """No watcher or start-up scan: these tests only send requests."""
    return replace(FAST, watch=False, scan_on_start=False)


EVERY_ROUTE = [
    ("GET", "/"),
    ("GET", "/?graph=intro"),
    ("GET", "/assets/index.js"),
    ("GET", "/api/health"),
    ("GET", "/api/nodes"),
    ("GET", "/api/graphs"),
    ("POST", "/api/graphs"),
    ("GET", "/api/graphs/intro"),
    ("PUT", "/api/graphs/intro"),
    ("DELETE", "/api/graphs/intro"),
    ("POST", "/api/graphs/intro/rename"),
    ("GET", "/api/graphs/intro/code"),
    ("POST", "/api/graphs/intro/render"),
    ("POST", "/api/graphs/intro/export"),
    ("GET", "/api/exports"),
    ("GET", "/exports/x.mp4"),
    ("GET", "/previews/intro/last.png"),
    ("POST", "/api/validate"),
    ("GET", "/api/events"),
    ("GET", "/no/such/route"),
]


async def raw_request(
    client: TestClient, request_line: str, headers: dict[str, str] | None = None, body: bytes = b""
) -> tuple[int, dict[str, Any] | None]:
    """Send bytes exactly as written (no client-side path normalisation); status and JSON body."""
    server = client.server
    reader, writer = await asyncio.open_connection(server.host, server.port)
    head = {"Host": f"127.0.0.1:{server.port}", "Connection": "close", "Content-Length": str(len(body))}
    head.update(headers or {})
    text = request_line + "\r\n" + "".join(f"{k}: {v}\r\n" for k, v in head.items()) + "\r\n"
    writer.write(text.encode("latin-1") + body)
    await writer.drain()
    data = await asyncio.wait_for(reader.read(), 10)
    writer.close()
    status = int(data.split(b" ", 2)[1])
    payload = data.split(b"\r\n\r\n", 1)[1]
    try:
        return status, json.loads(payload)
    except ValueError:
        return status, None


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# ------------------------------------------------------------------ Host


@pytest.mark.parametrize(("method", "path"), EVERY_ROUTE)
async def test_foreign_host_is_refused_on_every_route(client: TestClient, method: str, path: str) -> None:
    response = await client.request(method, path, headers={"Host": "evil.example"}, json={"to": "x"})
    assert response.status == 403
    body = await response.json()
    assert body["error"]["status"] == 403 and "host" in body["error"]["details"]


@pytest.mark.parametrize(
    "host",
    [
        "evil.example:8000",
        "127.0.0.1.evil.example",
        "localhost.evil.example:80",
        "[::2]:8000",
        "",
        "localhost:notaport",
        "attacker@localhost",
    ],
)
async def test_rebinding_hosts_are_refused(client: TestClient, host: str) -> None:
    status, _ = await raw_request(client, "GET /api/health HTTP/1.1", {"Host": host})
    assert status in (400, 403)


@pytest.mark.parametrize(
    "host", ["localhost", "localhost:8000", "127.0.0.1", "127.0.0.1:8000", "[::1]", "[::1]:8000", "LOCALHOST:8000"]
)
async def test_loopback_hosts_are_allowed(client: TestClient, host: str) -> None:
    response = await client.get("/api/health", headers={"Host": host})
    assert response.status == 200


async def test_allowed_hosts_from_settings(tmp_path: Path, engine: FakeEngine) -> None:
    from server_fixtures import make_settings

    settings = make_settings(
        tmp_path, allowed_hosts=("box.lan", "proxy.example:8443"), allowed_origins=("http://localhost:5173",)
    )
    app = create_app(settings, engine, ServerOptions(watch=False, scan_on_start=False))
    async with TestClient(TestServer(app)) as c:
        assert (await c.get("/api/health", headers={"Host": "box.lan:8000"})).status == 200
        assert (await c.get("/api/health", headers={"Host": "proxy.example:8443"})).status == 200
        assert (await c.get("/api/health", headers={"Host": "proxy.example:9999"})).status == 403
        assert (await c.get("/api/health", headers={"Host": "other.lan"})).status == 403
        # the Vite dev proxy: Origin and Host are the dev server's
        response = await c.post(
            "/api/validate",
            json={"version": 1, "nodes": {}},
            headers={"Origin": "http://localhost:5173", "Host": "localhost:5173"},
        )
        assert response.status == 200


def test_policy_parts() -> None:
    assert split_host("[::1]:8000") == ("::1", 8000)
    assert split_host("Example.COM") == ("example.com", None)
    assert split_host("a:b") is None and split_host("[zz]") is None and split_host("a/b") is None
    assert is_loopback("127.0.0.2") and is_loopback("::1") and not is_loopback("0.0.0.0")
    policy = SecurityPolicy.build("0.0.0.0", (), (), 10)
    assert "0.0.0.0" not in policy.host_names
    assert "192.168.1.5" in SecurityPolicy.build("192.168.1.5", (), (), 10).host_names


# ------------------------------------------------------------------ Origin


MUTATING = [
    ("POST", "/api/graphs", {"name": "x"}),
    ("PUT", "/api/graphs/intro", {"version": 1, "nodes": {}}),
    ("DELETE", "/api/graphs/intro", None),
    ("POST", "/api/graphs/intro/rename", {"to": "y"}),
    ("POST", "/api/graphs/intro/render", None),
    ("POST", "/api/graphs/intro/export", {"quality": "low", "format": "mp4"}),
    ("POST", "/api/validate", {"version": 1}),
]


@pytest.mark.parametrize(("method", "path", "body"), MUTATING)
@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Origin": "http://localhost:1234"},
        {"Sec-Fetch-Site": "cross-site"},
    ],
)
async def test_mutations_from_foreign_origins_are_refused(
    client: TestClient, settings: Settings, method: str, path: str, body: Any, headers: dict[str, str]
) -> None:
    before = snapshot(settings.data_dir)
    response = await client.request(method, path, json=body, headers={**headers, "If-Match": "*"})
    assert response.status == 403
    assert (await response.json())["error"]["status"] == 403
    assert snapshot(settings.data_dir) == before


@pytest.mark.parametrize("headers", [{"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"}])
async def test_event_stream_from_foreign_origin_is_refused(client: TestClient, headers: dict[str, str]) -> None:
    response = await client.get("/api/events", headers=headers)
    assert response.status == 403


async def test_same_origin_mutation_is_allowed(client: TestClient) -> None:
    own = f"http://127.0.0.1:{client.server.port}"
    response = await client.post(
        "/api/graphs", json={"name": "mine"}, headers={"Origin": own, "Sec-Fetch-Site": "same-origin"}
    )
    assert response.status == 201
    events = await client.get("/api/events", headers={"Origin": own})
    assert events.status == 200
    events.close()


# ------------------------------------------------------------------ paths


BAD_NAMES = [
    "..%2Fx",
    "%2e%2e",
    "%2e%2e%2fintro",
    "..",
    "a%00b",
    "a%5Cb",
    "%2Fetc%2Fpasswd",
    "-x",
    "a.b",
    "x" * 65,
    "%C3%A9t%C3%A9",
]


@pytest.mark.parametrize("name", BAD_NAMES)
@pytest.mark.parametrize(
    ("method", "suffix"),
    [("GET", ""), ("PUT", ""), ("DELETE", ""), ("GET", "/code"), ("POST", "/render"), ("POST", "/rename")],
)
async def test_bad_graph_names_touch_nothing(
    client: TestClient, settings: Settings, tmp_path: Path, name: str, method: str, suffix: str
) -> None:
    (tmp_path / "x.yaml").write_text("version: 1\nnodes: {}\n")  # a file just outside the data dir
    before = snapshot(tmp_path)
    body = json.dumps({"version": 1, "nodes": {}, "to": "fine"}).encode()
    status, payload = await raw_request(
        client,
        f"{method} /api/graphs/{name}{suffix} HTTP/1.1",
        {"If-Match": "*", "Content-Type": "application/json"},
        body,
    )
    assert status in (400, 404)
    if payload is not None:
        assert payload["error"]["status"] == status
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize(
    "path",
    [
        "/api/graphs/../../etc/passwd",
        "/api/graphs//etc/passwd",
        "/previews/../graphs/intro.yaml",
        "/previews/%2e%2e/graphs/intro.yaml",
        "/previews/intro/..%2F..%2Fgraphs%2Fintro.yaml",
        "/previews//etc/passwd",
        "/previews/intro/%00.png",
        "/previews/intro\\..\\..\\graphs\\intro.yaml",
        "/exports/..%2Fgraphs%2Fintro.yaml",
        "/exports/%2e%2e",
        "/assets/../index.html",
        "/assets/%2e%2e/%2e%2e/graphs/intro.yaml",
        "/previews/gallery/../../graphs/intro.yaml",
        "/previews/gallery/%2e%2e/%2e%2e/graphs/intro.yaml",
        "/previews/.trash/x.yaml",
        "/previews/gallery//x.png",
    ],
)
async def test_traversal_in_file_routes(client: TestClient, path: str) -> None:
    status, _ = await raw_request(client, f"GET {path} HTTP/1.1")
    assert status in (400, 404)


async def test_symlink_out_of_data_dir_is_refused(client: TestClient, settings: Settings, tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("version: 1\nnodes: {}\n# secret\n")
    os.symlink(secret, settings.data_dir / "evil.yaml")
    before = secret.read_bytes()
    response = await client.get("/api/graphs/evil")
    assert response.status in (400, 404)
    response = await client.put("/api/graphs/evil", json={"version": 1, "nodes": {}}, headers={"If-Match": "*"})
    assert response.status in (400, 404)
    response = await client.delete("/api/graphs/evil")
    assert response.status in (400, 404)
    listing = await (await client.get("/api/graphs")).json()
    assert "evil" not in {g["name"] for g in listing["graphs"]}
    assert secret.read_bytes() == before


async def test_symlink_out_of_preview_dir_is_refused(client: TestClient, settings: Settings, tmp_path: Path) -> None:
    (tmp_path / "outside.png").write_bytes(b"secret")
    (settings.preview_dir / "intro").mkdir(parents=True, exist_ok=True)
    os.symlink(tmp_path / "outside.png", settings.preview_dir / "intro" / "leak.png")
    assert (await client.get("/previews/intro/leak.png")).status == 404


# ------------------------------------------------------------------ sizes


async def test_body_over_the_limit_is_413(settings: Settings, engine: FakeEngine) -> None:
    app = create_app(settings, engine, ServerOptions(max_body=1000, watch=False, scan_on_start=False))
    async with TestClient(TestServer(app)) as c:
        big = {"version": 1, "nodes": {}, "description": "x" * 5000}
        response = await c.post("/api/validate", json=big)
        assert response.status == 413
        assert (await response.json())["error"]["status"] == 413

        async def chunks():  # no Content-Length: the limit still holds
            for _ in range(10):
                yield b"x" * 500

        response = await c.post("/api/validate", data=chunks())
        assert response.status == 413
        assert (await response.json())["error"]["status"] == 413


async def test_graph_file_over_1_mib_is_refused(client: TestClient, settings: Settings) -> None:
    (settings.data_dir / "huge.yaml").write_text("version: 1\nnodes: {}\n" + "# " + "x" * (1024 * 1024) + "\n")
    body = await (await client.get("/api/graphs/huge")).json()
    assert body["graph"] is None and "MiB" in body["errors"][0]["message"]
    tag = (await client.get("/api/graphs/intro")).headers["ETag"]
    graph = {"version": 1, "nodes": {}, "description": "y" * (1024 * 1024 + 10)}
    before = (settings.data_dir / "intro.yaml").read_bytes()
    response = await client.put(
        "/api/graphs/intro",
        data=io.BytesIO(json.dumps(graph).encode()),
        headers={"If-Match": tag, "Content-Type": "application/json"},
    )
    assert response.status == 413
    assert "1 MiB" in (await response.json())["error"]["message"]
    assert (settings.data_dir / "intro.yaml").read_bytes() == before
