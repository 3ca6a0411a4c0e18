"""Fixtures of the browser tests: one headless Chromium per module, fake-engine servers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from e2e_support import ARGS, CHROMIUM, STATIC, Editor, make_root
from server_fixtures import server_process


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    # per module, not per session: the sync API runs an event loop in this thread while it is
    # open, and the async tests that follow cannot start their own loop beside it
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip("needs /usr/bin/chromium")
    if not STATIC.exists():
        pytest.skip("the editor is not built (cd web && npm run build)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def fake_server(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    root = make_root(tmp_path)
    with server_process(root, fake_engine=True) as (_, url):
        yield root / "graphs", url


@pytest.fixture
def editor(browser: Any, fake_server: tuple[Path, str]) -> Iterator[Editor]:
    ed = Editor(browser, fake_server[1])
    yield ed
    ed.close()
