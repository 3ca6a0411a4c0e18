"""The timeline under the preview (issue 13, points 3 and 5), in headless Chromium against the real
render engine: a click on a block seeks the video into it, the playhead lights the block's node on
the canvas, dragging a block's right edge changes its node's run_time in the file by one line (never
to zero or less), and a timeline older than the graph says so."""

from __future__ import annotations

import difflib
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from e2e_support import Editor, wait_for
from server_fixtures import EXAMPLE, server_process

pytestmark = [pytest.mark.browser, pytest.mark.render, pytest.mark.timeout(240)]

VIDEO = "[data-testid=preview-video]"
RENDER = 120_000  # ms: a first render starts Manim


@pytest.fixture(scope="module")
def real_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """One server for the module; each test works on its own copy of the example (draw, then morph)."""
    root = tmp_path_factory.mktemp("timeline")
    data = root / "graphs"
    data.mkdir()
    for name in ("seek", "drag", "stale"):
        shutil.copy(EXAMPLE, data / f"{name}.yaml")
    with server_process(root, fake_engine=False) as (_, url):
        yield data, url


@pytest.fixture
def editor(browser: Any, real_server: tuple[Path, str]) -> Iterator[Editor]:
    ed = Editor(browser, real_server[1], viewport={"width": 1440, "height": 900})
    yield ed
    ed.close()


def block(page: Any, node: str) -> Any:
    return page.locator(f"#panel-right .tl-block[data-node={node}]")


def span(page: Any, node: str) -> tuple[float, float]:
    """Start and end, in seconds, of the block of ``node``'s animation."""
    b = block(page, node)
    b.wait_for(timeout=RENDER)
    return float(b.get_attribute("data-start")), float(b.get_attribute("data-end"))


def strip_ready(page: Any) -> None:
    """The editor shows a fresh preview: its video and a current timeline."""
    page.wait_for_selector("[data-testid=render-status][data-phase=done]", timeout=RENDER)
    page.wait_for_selector("#panel-right [data-testid=timeline][data-stale=false]", timeout=RENDER)
    page.locator(f"#panel-right {VIDEO}").wait_for(timeout=RENDER)


def video_time(page: Any) -> float:
    return float(page.evaluate(f"() => document.querySelector('{VIDEO}').currentTime"))


def run_time_line(text: str) -> str:
    return next(line for line in text.splitlines() if "run_time" in line)


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def drag_edge(page: Any, node: str, dx: float, release: bool = True) -> None:
    edge = block(page, node).locator(".tl-edge")
    box = edge.bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + dx / 2, y, steps=4)
    page.mouse.move(x + dx, y, steps=4)
    if release:
        page.mouse.up()


def test_a_click_on_a_block_seeks_the_video_into_it(editor: Editor, real_server: tuple[Path, str]) -> None:
    _, url = real_server
    page = editor.page
    editor.open("seek")
    strip_ready(page)
    assert page.locator("#panel-right .tl-block").count() == 2  # draw, then morph (it shows itself: no hold)
    start, end = span(page, "morph")
    assert 0 < start < end

    # A click shows the video inside that block, paused there, and the playhead marks it.
    block(page, "morph").locator(".tl-seek").click()
    page.wait_for_function(f"() => document.querySelector('{VIDEO}').paused")
    wait_for(page, lambda: start < video_time(page) < end, what="the video's time inside the block")
    page.wait_for_selector("#panel-right .tl-block.active[data-node=morph]")
    # Its node lights up on the canvas.
    page.wait_for_selector(".react-flow__node.timeline-active[data-id=morph]")
    assert page.locator(".react-flow__node.timeline-active").count() == 1

    start, end = span(page, "draw")
    block(page, "draw").locator(".tl-seek").click()
    wait_for(page, lambda: start <= video_time(page) < end, what="the video's time inside the first block")
    page.wait_for_selector(".react-flow__node.timeline-active[data-id=draw]")

    # Selecting an animation node on the canvas highlights its block.
    editor.select("morph")
    page.wait_for_selector("#panel-right .tl-block.selected[data-node=morph]")
    assert page.locator("#panel-right .tl-block.selected").count() == 1

    # "Play from here" plays the video from the block's start.
    start, end = span(page, "morph")
    block(page, "morph").hover()
    block(page, "morph").get_by_role("button", name="Play from morph").click()
    page.wait_for_function(f"() => !document.querySelector('{VIDEO}').paused")
    assert video_time(page) >= start

    # The preview window draws the same strip, and its blocks seek its video too.
    page.goto(f"{url}/preview?graph=seek")
    strip = page.locator(".pw-timeline .tl-block")
    strip.first.wait_for(timeout=RENDER)
    assert strip.count() == 2
    morph = page.locator(".pw-timeline .tl-block[data-node=morph]")
    morph.locator(".tl-seek").click()
    wait_for(page, lambda: start < video_time(page) < end, what="the window's video inside the block")
    editor.shot("timeline-seek")
    assert editor.errors == []


