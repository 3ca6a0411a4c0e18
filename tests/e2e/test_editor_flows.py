"""Editor flows against a real server with the stand-in engine: problems, a server that goes
away and comes back, new graphs from templates with their code, and a clean console."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from e2e_support import Editor, make_root, restartable_server, wait_for
from server_fixtures import free_port

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]

BROKEN = """\
version: 1
name: Broken
nodes:
  circle:
    type: Circle
    pos: [0, 0]
  square:
    type: Square
    pos: [0, 200]
  morph:
    type: Transform
    inputs: {mobject: circle, target: sqare}
    pos: [1600, 1200]
  out:
    type: Scene
    inputs: {animations: [morph]}
    pos: [1900, 1200]
"""


def center(box: dict[str, float] | None) -> tuple[float, float]:
    assert box
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def test_problems_show_on_the_node_and_in_the_list(editor: Editor, fake_server: tuple[Path, str]) -> None:
    data, _ = fake_server
    path = data / "broken.yaml"
    path.write_text(BROKEN)
    page = editor.page
    editor.open("broken")

    morph = editor.node("morph")
    assert "has-problem" in (morph.get_attribute("class") or "")
    assert morph.locator(".gnode-badge").inner_text() == "1"
    assert morph.locator(".row.has-problem", has_text="target").count() == 1
    assert "has-problem" not in (editor.node("circle").get_attribute("class") or "")

    tab = page.get_by_role("tab", name="Problems")
    assert tab.locator(".badge").inner_text() == "1"
    tab.click()
    problem = page.locator("[data-testid=problems] .problem", has_text="did you mean 'square'")
    assert "morph.target" in problem.inner_text()

    # Zoom in on the far corner away from morph, then jump to it from the list.
    page.locator(".react-flow__pane").click(position={"x": 30, "y": 30})
    for _ in range(3):
        page.get_by_role("button", name="Zoom In").click()
    problem.get_by_role("button").click()
    page.wait_for_selector("[data-testid=node-morph].selected")
    canvas = center(page.locator(".react-flow").bounding_box())

    def centred() -> bool:
        x, y = center(morph.bounding_box())
        return abs(x - canvas[0]) < 40 and abs(y - canvas[1]) < 40

    wait_for(page, centred, what="the canvas to centre on morph")
    editor.shot("e2e-problems")

    # Fixed in a text editor: the problem goes away everywhere.
    path.write_text(path.read_text().replace("sqare", "square"))
    page.wait_for_selector("[data-testid=node-morph]:not(.has-problem)")
    page.wait_for_selector("text=No problems. The graph is valid.")
    assert tab.locator(".badge").count() == 0
    assert editor.errors == []


def test_the_server_going_away_and_coming_back(browser: Any, tmp_path: Path) -> None:
    root = make_root(tmp_path)
    path = root / "graphs" / "demo.yaml"
    with restartable_server(root, free_port()) as server:
        ed = Editor(browser, server.url)
        page = ed.page
        ed.open("demo")
        banner = page.locator("[data-testid=offline-banner]")
        assert banner.count() == 0

        server.stop()
        banner.wait_for(timeout=15_000)
        ed.shot("e2e-offline")

        # Edit while the server is away: kept in this browser.
        page.fill("#graph-title", "Made offline")
        page.wait_for_selector("[data-testid=save-state][data-state=offline]", timeout=10_000)
        kept = page.evaluate("localStorage.getItem('manim-nodes:unsaved:demo')")
        assert kept and json.loads(kept)["doc"]["name"] == "Made offline"
        assert "Made offline" not in path.read_text()

        server.start()
        banner.wait_for(state="detached", timeout=15_000)
        wait_for(page, lambda: "name: Made offline" in path.read_text(), timeout=15, what="the offline edit saved")
        assert path.read_text().startswith("# A scene to build in the browser.")
        ed.wait_saved()
        assert page.evaluate("localStorage.getItem('manim-nodes:unsaved:demo')") is None

        # The event stream is back: an edit on disk shows up on the canvas.
        path.write_text(path.read_text() + "  dot:\n    type: Dot\n    pos: [80, 80]\n")
        ed.node("dot").wait_for(timeout=15_000)
        ed.close()


def test_new_graph_from_an_example_template_with_live_code(editor: Editor, fake_server: tuple[Path, str]) -> None:
    data, url = fake_server
    page = editor.page
    templates = page.request.get(f"{url}/api/templates").json()["templates"]
    names = [t["name"] for t in templates]
    assert {"blank", "starter", "orbit_tour", "circle_to_square"} <= set(names)

    editor.open("intro")
    page.get_by_role("button", name="+ New").click()
    dialog = page.locator("[data-testid=new-dialog]")
    dialog.get_by_label("Name", exact=True).fill("Solar tour")  # a name with a space: the file name is derived
    assert dialog.get_by_test_id("new-graph-file").inner_text() == "Saved as Solar-tour.yaml, titled “Solar tour”"
    dialog.get_by_label("Name", exact=True).fill("tour")
    dialog.locator("label.template", has_text="Orbit tour").click()
    dialog.get_by_role("button", name="Create").click()
    dialog.wait_for(state="detached")

    editor.node("sun").wait_for()
    editor.wait_saved()
    assert "graph=tour" in page.url
    assert page.locator(".doc-title").inner_text() == "Tour"  # the display name follows the file name
    assert page.locator(".graph-item.active", has_text="tour").count() == 1
    assert "type: Circle" in (data / "tour.yaml").read_text()

    editor.tab("Code")
    code = page.locator("[data-testid=code]")
    page.wait_for_selector("[data-testid=code] >> text=class")
    assert "sun = Circle(" in code.inner_text()
    # Highlighted (issue 14.7), and it scrolls inside its panel instead of growing past the window.
    assert code.locator(".hljs-keyword").count() > 0 and code.locator(".hljs-string").count() > 0
    fits = "el => getComputedStyle(el).overflowY === 'auto' && el.getBoundingClientRect().bottom <= innerHeight + 1"
    assert code.evaluate(fits)

    editor.select("sun")
    page.fill("#prop-sun-radius", "0.75")
    wait_for(page, lambda: "radius: 0.75" in (data / "tour.yaml").read_text(), what="the edit to save")
    editor.tab("Code")
    page.wait_for_function(
        "() => document.querySelector('[data-testid=code]').textContent.includes('radius=0.75')", timeout=10_000
    )

    page.locator(".react-flow__pane").click(position={"x": 30, "y": 30})
    page.keyboard.press("Control+k")
    page.wait_for_selector("[data-testid=search-dialog]")
    page.keyboard.type("Star")
    page.keyboard.press("Enter")
    editor.node("star").wait_for()
    wait_for(page, lambda: "type: Star" in (data / "tour.yaml").read_text(), what="the new node to save")
    editor.wait_saved()
    assert editor.errors == []


def test_a_normal_session_logs_no_console_errors(editor: Editor, fake_server: tuple[Path, str]) -> None:
    data, _ = fake_server
    page = editor.page
    editor.open("demo")

    # Add a node from the palette, wire it through a new animation into the scene.
    page.locator(".palette-item[data-type=Square]").click()
    editor.node("square").wait_for()
    editor.add_from_wire("square", "mobject", 40, 260, "FadeIn", "fade_in")  # clear of the side panel
    editor.drag_wire(editor.handle("fade_in", "animation"), editor.handle("out", "animations#0"))
    page.wait_for_selector("[data-testid=node-out] .row.slot >> text=fade_in")

    # Edit a value, save now, undo and redo.
    editor.select("square")
    page.fill("#prop-square-side_length", "2.5")
    page.locator(".react-flow__pane").click(position={"x": 30, "y": 30})
    page.keyboard.press("Control+s")
    wait_for(page, lambda: "side_length: 2.5" in (data / "demo.yaml").read_text(), what="the save")
    page.keyboard.press("Control+z")
    page.keyboard.press("Control+Shift+z")
    editor.wait_saved()
    text = (data / "demo.yaml").read_text()
    assert "inputs: {mobject: square}" in text and "animations: [fade_in]" in text

    # Other graphs, the tabs and dialogs.
    page.locator(".graph-item", has_text="intro").locator(".graph-open").click()
    editor.node("morph").wait_for()
    for tab in ("Problems", "Code", "Properties"):
        editor.tab(tab)
    page.wait_for_selector("text=Circle to square")
    page.get_by_role("button", name="Export…").click()
    page.wait_for_selector("[data-testid=export-dialog]")
    page.keyboard.press("Escape")
    page.locator(".graph-item", has_text="Demo").locator(".graph-open").click()
    editor.node("fade_in").wait_for()
    editor.wait_saved()
    assert editor.errors == []
