"""Subgraphs in the browser (issue 15.1) against the real server (stand-in engine) and its
watcher: a graph that uses another graph file as a node shows it with that file's ports, opens
it and comes back along the breadcrumbs, and a selection becomes a graph file of its own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from e2e_support import Editor, make_root, wait_for
from server_fixtures import server_process

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]

LABELLED_DOT = """\
version: 1
name: Labelled dot
inputs:
  color: {kind: color, default: YELLOW, description: Colour of the dot}
  shape: {kind: mobject}
outputs:
  group: group
  intro: show
nodes:
  dot: {type: Dot, inputs: {color: "$color"}, pos: [0, 0]}
  group: {type: VGroup, inputs: {mobjects: [dot, "$shape"]}, pos: [280, 0]}
  show: {type: Create, inputs: {mobject: group}, pos: [560, 0]}
"""

MAIN = """\
# Uses parts/labelled_dot as one node.
version: 1
name: Main
nodes:
  circle: {type: Circle, params: {radius: 1}, pos: [0, 0]}
  a:
    type: Subgraph
    graph: parts/labelled_dot
    params: {color: RED}
    inputs: {shape: circle}
    pos: [300, 0]
  square: {type: Square, pos: [0, 320]}
  grow: {type: Create, inputs: {mobject: square}, pos: [300, 320]}
  out: {type: Scene, inputs: {animations: [a.intro, grow]}, pos: [640, 120]}
"""

BROKEN = """\
version: 1
name: Broken
nodes:
  b: {type: Subgraph, graph: parts/gone, pos: [0, 0]}
  out: {type: Scene, inputs: {animations: [b.intro]}, pos: [320, 0]}
