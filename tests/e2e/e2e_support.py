"""Shared pieces of the browser tests: paths, the Chromium flags, an editor page wrapper,
polling, and a server that can be stopped and started again on the same port."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from server_fixtures import EXAMPLE, SERVER_SCRIPT, _wait_for_port, stop_group

REPO = Path(__file__).resolve().parents[2]
TESTS = REPO / "tests"
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = REPO / "build" / "screenshots"
STATIC = REPO / "manim_nodes" / "static" / "index.html"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

DEMO = """\
# A scene to build in the browser.
version: 1
name: Demo
nodes:
  out:
    type: Scene
    pos: [520, 80]
"""


def make_root(tmp_path: Path) -> Path:
    data = tmp_path / "graphs"
    data.mkdir()
    shutil.copy(EXAMPLE, data / "intro.yaml")
    (data / "demo.yaml").write_text(DEMO)
    return tmp_path


class Editor:
    """A page on the editor that records console errors."""

    def __init__(self, browser: Any, url: str, **context: Any) -> None:
        options = {"viewport": {"width": 1366, "height": 768}, **context}
        self.context = browser.new_context(**options)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.url = url

    def open(self, graph: str) -> None:
        self.page.goto(f"{self.url}/?graph={graph}")
        self.page.wait_for_selector(".react-flow__node")
        self.page.wait_for_selector("[data-testid=save-state][data-state=saved]")

    def node(self, node_id: str) -> Any:
        return self.page.locator(f"[data-testid=node-{node_id}]")

    def select(self, node_id: str) -> None:
        self.node(node_id).locator(".gnode-head").click()

    def tab(self, name: str) -> None:
        self.page.get_by_role("tab", name=name, exact=False).first.click()

    def handle(self, node_id: str, handle_id: str) -> dict[str, float]:
        box = self.page.locator(
            f"[data-testid=node-{node_id}] .react-flow__handle[data-handleid='{handle_id}']"
        ).bounding_box()
        assert box, f"no handle {node_id}/{handle_id}"
        return {"x": box["x"] + box["width"] / 2, "y": box["y"] + box["height"] / 2}

    def drag_wire(self, start: dict[str, float], end: dict[str, float], release: bool = True) -> None:
        mouse = self.page.mouse
        mouse.move(start["x"], start["y"])
        mouse.down()
        mouse.move((start["x"] + end["x"]) / 2, (start["y"] + end["y"]) / 2 + 20, steps=6)
        mouse.move(end["x"], end["y"], steps=6)
        if release:
            mouse.up()

    def add_from_wire(self, node_id: str, handle_id: str, dx: float, dy: float, type_name: str, new_id: str) -> None:
        """Drag a wire from a port into empty space and pick ``type_name`` in the add menu."""
        start = self.handle(node_id, handle_id)
        self.drag_wire(start, {"x": start["x"] + dx, "y": start["y"] + dy})
        self.page.wait_for_selector("[data-testid=add-menu]")
        self.page.keyboard.type(type_name)
        self.page.keyboard.press("Enter")
        self.node(new_id).wait_for()

    def wait_saved(self, timeout: float = 10_000) -> None:
        self.page.wait_for_selector("[data-testid=save-state][data-state=saved]", timeout=timeout)

    def shot(self, name: str) -> Path:
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{name}.png"
        self.page.screenshot(path=str(path))
        return path

    def close(self) -> None:
        self.context.close()


def wait_for(page: Any, check: Callable[[], bool], timeout: float = 10.0, what: str = "condition") -> None:
    """Poll ``check``, letting Playwright deliver its events (routes, console) meanwhile."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"timed out waiting for {what}")


def hold_first_put(page: Any, url: str) -> list[Any]:
    """Hold the first PUT to ``url`` (a route glob) until the test calls ``held[0].continue_()``:
    a save in flight while something else happens. The list fills when the save starts."""
    held: list[Any] = []

    def route(request_route: Any) -> None:
        if request_route.request.method == "PUT" and not held:
            held.append(request_route)
        else:
            request_route.continue_()

    page.route(url, route)
    return held


class RestartableServer:
    """``manim-nodes watch`` (fake engine) in a child process on a fixed port: stop it, start it again."""

    def __init__(self, root: Path, port: int) -> None:
        self.root = root
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        script = SERVER_SCRIPT.format(tests=str(TESTS), root=str(self.root), port=self.port, fake=True, changes={})
        with (self.root / "server.log").open("ab") as log:  # read it when a test fails
            self.proc = subprocess.Popen(
                [sys.executable, "-c", script],
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
                start_new_session=True,
            )
        _wait_for_port(self.port, self.proc, self.root / "server.log")

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None:
            stop_group(proc)


@contextlib.contextmanager
def restartable_server(root: Path, port: int) -> Iterator[RestartableServer]:
    server = RestartableServer(root, port)
    server.start()
    try:
        yield server
    finally:
        server.stop()
