"""The editor's layout and small things (issue 14.6, 14.7) in headless Chromium against a real
server (stand-in engine): range fields, formulas on nodes, the minimap, side panels, free spots
for new nodes and the context menu."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from e2e_support import Editor, make_root, wait_for
from server_fixtures import server_process

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]

GRAPH = r"""version: 1
name: Layout
nodes:
  axes: {type: ThreeDAxes, params: {x_range: [-2, 2, 0.5]}, pos: [0, 0]}
  euler: {type: MathTex, params: {tex: 'e^{i\pi} + 1 = 0'}, pos: [300, 0]}
  words: {type: Tex, params: {tex: 'Area $x^2$'}, pos: [300, 200]}
  broken: {type: MathTex, params: {tex: '\frac{1}{'}, pos: [300, 400]}
  circle: {type: Circle, pos: [0, 620]}
  grow: {type: Create, inputs: {mobject: circle}, pos: [420, 620]}
  out: {type: Scene, inputs: {add: [axes, euler, words], animations: [grow]}, pos: [900, 100]}
"""


@pytest.fixture
def layout_server(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    root = make_root(tmp_path)
    path = root / "graphs" / "layout.yaml"
    path.write_text(GRAPH)
    with server_process(root, fake_engine=True) as (_, url):
        yield path, url


@pytest.fixture
def ed(browser: Any, layout_server: tuple[Path, str]) -> Iterator[Editor]:
    editor = Editor(browser, layout_server[1])
    yield editor
    editor.close()


def on_disk(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text())["nodes"]


def test_range_fields_are_labelled_min_max_step(ed: Editor, layout_server: tuple[Path, str]) -> None:
    path, _ = layout_server
    page = ed.page
    ed.open("layout")
    ed.select("axes")
    field = page.locator("[data-port=x_range] .vecfield")
    assert field.locator(".drag-grip").all_inner_texts() == ["min", "max", "step"]
    page.get_by_label("step", exact=True).first.fill("0.25")
    wait_for(page, lambda: on_disk(path)["axes"]["params"]["x_range"] == [-2, 2, 0.25], what="the step saved")
    ed.select("circle")  # a point keeps its axes
    assert page.locator("[data-port=position] .drag-grip").all_inner_texts() == ["x", "y", "z"]
    assert ed.errors == []


def test_formula_nodes_show_their_rendered_latex(ed: Editor, layout_server: tuple[Path, str]) -> None:
    path, _ = layout_server
    ed.open("layout")
    ed.node("euler").locator(".gnode-formula .katex").wait_for()
    ed.node("words").locator(".gnode-formula .katex").wait_for()
    # KaTeX cannot read it: the source shows as plain text, and nothing throws.
    broken = ed.node("broken").locator(".gnode-formula")
    assert broken.locator(".katex").count() == 0
    assert broken.inner_text() == r"\frac{1}{"
    assert ed.node("circle").locator(".gnode-formula").count() == 0

    # An edit on disk redraws the formula.
    path.write_text(path.read_text().replace(r"'\frac{1}{'", r"'\frac{1}{2}'"))
    ed.node("broken").locator(".gnode-formula .katex").wait_for()
    assert ed.errors == []


def test_the_minimap_toggle_is_remembered_and_starts_off_on_a_narrow_canvas(
    browser: Any, layout_server: tuple[Path, str]
) -> None:
    _, url = layout_server
    wide = Editor(browser, url, viewport={"width": 1800, "height": 900})
    try:
        page = wide.page
        wide.open("layout")
        minimap = page.locator(".react-flow__minimap")
        toggle = page.get_by_test_id("minimap-toggle")
        minimap.wait_for()  # a wide canvas has room for it
        assert toggle.get_attribute("aria-pressed") == "true"
        toggle.click()
        minimap.wait_for(state="detached")
        page.reload()
        page.wait_for_selector(".react-flow__node")
        page.wait_for_timeout(300)
        assert minimap.count() == 0  # the choice survives a reload
        assert toggle.get_attribute("aria-pressed") == "false"
        toggle.click()
        minimap.wait_for()
        assert wide.errors == []
    finally:
        wide.close()

    narrow = Editor(browser, url, viewport={"width": 1024, "height": 700})
    try:
        narrow.open("layout")
        narrow.page.wait_for_timeout(300)
        assert narrow.page.locator(".react-flow__minimap").count() == 0
        assert narrow.page.get_by_test_id("minimap-toggle").get_attribute("aria-pressed") == "false"
        narrow.page.get_by_role("button", name="Show the minimap").click()
        narrow.page.locator(".react-flow__minimap").wait_for()
        assert narrow.errors == []
    finally:
        narrow.close()


def width(page: Any, selector: str) -> float:
    box = page.locator(selector).bounding_box()
    return box["width"] if box else 0.0


def test_side_panels_collapse_and_resize_and_are_remembered(ed: Editor) -> None:
    page = ed.page
    ed.open("layout")
    canvas = width(page, ".react-flow")
    left = width(page, "#panel-left")

    page.get_by_role("button", name="Hide the graphs and nodes panel").click()
    page.locator("#panel-left").wait_for(state="hidden")
    wait_for(page, lambda: width(page, ".react-flow") >= canvas + left - 2, what="the canvas to widen")
    page.reload()
    page.wait_for_selector(".react-flow__node")
    assert page.locator("#panel-left").is_hidden()  # remembered
    page.get_by_role("button", name="Show the graphs and nodes panel").click()
    page.locator("#panel-left").wait_for()
    assert page.get_by_role("button", name="Hide the graphs and nodes panel").get_attribute("aria-expanded") == "true"

    # Drag the right panel's edge 120px into the canvas: the panel grows, the canvas shrinks.
    right = width(page, "#panel-right")
    canvas = width(page, ".react-flow")
    handle = page.get_by_test_id("resize-right").bounding_box()
    assert handle
    x, y = handle["x"] + handle["width"] / 2, handle["y"] + 200
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x - 60, y, steps=4)
    page.mouse.move(x - 120, y, steps=4)
    page.mouse.up()
    assert abs(width(page, "#panel-right") - (right + 120)) <= 2
    assert abs(width(page, ".react-flow") - (canvas - 120)) <= 2
    page.reload()
    page.wait_for_selector(".react-flow__node")
    assert abs(width(page, "#panel-right") - (right + 120)) <= 2

    # The arrow keys resize it too; a double-click gives back the default width.
    page.get_by_test_id("resize-right").focus()
    page.keyboard.press("ArrowRight")
    assert abs(width(page, "#panel-right") - (right + 104)) <= 2
    page.get_by_test_id("resize-right").dblclick()
    assert abs(width(page, "#panel-right") - right) <= 2
    assert ed.errors == []


def boxes_overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and a["x"] + a["width"] > b["x"]
        and a["y"] < b["y"] + b["height"]
        and a["y"] + a["height"] > b["y"]
    )


def test_new_and_pasted_nodes_never_overlap_others(editor: Editor, fake_server: tuple[Path, str]) -> None:
    page = editor.page
    editor.open("demo")
    # Two clicks on the palette ask for the same spot, the middle of the view.
    page.locator(".palette-item[data-type=Square]").click()
    editor.node("square").wait_for()
    page.locator(".palette-item[data-type=Square]").click()
    editor.node("square_2").wait_for()
    # Pasted over the first square, and duplicated: each lands in a free spot.
    editor.select("square")
    page.keyboard.press("Control+c")
    first = editor.node("square").bounding_box()
    assert first
    page.mouse.move(first["x"] + 10, first["y"] + 10)
    page.keyboard.press("Control+v")
    editor.node("square_3").wait_for()
    page.keyboard.press("Control+d")
    editor.node("square_4").wait_for()
    editor.wait_saved()

    ids = ["out", "square", "square_2", "square_3", "square_4"]
    boxes = {i: editor.node(i).bounding_box() for i in ids}
    for i, a in boxes.items():
        for j, b in boxes.items():
            assert a and b
            assert i == j or not boxes_overlap(a, b), f"{i} overlaps {j}"
    assert editor.errors == []


def menu_items(page: Any) -> list[str]:
    return [t.split("\n")[0].strip() for t in page.get_by_role("menuitem").all_inner_texts()]


def test_the_context_menu_on_nodes_wires_and_the_canvas(ed: Editor, layout_server: tuple[Path, str]) -> None:
    path, _ = layout_server
    page = ed.page
    ed.open("layout")
    menu = page.get_by_role("menu")

    # A node: duplicate it, then animate the formula with the animation that suits it.
    ed.node("circle").locator(".gnode-head").click(button="right")
    assert menu.get_attribute("aria-label") == "Node actions"
    assert menu_items(page) == [
        "Duplicate",
        "Copy",
        "Animate with Create",
        "Animate with FadeIn",
        "Disconnect all wires",
        "Delete",
    ]
    page.get_by_role("menuitem", name="Duplicate").click()
    ed.node("circle_2").wait_for()
    assert menu.count() == 0
    ed.node("euler").locator(".gnode-head").click(button="right")
    page.get_by_role("menuitem", name="Animate with Write").click()
    ed.node("write").wait_for()
    wait_for(page, lambda: on_disk(path).get("write", {}).get("inputs") == {"mobject": "euler"}, what="the animation")

    # The keyboard: the first item has focus, arrows move, Escape closes.
    ed.node("words").locator(".gnode-head").click(button="right")
    assert page.evaluate("document.activeElement.textContent").startswith("Duplicate")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.textContent").startswith("Delete")
    page.keyboard.press("Escape")
    menu.wait_for(state="detached")
    assert "words" in on_disk(path)  # Escape ran nothing

    # A wire: Disconnect removes it from the file.
    wire = page.get_by_label("Edge from circle to grow").locator(".react-flow__edge-interaction")
    wire.click(button="right")
    assert menu.get_attribute("aria-label") == "Wire actions"
    page.get_by_role("menuitem", name="Disconnect").click()
    wait_for(page, lambda: "inputs" not in on_disk(path)["grow"], what="the wire removed on disk")

    # The canvas: Add node opens the node search at that point.
    page.locator(".react-flow__pane").click(button="right", position={"x": 40, "y": 300})
    assert menu.get_attribute("aria-label") == "Canvas actions"
    page.get_by_role("menuitem", name="Add node…").click()
    page.get_by_test_id("add-menu").wait_for()
    page.keyboard.type("Square")
    page.keyboard.press("Enter")
    ed.node("square").wait_for()
    ed.wait_saved()
    assert ed.errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_of_the_main_view(browser: Any, layout_server: tuple[Path, str], scheme: str) -> None:
    """Pictures to look at (build/screenshots): the main view at a laptop and a small window."""
    _, url = layout_server
    for w, h in ((1440, 900), (1024, 700)):
        ed = Editor(browser, url, viewport={"width": w, "height": h}, color_scheme=scheme)
        try:
            page = ed.page
            ed.open("layout")
            ed.node("euler").locator(".katex").wait_for()
            page.wait_for_timeout(300)
            # Nothing spills out of the window.
            assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
            assert page.evaluate("document.documentElement.scrollHeight <= innerHeight")
            ed.shot(f"layout-{w}x{h}-{scheme}")
            ed.select("axes")
            ed.node("axes").locator(".gnode-head").click(button="right")
            ed.shot(f"layout-{w}x{h}-{scheme}-menu")
            page.keyboard.press("Escape")
            assert ed.errors == []
        finally:
            ed.close()
