"""A preview you can see (issue 13.4), in headless Chromium against a real server with a stand-in
engine: the video plays by default, the preview resizes, goes full screen, and opens in a window
of its own (`/preview?graph=NAME`) that follows the same events."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from e2e_support import SHOTS, TESTS, Editor, make_root, wait_for
from server_fixtures import _wait_for_port, free_port, stop_group

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]

IMAGE = "[data-testid=preview-image]"
VIDEO = "[data-testid=preview-video]"
STAGE = "[data-testid=preview-stage]"

# The stand-in engine, but each preview also gets a short real video (copied from VIDEO_FILE).
VIDEO_SERVER = """
import asyncio, shutil, sys
sys.path.insert(0, {tests!r})
from pathlib import Path
from manim_nodes.server.run import serve
from server_fixtures import FAST, PNG, FakeEngine, make_settings

class VideoEngine(FakeEngine):
    async def _preview(self, name, job, compiled):
        self.emit("render.started", {{"name": name, "job": job}})
        await asyncio.sleep(self.delay)
        folder = self.preview_dir / name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{{job}}.png").write_bytes(PNG)
        shutil.copy({video!r}, folder / f"{{job}}.mp4")
        image, video = f"/previews/{{name}}/{{job}}.png", f"/previews/{{name}}/{{job}}.mp4"
        self.latest[name] = {{"image": image, "video": video, "seconds": self.delay, "stale": False}}
        self.emit("render.finished", {{"name": name, "job": job, "image": image, "video": video,
                                       "seconds": self.delay, "cached": False}})

settings = make_settings(Path({root!r}), port={port})
serve(settings, engine=VideoEngine(settings.preview_dir, settings.export_dir), options=FAST)
"""


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two seconds of H.264, as the real engine's previews are."""
    if shutil.which("ffmpeg") is None:
        pytest.skip("needs ffmpeg")
    path = tmp_path_factory.mktemp("clip") / "clip.mp4"
    source = ["-f", "lavfi", "-i", "testsrc=size=160x90:rate=15", "-t", "2"]
    h264 = ["-pix_fmt", "yuv420p", "-c:v", "libx264"]
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", *source, *h264, str(path)], check=True, timeout=60)
    return path


@pytest.fixture
def video_server(tmp_path: Path, clip: Path) -> Iterator[tuple[Path, str]]:
    root = make_root(tmp_path)
    port = free_port()
    script = VIDEO_SERVER.format(tests=str(TESTS), root=str(root), port=port, video=str(clip))
    with (root / "server.log").open("ab") as log:
        proc = subprocess.Popen(
            [sys.executable, "-c", script],
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            start_new_session=True,
        )
    try:
        _wait_for_port(port, proc, root / "server.log")
        yield root / "graphs", f"http://127.0.0.1:{port}"
    finally:
        stop_group(proc)


@contextlib.contextmanager
def page_on(browser: Any, url: str, **context: Any) -> Iterator[Editor]:
    ed = Editor(browser, url, **context)
    try:
        yield ed
    finally:
        ed.close()


def image_src(page: Any) -> str:
    """The preview image's src once it shows a decoded picture."""
    page.wait_for_function(
        f"() => {{ const i = document.querySelector('{IMAGE}'); return i && i.complete && i.naturalWidth > 0; }}"
    )
    return str(page.get_attribute(IMAGE, "src"))


def playing(page: Any) -> None:
    page.wait_for_function(f"() => {{ const v = document.querySelector('{VIDEO}'); return v && !v.paused; }}")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


# ------------------------------------------------------------------ the preview window


