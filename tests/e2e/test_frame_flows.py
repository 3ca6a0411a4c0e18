"""Organising a canvas (issue 14.8) in headless Chromium against a real server (stand-in
engine): frames that move their nodes and notes, stored in the graph file and ignored by the
compiler."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from e2e_support import Editor, make_root, wait_for
from server_fixtures import server_process

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]

GRAPH = """\
# Shapes first, then the show.
version: 1
name: Frames
nodes:
  circle: {type: Circle, pos: [0, 0]}
  square: {type: Square, pos: [0, 220]}   # below the circle
  grow: {type: Create, inputs: {mobject: circle}, pos: [320, 0]}
  out: {type: Scene, inputs: {add: [square], animations: [grow]}, pos: [640, 100]}
"""

CANVAS = """\
canvas:
  frames:
    cast:
      title: The cast
      pos: [-40, -80]
      size: [300, 520]
      color: BLUE
  notes:
    idea:
      text: |-
        Grow the circle slowly?
        Two seconds, maybe.
      pos: [320, 240]
      size: [240, 110]
"""


@pytest.fixture
def frames_server(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    root = make_root(tmp_path)
    path = root / "graphs" / "frames.yaml"
    path.write_text(GRAPH)
    (root / "graphs" / "framed.yaml").write_text(GRAPH + CANVAS)
    with server_process(root, fake_engine=True) as (_, url):
        yield path, url


@pytest.fixture
def ed(browser: Any, frames_server: tuple[Path, str]) -> Iterator[Editor]:
    editor = Editor(browser, frames_server[1])
    yield editor
    editor.close()


def on_disk(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text())


def canvas_on_disk(path: Path) -> dict[str, Any]:
    return on_disk(path).get("canvas") or {}


def code_of(url: str, name: str) -> str:
    with urllib.request.urlopen(f"{url}/api/graphs/{name}/code") as response:
        return str(json.load(response)["code"])


def test_a_note_added_from_the_menu_is_saved_with_the_comments(ed: Editor, frames_server: tuple[Path, str]) -> None:
    path, _ = frames_server
    page = ed.page
    ed.open("frames")
    page.locator(".react-flow__pane").click(button="right", position={"x": 80, "y": 520})
    assert page.get_by_role("menu").get_attribute("aria-label") == "Canvas actions"
    page.get_by_role("menuitem", name="Add note").click()
    text = page.get_by_label("Note text")
    text.wait_for()
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Note text"  # ready to type
    page.keyboard.type("Slow the circle down\nand add a label")
    wait_for(
        page,
        lambda: (
            canvas_on_disk(path).get("notes", {}).get("note", {}).get("text") == "Slow the circle down\nand add a label"
        ),
        what="the note's text on disk",
    )
    ed.wait_saved()
    saved = path.read_text()
    assert saved.startswith("# Shapes first, then the show.\n")
    assert "pos: [0, 220]}   # below the circle" in saved
    assert on_disk(path)["nodes"]["circle"] == {"type": "Circle", "pos": [0, 0]}

    # Click away: the note shows its text; Delete removes it from the file.
    page.locator(".react-flow__pane").click(position={"x": 600, "y": 600})
    note = page.get_by_test_id("note-note")
    assert note.inner_text() == "Slow the circle down\nand add a label"
    note.click()
    page.keyboard.press("Delete")
    wait_for(page, lambda: "canvas" not in on_disk(path), what="the note deleted on disk")
    assert path.read_text().startswith("# Shapes first, then the show.\n")
    assert ed.errors == []


def test_a_frame_around_two_nodes_moves_them_together(ed: Editor, frames_server: tuple[Path, str]) -> None:
    path, _ = frames_server
    page = ed.page
    ed.open("frames")
    ed.select("circle")
    page.keyboard.down("Shift")
    ed.select("square")
    page.keyboard.up("Shift")
    ed.node("square").locator(".gnode-head").click(button="right")
    page.get_by_role("menuitem", name="Frame selection").click()
    title = page.get_by_label("Frame title")
    title.wait_for()
    page.keyboard.type("Shapes")
    page.keyboard.press("Enter")
    wait_for(
        page, lambda: canvas_on_disk(path).get("frames", {}).get("frame", {}).get("title") == "Shapes", what="the frame"
    )
    frame = canvas_on_disk(path)["frames"]["frame"]
    x, y, w, h = *frame["pos"], *frame["size"]
    for node in ("circle", "square"):  # a node belongs to the frame its pos lies in
        px, py = on_disk(path)["nodes"][node]["pos"]
        assert x < px < x + w and y < py < y + h
    assert not x <= 640 <= x + w  # the Scene is outside

    # Drag the frame by its title bar: both nodes move by the frame's offset, the Scene stays.
    head = page.get_by_test_id("frame-frame").locator(".frame-head").bounding_box()
    assert head
    sx, sy = head["x"] + head["width"] - 30, head["y"] + head["height"] / 2
    page.mouse.move(sx, sy)
    page.mouse.down()
    page.mouse.move(sx + 60, sy + 40, steps=5)
    page.mouse.move(sx + 120, sy + 80, steps=5)
    page.mouse.up()
    wait_for(page, lambda: canvas_on_disk(path)["frames"]["frame"]["pos"] != [x, y], what="the frame moved on disk")
    ed.wait_saved()
    data = on_disk(path)
    fx, fy = data["canvas"]["frames"]["frame"]["pos"]
    dx, dy = fx - x, fy - y
    assert dx > 0 and dy > 0
    assert data["nodes"]["circle"]["pos"] == [0 + dx, 0 + dy]
    assert data["nodes"]["square"]["pos"] == [0 + dx, 220 + dy]
    assert data["nodes"]["out"]["pos"] == [640, 100]
    assert "# below the circle" in path.read_text()

    # The drag was one undo step: the frame and both nodes go back together.
    page.keyboard.press("Control+z")
    wait_for(page, lambda: on_disk(path)["nodes"]["circle"]["pos"] == [0, 0], what="the undo on disk")
    data = on_disk(path)
    assert data["nodes"]["square"]["pos"] == [0, 220]
    assert data["canvas"]["frames"]["frame"]["pos"] == [x, y]
    assert ed.errors == []


def test_frames_and_notes_written_by_hand_show_and_follow_the_file(ed: Editor, frames_server: tuple[Path, str]) -> None:
    path, _ = frames_server
    page = ed.page
    framed = path.with_name("framed.yaml")
    ed.open("framed")
    frame = page.get_by_test_id("frame-cast")
    frame.wait_for()
    assert frame.locator(".frame-title").inner_text() == "The cast"
    note = page.get_by_test_id("note-idea")
    assert note.inner_text() == "Grow the circle slowly?\nTwo seconds, maybe."
    # Frames and notes are not nodes: no ports, and selecting one leaves the node properties shut.
    assert frame.locator(".react-flow__handle").count() == 0 and note.locator(".react-flow__handle").count() == 0
    ed.select("circle")
    frame.locator(".frame-head").click()
    page.locator(".props-type", has_text="Graph").wait_for()
    note.click()
    page.wait_for_timeout(200)
    assert page.locator(".props-type").inner_text() == "Graph"
    assert framed.read_text().endswith(CANVAS)  # opening and clicking changed nothing

    # A text editor changes the note and renames the frame: the canvas follows.
    framed.write_text(framed.read_text().replace("Two seconds, maybe.", "Three seconds.").replace("The cast", "Cast"))
    wait_for(page, lambda: note.inner_text().endswith("Three seconds."), what="the note redrawn")
    wait_for(page, lambda: frame.locator(".frame-title").inner_text() == "Cast", what="the frame renamed")

    # Double-click the title to rename; drag the selected frame's corner to resize it.
    frame.locator(".frame-title").dblclick()
    page.get_by_label("Frame title").fill("Actors")
    page.keyboard.press("Enter")
    wait_for(page, lambda: canvas_on_disk(framed)["frames"]["cast"]["title"] == "Actors", what="the title on disk")
    corner = frame.locator(".react-flow__resize-control.handle.bottom.right").bounding_box()
    assert corner
    cx, cy = corner["x"] + corner["width"] / 2, corner["y"] + corner["height"] / 2
    page.mouse.move(cx, cy)
    page.mouse.down()
    page.mouse.move(cx + 40, cy + 30, steps=5)
    page.mouse.up()
    wait_for(page, lambda: canvas_on_disk(framed)["frames"]["cast"]["size"] != [300, 520], what="the new size on disk")
    width, height = canvas_on_disk(framed)["frames"]["cast"]["size"]
    assert width > 300 and height > 520
    assert canvas_on_disk(framed)["frames"]["cast"]["pos"] == [-40, -80]

    # Ctrl+D copies the selected note beside it.
    note.click()
    page.keyboard.press("Control+d")
    wait_for(page, lambda: "idea_2" in canvas_on_disk(framed)["notes"], what="the copy on disk")
    copy = canvas_on_disk(framed)["notes"]["idea_2"]
    assert copy["pos"] == [360, 280] and copy["text"].startswith("Grow the circle slowly?")
    assert "# Shapes first, then the show." in framed.read_text()

    assert ed.errors == []


def test_the_ejected_script_ignores_frames_and_notes(frames_server: tuple[Path, str]) -> None:
    _, url = frames_server
    plain = code_of(url, "frames")
    assert code_of(url, "framed").replace("framed", "frames") == plain
    assert "cast" not in plain and "Grow the circle slowly" not in code_of(url, "framed")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_of_frames_and_notes(browser: Any, frames_server: tuple[Path, str], scheme: str) -> None:
    """Pictures to look at (build/screenshots): a frame and a note at a laptop's size."""
    _, url = frames_server
    ed = Editor(browser, url, viewport={"width": 1440, "height": 900}, color_scheme=scheme)
    try:
        ed.open("framed")
        ed.page.get_by_test_id("frame-cast").wait_for()
        ed.page.wait_for_timeout(300)
        ed.shot(f"frames-1440x900-{scheme}")
        ed.page.get_by_test_id("note-idea").click()
        ed.shot(f"frames-1440x900-{scheme}-note-selected")
        assert ed.errors == []
    finally:
        ed.close()