"""


@pytest.fixture
def project(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    root = make_root(tmp_path)
    data = root / "graphs"
    (data / "parts").mkdir()
    (data / "parts" / "labelled_dot.yaml").write_text(LABELLED_DOT)
    (data / "main.yaml").write_text(MAIN)
    (data / "broken.yaml").write_text(BROKEN)
    with server_process(root, fake_engine=True) as (_, url):
        yield data, url


@pytest.fixture
def ed(browser: Any, project: tuple[Path, str]) -> Iterator[Editor]:
    editor = Editor(browser, project[1])
    yield editor
    editor.close()


def handles(editor: Editor, node_id: str, kind: str) -> list[str]:
    """The handle ids of one side of a node: ``source`` (outputs) or ``target`` (inputs)."""
    return (
        editor.node(node_id)
        .locator(f".react-flow__handle.{kind}")
        .evaluate_all("els => els.map(e => e.dataset.handleid)")
    )


def crumbs(editor: Editor) -> str:
    return " ".join(editor.page.get_by_test_id("breadcrumbs").inner_text().split())


def test_a_subgraph_node_opens_and_the_breadcrumbs_lead_back(ed: Editor, project: tuple[Path, str]) -> None:
    data, _ = project
    page = ed.page
    ed.open("main")
    a = ed.node("a")
    a.wait_for()

    # the node shows the graph's title, its file, its inputs and outputs as ports
    assert a.locator(".gnode-title").inner_text() == "Labelled dot"
    assert a.locator(".gnode-graph").inner_text() == "parts/labelled_dot"
    assert handles(ed, "a", "source") == ["group", "intro"]
    assert {"color", "shape"} <= set(handles(ed, "a", "target"))
    assert "RED" in a.locator(".row.in", has_text="color").inner_text()
    assert a.locator(".gnode-badge").count() == 0  # valid: the server knows the subgraph too
    page.locator(".react-flow__edge[data-id='out:animations#0']").wait_for()  # a.intro -> out

    # its inputs are edited in the properties panel like any node's
    ed.select("a")
    page.locator(".props").get_by_role("button", name="Open subgraph", exact=True).wait_for()
    page.fill("#prop-a-color", "BLUE")
    page.keyboard.press("Enter")
    wait_for(page, lambda: "color: BLUE" in (data / "main.yaml").read_text(), what="the colour to save")
    ed.wait_saved()

    # the palette offers the project's graphs with ports, not the open one
    project = page.get_by_test_id("palette-project")
    assert project.locator(".palette-item").evaluate_all("els => els.map(e => e.dataset.graph)") == [
        "parts/labelled_dot"
    ]

    # open it from the node's button; the breadcrumb leads back, the node selected
    page.get_by_test_id("open-subgraph-a").click()
    wait_for(page, lambda: "graph=parts/labelled_dot" in page.url, what="the subgraph to open")
    ed.node("dot").wait_for()
    assert crumbs(ed) == "main › a (parts/labelled_dot)"
    assert project.locator(".palette-item[data-graph='parts/labelled_dot']").count() == 0  # not itself
    page.get_by_test_id("breadcrumbs").get_by_role("button", name="main").click()
    wait_for(page, lambda: "graph=main" in page.url, what="the way back")
    a.wait_for()
    wait_for(page, lambda: "selected" in (a.get_attribute("class") or ""), what="the node to be selected")
    assert page.get_by_test_id("breadcrumbs").count() == 0

    # double-click opens it too, and Alt+Left comes back
    a.locator(".gnode-graph").dblclick()
    wait_for(page, lambda: "graph=parts/labelled_dot" in page.url, what="double-click to open")
    ed.node("dot").wait_for()
    page.keyboard.press("Alt+ArrowLeft")
    wait_for(page, lambda: "graph=main" in page.url, what="Alt+Left to go back")
    a.wait_for()

    # and Enter on the selected node
    ed.select("a")
    page.keyboard.press("Enter")
    wait_for(page, lambda: "graph=parts/labelled_dot" in page.url, what="Enter to open")
    page.get_by_test_id("breadcrumbs").wait_for()
    ed.shot("e2e-subgraph-inside")
    assert ed.errors == []


def test_a_selection_becomes_a_subgraph_file(ed: Editor, project: tuple[Path, str]) -> None:
    data, _ = project
    page = ed.page
    ed.open("main")
    ed.node("grow").wait_for()

    # an edit still waiting to be saved goes in before the extract
    ed.select("circle")
    page.fill("#prop-circle-radius", "2.5")

    ed.select("square")
    ed.node("grow").locator(".gnode-head").click(modifiers=["Shift"])
    ed.node("grow").locator(".gnode-head").click(button="right")
    menu = page.get_by_test_id("context-menu")
    menu.get_by_role("menuitem", name="Make subgraph…").click()
    dialog = page.get_by_test_id("extract-dialog")
    dialog.get_by_label("Graph name").fill("parts/grower")
    assert dialog.get_by_label("Node id").input_value() == "grower"
    dialog.get_by_label("Graph name").fill("parts/labelled_dot")
    assert dialog.get_by_role("button", name="Make subgraph").is_disabled()  # that graph exists
    dialog.get_by_label("Graph name").fill("parts/grower")
    dialog.get_by_role("button", name="Make subgraph").click()
    dialog.wait_for(state="detached")

    # the parent comes back in place: the new node instead of the two, selected, saved
    grower = ed.node("grower")
    grower.wait_for()
    assert ed.node("square").count() == 0 and ed.node("grow").count() == 0
    wait_for(page, lambda: "selected" in (grower.get_attribute("class") or ""), what="the new node to be selected")
    assert grower.locator(".gnode-graph").inner_text() == "parts/grower"
    wait_for(page, lambda: len(handles(ed, "grower", "source")) > 0, what="the new graph's outputs as ports")
    ed.wait_saved()

    # both files on disk
    made = data / "parts" / "grower.yaml"
    assert made.is_file()
    inner = made.read_text()
    assert "square:" in inner and "grow:" in inner
    main = (data / "main.yaml").read_text()
    assert "grower:" in main and "type: Subgraph" in main and "graph: parts/grower" in main
    assert "square:" not in main and "grow:" not in main.replace("grower", "")
    assert "radius: 2.5" in main  # the pending edit was saved first
    assert "# Uses parts/labelled_dot as one node." in main  # comments kept

    # the editor holds the new version: the next edit saves without a conflict
    ed.select("circle")
    page.fill("#prop-circle-radius", "3")
    page.keyboard.press("Enter")
    wait_for(page, lambda: "radius: 3" in (data / "main.yaml").read_text(), what="the next edit to save")
    ed.wait_saved()
    assert page.get_by_test_id("conflict-dialog").count() == 0

    # the new graph is offered in the palette, and its node opens it
    page.get_by_test_id("palette-project").locator(".palette-item[data-graph='parts/grower']").wait_for()
    page.get_by_test_id("open-subgraph-grower").click()
    wait_for(page, lambda: "graph=parts/grower" in page.url, what="the new subgraph to open")
    ed.node("square").wait_for()
    assert crumbs(ed) == "main › grower (parts/grower)"
    ed.shot("e2e-subgraph-made")
    assert ed.errors == []


def test_a_subgraph_whose_file_is_missing_shows_on_its_node(ed: Editor) -> None:
    page = ed.page
    ed.open("broken")
    b = ed.node("b")
    b.wait_for()
    # an error state on the node, not a crash: no ports, no way in, the problem named
    assert "parts/gone" in b.locator(".gnode-error").first.inner_text()
    assert page.get_by_test_id("open-subgraph-b").count() == 0
    assert b.locator(".react-flow__handle.source").count() == 0
    wait_for(page, lambda: b.locator(".gnode-badge").count() == 1, what="the server's error on the node")
    assert "parts/gone" in b.locator(".gnode-error").inner_text()  # one message, the server's
    assert "has-problem" in (b.get_attribute("class") or "")
    ed.select("b")
    assert page.locator(".props .field-error").count() >= 1
    assert ed.errors == []