def test_the_preview_window_shows_the_graph_and_follows_its_renders(
    browser: Any, fake_server: tuple[Path, str]
) -> None:
    graphs, url = fake_server
    path = graphs / "intro.yaml"
    with page_on(browser, url, viewport={"width": 1280, "height": 800}) as ed:
        page = ed.page
        page.goto(f"{url}/preview?graph=intro")
        page.locator("h1", has_text="Circle to square").wait_for()
        first = image_src(page)
        assert first.startswith("/previews/intro/")
        page.wait_for_selector("[data-testid=render-status][data-phase=done]")
        assert page.title().startswith("Circle to square")
        # Only the preview: no canvas, no editor panels.
        assert page.locator(".react-flow").count() == 0

        # Another program saves the graph: the server renders it and the window follows.
        edit(path, "radius: 1.5", "radius: 1.25")
        wait_for(page, lambda: image_src(page) != first, what="the new render's picture")
        page.wait_for_selector("[data-testid=render-status][data-phase=done]")

        # A broken save: the last good picture stays, marked as older than the graph.
        shown = image_src(page)
        edit(path, "target: square", "target: sqare")
        page.wait_for_selector("[data-testid=render-status][data-phase=invalid]")
        assert "fix 1 problem" in page.locator("[data-testid=render-status]").inner_text()
        assert page.locator(STAGE).get_attribute("class") is not None
        assert "stale" in str(page.locator(STAGE).get_attribute("class"))
        assert image_src(page) == shown
        edit(path, "target: sqare", "target: square")
        page.wait_for_selector("[data-testid=render-status][data-phase=done]")

        ed.shot("preview-window")
        assert ed.errors == []


def test_the_preview_window_shows_names_as_text_and_says_when_a_graph_is_missing(
    browser: Any, fake_server: tuple[Path, str]
) -> None:
    graphs, url = fake_server
    edit(graphs / "demo.yaml", "name: Demo", "name: '<b>Demo</b> & co'")
    with page_on(browser, url) as ed:
        page = ed.page
        page.goto(f"{url}/preview?graph=demo")
        # the heading shows the name until the title arrives (and the file's edit may still be on its way)
        page.get_by_role("heading", name="<b>Demo</b> & co", exact=True).wait_for()
        assert page.locator("h1").inner_text() == "<b>Demo</b> & co"
        assert page.locator("h1 b").count() == 0

        page.goto(f"{url}/preview?graph=nothing-here")
        page.get_by_text("No graph named “nothing-here”").wait_for()

        page.goto(f"{url}/preview?graph=../intro")
        page.get_by_text("“../intro” is not a graph name.").wait_for()
        page.goto(f"{url}/preview")
        page.get_by_text("/preview?graph=NAME").wait_for()
        assert ed.errors == []


def test_the_editor_opens_the_preview_in_its_own_window(browser: Any, fake_server: tuple[Path, str]) -> None:
    _, url = fake_server
    with page_on(browser, url) as ed:
        ed.open("intro")
        image_src(ed.page)
        with ed.context.expect_page() as opened:
            ed.page.get_by_role("button", name="Open the preview in a window").click()
        window = opened.value
        window.wait_for_load_state()
        assert window.url == f"{url}/preview?graph=intro"
        window.locator("h1", has_text="Circle to square").wait_for()
        image_src(window)
        window.close()
        assert ed.errors == []


# ------------------------------------------------------------------ full screen and size


def test_the_preview_goes_full_screen_and_comes_back(browser: Any, fake_server: tuple[Path, str]) -> None:
    _, url = fake_server
    with page_on(browser, url) as ed:
        page = ed.page
        ed.open("intro")
        image_src(page)
        page.get_by_role("button", name="Show the preview full screen").click()
        page.wait_for_function("() => document.fullscreenElement?.dataset.testid === 'preview-stage'")
        # Full screen, the picture fills the screen and a button inside it leaves.
        box = page.locator(STAGE).bounding_box()
        assert box is not None and box["width"] == page.viewport_size["width"]
        page.locator(STAGE).get_by_role("button", name="Leave full screen").click()
        page.wait_for_function("() => document.fullscreenElement === null")
        # Escape leaves too (the browser's own key).
        page.get_by_role("button", name="Show the preview full screen").click()
        page.wait_for_function("() => document.fullscreenElement !== null")
        page.keyboard.press("Escape")
        page.wait_for_function("() => document.fullscreenElement === null")
        assert ed.errors == []


def stage_height(page: Any) -> float:
    box = page.locator(f"#panel-right {STAGE}").bounding_box()
    assert box is not None
    return float(box["height"])


