"""The browser node editor end to end: the real server on a free loopback port, a temp
data dir, and headless Chromium driven by Playwright.

Screenshots go to build/screenshots/ (gitignored) for a look by eye.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest

from e2e_support import Editor, hold_first_put, make_root, wait_for
from server_fixtures import server_process

pytestmark = pytest.mark.browser


@pytest.mark.render
def test_build_a_scene_and_see_the_preview(browser: Any, tmp_path: Path) -> None:
    """Add a Circle, wire it into a Create and the Create into the Scene, set the radius."""
    root = make_root(tmp_path)
    data = root / "graphs"
    with server_process(root, fake_engine=False) as (_, url):
        ed = Editor(browser, url)
        page = ed.page
        ed.open("demo")
        page.get_by_role("tab", name="Last frame").click()  # the video shows by default (issue 13.4)
        before = (
            page.get_attribute("[data-testid=preview-image]", "src")
            if page.locator("[data-testid=preview-image]").count()
            else None
        )

        page.locator(".palette-item[data-type=Circle]").drag_to(
            page.locator(".react-flow__pane"), target_position={"x": 120, "y": 260}
        )
        ed.node("circle").wait_for()

        ed.add_from_wire("circle", "mobject", 140, 170, "Create", "create")

        ed.drag_wire(ed.handle("create", "animation"), ed.handle("out", "animations#0"))
        page.wait_for_selector("[data-testid=node-out] .row.slot >> text=create")

        ed.node("circle").locator(".gnode-head").click()
        page.fill("#prop-circle-radius", "2")

        wait_for(page, lambda: "radius: 2" in (data / "demo.yaml").read_text(), what="the file to change")
        text = (data / "demo.yaml").read_text()
        assert text.startswith("# A scene to build in the browser.")
        assert re.search(r"inputs: \{mobject: circle\}", text)
        assert "animations: [create]" in text

        page.wait_for_function(
            "before => { const i = document.querySelector('[data-testid=preview-image]');"
            " return i && i.getAttribute('src') !== before && i.complete && i.naturalWidth > 0; }",
            arg=before,
            timeout=60_000,
        )
        page.wait_for_selector("[data-testid=render-status][data-phase=done]", timeout=60_000)
        ed.shot("e2e-build-scene")
        assert ed.errors == []
        ed.close()


def test_editing_the_file_updates_the_canvas_in_place(editor: Editor, fake_server: tuple[Path, str]) -> None:
    data, _ = fake_server
    page = editor.page
    editor.open("intro")
    editor.node("square").locator(".gnode-head").click()
    viewport = page.locator(".react-flow__viewport").get_attribute("style")

    path = data / "intro.yaml"
    text = path.read_text().replace("side_length: 3", "side_length: 4.5")
    text += "  label:\n    type: Text\n    params: {text: Hello}\n    pos: [80, 520]\n"
    started = time.monotonic()
    path.write_text(text)

    editor.node("label").wait_for(timeout=5000)
    page.wait_for_selector("[data-testid=node-square] .row-value >> text=4.5")
    assert time.monotonic() - started < 3  # a second on a quiet machine; CI boxes are shared
    assert "selected" in (editor.node("square").get_attribute("class") or "")
    assert page.locator(".react-flow__viewport").get_attribute("style") == viewport
    assert page.get_attribute("[data-testid=save-state]", "data-state") == "saved"
    editor.shot("e2e-disk-edit")
    assert editor.errors == []


def test_a_stale_save_asks_which_version_to_keep(editor: Editor, fake_server: tuple[Path, str]) -> None:
    """Both sides change the circle's radius (and the file one more value): the dialog shows
    the clash node by node, and "Keep mine" keeps the file's other change too."""
    data, _ = fake_server
    page = editor.page
    editor.open("intro")
    held = hold_first_put(page, "**/api/graphs/intro")
    editor.node("circle").locator(".gnode-head").click()
    page.fill("#prop-circle-radius", "2.25")
    wait_for(page, lambda: bool(held), what="the save to start")

    path = data / "intro.yaml"
    path.write_text(path.read_text().replace("side_length: 3", "side_length: 7").replace("radius: 1.5", "radius: 9"))
    page.wait_for_timeout(600)  # the change event arrives while the save is in flight
    held[0].continue_()

    dialog = page.locator("[data-testid=conflict-dialog]")
    dialog.wait_for(timeout=5000)
    assert page.get_attribute("[data-testid=save-state]", "data-state") == "conflict"
    rows = dialog.locator(".conflict-row.both")
    assert rows.count() == 1
    assert rows.first.inner_text().split("\n")[-1] == "circle · radius: yours 2.25, on disk 9"
    editor.shot("e2e-conflict")
    assert "side_length: 7" in path.read_text()  # nothing was overwritten behind the user's back

    dialog.get_by_role("button", name="Keep mine where both changed").click()
    wait_for(page, lambda: "radius: 2.25" in path.read_text(), what="my version to be saved")
    assert "side_length: 7" in path.read_text(), "the change made only on disk is kept"
    page.wait_for_selector("[data-testid=save-state][data-state=saved]")

    # The version on disk that was not kept is one undo away.
    page.locator(".react-flow__pane").click(position={"x": 40, "y": 40})
    page.keyboard.press("Control+z")
    page.wait_for_selector("[data-testid=node-circle] .row-value >> text=9")
    # The browser itself logs the refused save; the editor adds nothing.
    assert [e for e in editor.errors if "412" not in e] == []


def test_an_invalid_wire_is_refused_with_a_hint(editor: Editor, fake_server: tuple[Path, str]) -> None:
    data, _ = fake_server
    page = editor.page
    editor.open("intro")
    before = (data / "intro.yaml").read_text()
    edges = page.locator(".react-flow__edge").count()

    # A mobject does not fit the Scene's animations.
    editor.drag_wire(editor.handle("circle", "mobject"), editor.handle("out", "animations#2"), release=False)
    hint = page.locator(".wire-hint")
    hint.wait_for(timeout=3000)
    assert "animation" in hint.inner_text()
    editor.shot("e2e-invalid-wire")
    page.mouse.up()

    page.wait_for_timeout(500)
    assert page.locator(".react-flow__edge").count() == edges
    assert (data / "intro.yaml").read_text() == before
    assert editor.errors == []


def test_graph_list_search_palette_and_shortcuts(editor: Editor) -> None:
    page = editor.page
    editor.open("intro")
    page.fill("input[aria-label='Search graphs']", "dem")
    assert page.locator(".graph-item").count() == 1

    page.keyboard.press("Control+k")
    page.wait_for_selector("[data-testid=search-dialog]")
    page.keyboard.type("Square")
    page.keyboard.press("Enter")
    editor.node("square_2").wait_for()
    page.wait_for_selector("[data-testid=save-state][data-state=saved]")

    page.locator(".react-flow__pane").click(position={"x": 40, "y": 40})
    page.keyboard.press("?")
    page.wait_for_selector("[data-testid=help]")
    editor.shot("e2e-help")
    page.keyboard.press("Escape")
    page.get_by_role("tab", name="Code").click()
    page.wait_for_selector("[data-testid=code] >> text=class")
    assert editor.errors == []
