"""Live nodes in the editor, against a real server with the stand-in engine: what changes while
the scene plays is marked on the canvas, its wires move, and the searches find trackers and
updaters."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from e2e_support import REPO, Editor, make_root, wait_for
from server_fixtures import server_process

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]

# graphs/value_tracker.yaml: a tracker moves a dot along a curve, a number rides above it.
LIVE = {"x_value", "height", "where", "dot", "value", "label", "trail"}
STILL = {"curve", "ride", "back", "out"}


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[str]:
    root = make_root(tmp_path)
    for name in ("value_tracker", "scene_clock"):
        shutil.copy(REPO / "graphs" / f"{name}.yaml", root / "graphs" / f"{name}.yaml")
    with server_process(root, fake_engine=True) as (_, url):
        yield url


def edge(page: Any, edge_id: str) -> Any:
    return page.locator(f".react-flow__edge[data-id='{edge_id}']")


def listed(page: Any, selector: str, attribute: str) -> list[str]:
    return page.eval_on_selector_all(selector, f"els => els.map(e => e.getAttribute('{attribute}'))")


def test_live_nodes_and_wires_are_marked_and_found(browser: Any, live_server: str) -> None:
    ed = Editor(browser, live_server)
    page = ed.page
    try:
        served = page.request.get(f"{live_server}/api/graphs/value_tracker").json()
        assert set(served["live"]) == LIVE
        ed.open("value_tracker")

        # Every live node carries the badge, and only those.
        page.wait_for_selector("[data-testid=node-x_value][data-live=true]")
        marked = {testid.removeprefix("node-") for testid in listed(page, ".gnode[data-live=true]", "data-testid")}
        assert marked == LIVE
        for node_id in LIVE:
            badge = ed.node(node_id).locator(".gnode-live")
            assert badge.inner_text().lower() == "live"
            assert "changes while the scene plays" in (badge.get_attribute("title") or "")
        for node_id in STILL:
            assert ed.node(node_id).get_attribute("data-live") == "false"
            assert ed.node(node_id).locator(".gnode-live").count() == 0

        # A wire out of a live node moves; one out of a still node does not.
        live_wire = edge(page, "height:x")  # x_value -> height
        classes = live_wire.get_attribute("class") or ""
        assert "animated" in classes and "live" in classes.split()
        dash = live_wire.locator("path.react-flow__edge-path").evaluate("p => getComputedStyle(p).animationName")
        assert dash not in ("", "none")
        ed.shot("e2e-live")
        # The tracker itself, wired into the animations that move it, is not what changes.
        for still_id in ("out:add#0", "ride:mobject"):  # curve -> out, x_value (tracker) -> ride
            still = edge(page, still_id)
            assert "animated" not in (still.get_attribute("class") or "")
            assert "live" not in (still.get_attribute("class") or "").split()

        # The palette finds the tracker by its words, and what mentions updaters.
        search = page.get_by_label("Search nodes", exact=True)
        search.fill("value tracker")
        wait_for(page, lambda: listed(page, ".palette-item", "data-type")[:1] == ["ValueTracker"], what="ValueTracker")
        catalog = page.request.get(f"{live_server}/api/nodes").json()["nodes"]
        updaters = {
            n["type"]
            for n in catalog
            if "updater" in " ".join([n["description"], *(i.get("description", "") for i in n["inputs"])]).lower()
        }
        assert updaters
        search.fill("updater")
        wait_for(page, lambda: set(listed(page, ".palette-item", "data-type")) == updaters, what="the updater nodes")
        search.fill("")

        # So does Ctrl+K.
        page.locator(".react-flow__pane").click(position={"x": 30, "y": 30})
        page.keyboard.press("Control+k")
        page.wait_for_selector("[data-testid=search-dialog]")
        page.keyboard.type("tracker")
        options = "[data-testid=search-dialog] [role=option] .search-type"
        wait_for(page, lambda: page.locator(options).first.inner_text() == "ValueTracker", what="Ctrl+K to find it")
        page.keyboard.press("Escape")
        assert ed.errors == []
    finally:
        ed.close()
