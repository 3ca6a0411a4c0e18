"""``GET /preview?graph=NAME``: the preview window's page, served like the editor's page."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from aiohttp.test_utils import TestClient, TestServer

from manim_nodes.config import Settings
from manim_nodes.server import ServerOptions, create_app
from manim_nodes.server.security import SECURITY_HEADERS

from server_fixtures import FakeEngine, make_settings

pytestmark = pytest.mark.timeout(30)

PAGE = "<!doctype html><html><body>preview window</body></html>"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    s = make_settings(tmp_path)
    s.data_dir.mkdir(parents=True)
    return s


async def _client(settings: Settings, static: Path) -> AsyncIterator[TestClient]:
    engine = FakeEngine(settings.preview_dir, settings.export_dir)
    app = create_app(settings, engine, ServerOptions(static_dir=static, watch=False, scan_on_start=False))
    async with TestClient(TestServer(app, host="127.0.0.1")) as client:
        yield client


@pytest_asyncio.fixture
async def client(settings: Settings, tmp_path: Path) -> AsyncIterator[TestClient]:
    """A server whose built editor has both pages."""
    static = tmp_path / "static"
    static.mkdir()
    (static / "index.html").write_text("<!doctype html><html><body>editor</body></html>")
    (static / "preview.html").write_text(PAGE)
    async for c in _client(settings, static):
        yield c


@pytest.mark.parametrize("query", ["?graph=intro", "?graph=gallery/MovingAngle", "", "?graph=%3Cscript%3E"])
async def test_the_preview_page_is_served_like_the_editor(client: TestClient, query: str) -> None:
    page = await client.get(f"/preview{query}")
    editor = await client.get(f"/{query}")
    assert page.status == editor.status == 200
    assert page.content_type == "text/html"
    assert await page.text() == PAGE  # the page reads the name itself: nothing from the URL is echoed
    for name, value in SECURITY_HEADERS.items():
        assert page.headers[name] == editor.headers[name] == value
    assert page.headers["Cache-Control"] == editor.headers["Cache-Control"] == "no-cache"
    assert not [h for h in page.headers if h.lower().startswith("access-control-")]


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example"])
async def test_a_foreign_host_is_refused_like_on_the_editor_page(client: TestClient, host: str) -> None:
    for path in ("/preview?graph=intro", "/?graph=intro"):
        response = await client.get(path, headers={"Host": host})
        assert response.status == 403, path
        body = await response.json()
        assert body["error"]["status"] == 403 and "host" in body["error"]["details"]


async def test_without_a_built_editor_the_page_says_how_to_build_it(settings: Settings, tmp_path: Path) -> None:
    async for c in _client(settings, tmp_path / "unbuilt"):
        response = await c.get("/preview?graph=intro")
        assert response.status == 200 and response.content_type == "text/html"
        assert "make web" in await response.text()


def test_the_built_editor_has_the_preview_page() -> None:
    """The Vite build writes the second page beside index.html (skipped before `make web`)."""
    static = Path(__file__).resolve().parent.parent / "manim_nodes" / "static"
    if not (static / "index.html").is_file():
        pytest.skip("the editor is not built")
    page = (static / "preview.html").read_text()
    assert '<div id="root">' in page and "/assets/preview-" in page