def test_dragging_a_blocks_edge_changes_its_run_time_by_one_line(editor: Editor, real_server: tuple[Path, str]) -> None:
    graphs, _ = real_server
    path = graphs / "drag.yaml"
    page = editor.page
    editor.open("drag")
    strip_ready(page)
    start, end = span(page, "morph")
    assert abs((end - start) - 2) < 0.1  # run_time: 2
    assert block(page, "out").count() == 0
    # The first block's node takes a run_time too; the Scene's hold (when there is one) does not.
    assert block(page, "draw").locator(".tl-edge").count() == 1

    box = block(page, "morph").bounding_box()
    assert box is not None
    per_second = box["width"] / (end - start)
    before = path.read_text()

    # Half a second longer: the block shows the new length while it is dragged.
    drag_edge(page, "morph", per_second * 0.5, release=False)
    live = block(page, "morph").locator(".tl-live")
    assert live.inner_text() in {"2.45 s", "2.5 s", "2.55 s"}
    page.mouse.up()
    editor.wait_saved()
    wait_for(page, lambda: path.read_text() != before, what="the file to change")
    after = path.read_text()
    lines = changed_lines(before, after)
    assert len(lines) == 2, lines  # one line out, one line in
    assert lines[0] == "-    params: {run_time: 2}"
    run_time = float(lines[1].split("run_time:")[1].strip(" }"))
    assert abs(run_time - 2.5) <= 0.051, lines

    # The new preview's block lasts as long.
    def rerendered() -> bool:
        return abs(float(block(page, "morph").get_attribute("data-end") or 0) - start - run_time) < 0.1

    wait_for(page, rerendered, timeout=RENDER / 1000, what="the re-rendered block")
    # Only the retimed (last) animation rendered again: the first one's segment came from the cache.
    assert block(page, "draw").get_attribute("data-cached") == "true"
    assert block(page, "morph").get_attribute("data-cached") == "false"

    # Zero or less is refused: the drag stops at the shortest run_time, and says so.
    strip_ready(page)
    before = path.read_text()
    drag_edge(page, "morph", -box["width"] * 3, release=False)
    hint = page.locator("#panel-right .tl-hint.refused")
    hint.wait_for()
    assert "more than 0" in hint.inner_text()
    assert block(page, "morph").locator(".tl-live.refused").inner_text() == "0.1 s"
    page.mouse.up()
    editor.wait_saved()
    wait_for(page, lambda: path.read_text() != before, what="the file to change")
    old_line = run_time_line(before)
    assert changed_lines(before, path.read_text()) == [f"-{old_line}", "+    params: {run_time: 0.1}"]

    # From the keyboard: Shift+Right on a block adds a tenth of a second.
    before = path.read_text()
    block(page, "morph").locator(".tl-seek").focus()
    page.keyboard.press("Shift+ArrowRight")
    editor.wait_saved()
    wait_for(page, lambda: path.read_text() != before, what="the file to change")
    assert changed_lines(before, path.read_text())[1:] == ["+    params: {run_time: 0.2}"]
    assert editor.errors == []


def test_a_timeline_older_than_the_graph_says_so(editor: Editor, real_server: tuple[Path, str]) -> None:
    graphs, _ = real_server
    path = graphs / "stale.yaml"
    page = editor.page
    editor.open("stale")
    strip_ready(page)
    strip = page.locator("#panel-right [data-testid=timeline]")
    assert strip.locator("[data-testid=timeline-stale]").count() == 0

    # The graph becomes invalid: the strip stays, dimmed, and says why.
    good = path.read_text()
    path.write_text(good.replace("target: square", "target: sqare"))
    page.wait_for_selector("#panel-right [data-testid=timeline][data-stale=true]")
    badge = strip.locator("[data-testid=timeline-stale]")
    assert badge.inner_text().lower() == "stale"
    assert "errors" in (badge.get_attribute("title") or "")
    assert "errors" in strip.locator(".tl-hint").inner_text()
    editor.shot("timeline-stale")
    page.emulate_media(color_scheme="dark")
    editor.shot("timeline-stale-dark")
    page.emulate_media(color_scheme="light")

    # Fixed, it renders again and the strip is current.
    path.write_text(good)
    page.wait_for_selector("#panel-right [data-testid=timeline][data-stale=false]", timeout=RENDER)
    assert strip.locator("[data-testid=timeline-stale]").count() == 0

    assert editor.errors == []
