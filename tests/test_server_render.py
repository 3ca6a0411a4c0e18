"""The server with the real render engine (Manim in worker processes): slower, marked ``render``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from manim_nodes.server import create_app
from manim_nodes.server.run import make_engine

from server_fixtures import EXAMPLE, FAST, make_settings, open_events

pytestmark = [pytest.mark.render, pytest.mark.timeout(180)]

SLOW = """version: 1
nodes:
  c:
    type: Circle
  draw:
    type: Create
    inputs: {mobject: c}
  hold:
    type: Wait
    params: {run_time: 600}
  out:
    type: Scene
    inputs:
      animations: [draw, hold]
"""


async def real_client(tmp_path: Path, **changes: object) -> AsyncIterator[TestClient]:
    settings = make_settings(tmp_path, quality="low", **changes)
    settings.data_dir.mkdir(parents=True)
    (settings.data_dir / "intro.yaml").write_bytes(EXAMPLE.read_bytes())
    engine = make_engine(settings)
    async with TestClient(TestServer(create_app(settings, engine, FAST))) as client:
        yield client


@pytest.fixture
async def client(tmp_path: Path) -> AsyncIterator[TestClient]:
    async for c in real_client(tmp_path, max_render_time=60.0):
        yield c


async def test_text_editor_save_renders_a_served_preview(client: TestClient, tmp_path: Path) -> None:
    path = tmp_path / "graphs" / "intro.yaml"
    async with open_events(client) as events:
        path.write_bytes(path.read_bytes().replace(b"radius: 1.5", b"radius: 2"))
        changed = await events.until("graph.changed", name="intro", timeout=20)
        assert changed.data["source"] == "file"
        finished = await events.until("render.finished", name="intro", timeout=120)
    image = await client.get(finished.data["image"])
    assert image.status == 200 and (await image.read()).startswith(b"\x89PNG")
    listing = await (await client.get("/api/graphs")).json()
    assert listing["graphs"][0]["preview"]["image"]


@pytest.fixture
async def impatient(tmp_path: Path) -> AsyncIterator[TestClient]:
    async for c in real_client(tmp_path, max_render_time=3.0):
        yield c


async def test_render_timeout_is_reported(impatient: TestClient, tmp_path: Path) -> None:
    async with open_events(impatient) as events:
        (tmp_path / "graphs" / "slow.yaml").write_text(SLOW)
        failed = await events.until("render.failed", name="slow", timeout=120)
    assert failed.data["timeout"] is True