def test_the_preview_resizes_from_its_handle_and_remembers(browser: Any, fake_server: tuple[Path, str]) -> None:
    _, url = fake_server
    with page_on(browser, url, viewport={"width": 1440, "height": 900}) as ed:
        page = ed.page
        ed.open("intro")
        image_src(page)
        default = stage_height(page)
        handle = page.get_by_role("separator", name="Resize the preview", exact=True)
        box = handle.bounding_box()
        assert box is not None
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x, y + 60, steps=4)
        page.mouse.move(x, y + 150, steps=4)
        page.mouse.up()
        assert abs(stage_height(page) - (default + 150)) <= 2
        # The tabs below keep room, and the picture stays as wide as the panel.
        assert page.get_by_role("tab", name="Properties").is_visible()

        page.reload()
        ed.open("intro")
        assert abs(stage_height(page) - (default + 150)) <= 2  # remembered
        ed.shot("preview-resized")

        # The keyboard works on the handle; a double-click gives back the 16:9 box.
        handle.focus()
        page.keyboard.press("ArrowUp")
        assert abs(stage_height(page) - (default + 134)) <= 2
        handle.dblclick()
        assert abs(stage_height(page) - default) <= 2
        page.reload()
        ed.open("intro")
        assert abs(stage_height(page) - default) <= 2
        assert ed.errors == []


# ------------------------------------------------------------------ the video


def test_the_video_plays_by_default_and_a_new_one_replaces_it(browser: Any, video_server: tuple[Path, str]) -> None:
    graphs, url = video_server
    with page_on(browser, url, viewport={"width": 1440, "height": 900}) as ed:
        page = ed.page
        ed.open("intro")
        page.locator(f"#panel-right {VIDEO}").wait_for()
        playing(page)
        page.get_by_role("button", name="Pause", exact=True).wait_for()
        assert page.get_by_role("tab", name="Video").get_attribute("aria-selected") == "true"

        # The scrub bar spans the preview.
        stage = page.locator(f"#panel-right {STAGE}").bounding_box()
        scrub = page.get_by_role("slider", name="Scrub").bounding_box()
        assert stage is not None and scrub is not None
        assert scrub["width"] >= stage["width"] - 16

        # Paused by hand: the button says Play, and agrees with the video.
        page.get_by_role("button", name="Pause", exact=True).click()
        page.wait_for_function(f"() => document.querySelector('{VIDEO}').paused")
        page.get_by_role("button", name="Play", exact=True).wait_for()

        # A new render: its video replaces the old one and plays from the start (not from where
        # the old one stood).
        page.evaluate(f"() => {{ document.querySelector('{VIDEO}').currentTime = 1.5; }}")
        old = page.get_attribute(VIDEO, "src")
        edit(graphs / "intro.yaml", "radius: 1.5", "radius: 1.25")
        wait_for(page, lambda: page.get_attribute(VIDEO, "src") != old, what="the new video")
        playing(page)
        page.get_by_role("button", name="Pause", exact=True).wait_for()
        assert page.evaluate(f"() => document.querySelector('{VIDEO}').played.start(0)") < 0.2
        ed.shot("preview-video")
        assert ed.errors == []


def test_choosing_the_last_frame_is_remembered(browser: Any, video_server: tuple[Path, str]) -> None:
    _, url = video_server
    with page_on(browser, url) as ed:
        page = ed.page
        ed.open("intro")
        playing(page)
        page.get_by_role("tab", name="Last frame").click()
        image_src(page)
        assert page.locator(VIDEO).count() == 0

        page.reload()
        ed.open("intro")
        image_src(page)
        assert page.locator(VIDEO).count() == 0  # no video loads, none plays
        assert json.loads(page.evaluate("() => localStorage.getItem('manim-nodes:preview')"))["mode"] == "frame"

        # The preview window shares the choice; picking the video there plays it.
        page.goto(f"{url}/preview?graph=intro")
        image_src(page)
        assert page.locator(VIDEO).count() == 0
        page.get_by_role("tab", name="Video").click()
        playing(page)
        page.reload()
        playing(page)
        assert ed.errors == []


def test_shots_are_kept(browser: Any, video_server: tuple[Path, str]) -> None:
    """The editor with a taller preview and the preview window, at 1440x900, for people to look at."""
    _, url = video_server
    with page_on(browser, url, viewport={"width": 1440, "height": 900}) as ed:
        page = ed.page
        page.goto(f"{url}/preview?graph=intro")
        playing(page)
        page.wait_for_selector("[data-testid=render-status][data-phase=done]")
        ed.shot("preview-window-video")
        assert (SHOTS / "preview-window-video.png").is_file()
        assert ed.errors == []
