"""Color, list, table, picture and node-id fields in headless Chromium against a real server
(stand-in engine), issue 14 point 2: a change made on disk reaches each of them while focused, so
the next keystroke builds on it; Ctrl+S saves a keystroke still waiting for the field's pause; a
node is renamed on blur or Enter only, never on a pause."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from e2e_support import Editor, make_root, wait_for
from server_fixtures import server_process

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'
GRAPH = """version: 1
nodes:
  ring: {type: Circle, params: {radius: 3, color: BLUE}, pos: [0, 0]}
  bars: {type: BarChart, params: {values: [3, 5, 2]}, pos: [0, 260]}
  grid: {type: Table, params: {table: [["1", "2"], ["3", "4"]]}, pos: [0, 560]}
  logo: {type: SVGMobject, params: {file: pictures/a.svg}, pos: [320, 0]}
  out: {type: Scene, inputs: {add: [ring, bars, grid, logo]}, pos: [640, 100]}
"""
QUIET = 1200  # ms: past the field's pause and the save's debounce


@pytest.fixture
def field_server(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    root = make_root(tmp_path)
    data = root / "graphs"
    (data / "pictures").mkdir()
    for name in ("a.svg", "b.svg", "bb.svg"):
        (data / "pictures" / name).write_text(SVG)
    (data / "fields.yaml").write_text(GRAPH)
    with server_process(root, fake_engine=True) as (_, url):
        yield data / "fields.yaml", url


@pytest.fixture
def ed(browser: Any, field_server: tuple[Path, str]) -> Iterator[Editor]:
    editor = Editor(browser, field_server[1])
    editor.open("fields")
    yield editor
    editor.close()


def nodes(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text())["nodes"]


def params(path: Path, node: str) -> Any:
    return nodes(path)[node].get("params", {})


@dataclass(frozen=True)
class Case:
    """A field, a change made to it on disk, and keys typed after it."""

    node: str
    field: Callable[[Any], Any]
    before: str
    disk: tuple[str, str]
    after: str
    keys: tuple[str, ...]
    saved: Callable[[Any], bool]


CASES = {
    "color": Case(
        "ring",
        lambda page: page.locator("#prop-ring-color"),
        "BLUE",
        ("color: BLUE", "color: RED"),
        "RED",
        ("End", "_", "E"),
        lambda p: p["ring"]["color"] == "RED_E",  # not BLUE_E
    ),
    # a list port shows one field per item (LiteralList in PropertiesPanel)
    "list": Case(
        "bars",
        lambda page: page.locator("#bars-values-2"),
        "2",
        ("values: [3, 5, 2]", "values: [3, 5, 8]"),
        "8",
        ("End", "1"),
        lambda p: p["bars"]["values"] == [3, 5, 81],  # not [3, 5, 21]
    ),
    "table": Case(
        "grid",
        lambda page: page.get_by_label("row 2, column 1", exact=True),
        "3",
        ('["3", "4"]', '["7", "4"]'),
        "7",
        ("End", "0"),
        lambda p: p["grid"]["table"] == [["1", "2"], ["70", "4"]],
    ),
    "picture": Case(
        "logo",
        lambda page: page.locator("#prop-logo-file"),
        "pictures/a.svg",
        ("file: pictures/a.svg", "file: pictures/b.svg"),
        "pictures/b.svg",
        ("End", "ArrowLeft", "ArrowLeft", "ArrowLeft", "ArrowLeft", "b"),
        lambda p: p["logo"]["file"] == "pictures/bb.svg",  # not pictures/ab.svg
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_a_change_on_disk_reaches_a_focused_field(name: str, ed: Editor, field_server: tuple[Path, str]) -> None:
    case = CASES[name]
    path, _ = field_server
    page = ed.page
    ed.select(case.node)
    field = case.field(page)
    field.click()
    assert field.input_value() == case.before

    old, new = case.disk
    path.write_text(GRAPH.replace(old, new))  # as a text editor would
    wait_for(
        page, lambda: field.input_value() == case.after, timeout=5, what=f"the focused {name} field to show the disk"
    )
    assert field.evaluate("el => el === document.activeElement")

    for key in case.keys:
        field.press(key)
    wait_for(
        page,
        lambda: case.saved({n: v.get("params", {}) for n, v in nodes(path).items()}),
        what="typing on the disk's value",
    )
    page.wait_for_timeout(QUIET)
    assert case.saved({n: v.get("params", {}) for n, v in nodes(path).items()})
    assert ed.errors == []


def test_ctrl_s_saves_a_keystroke_still_waiting_for_its_pause(browser: Any, field_server: tuple[Path, str]) -> None:
    path, url = field_server
    ed = Editor(browser, url)
    page = ed.page
    try:
        page.clock.install()  # so the field's pause can be held: only Ctrl+S can save then
        ed.open("fields")
        ed.select("ring")
        radius = page.locator("#prop-ring-radius")
        radius.click()
        page.clock.pause_at(page.evaluate("Date.now()") + 1000)

        radius.press("End")
        radius.press("0")
        page.wait_for_timeout(QUIET)  # real time; the page's timers stand still
        assert params(path, "ring")["radius"] == 3, "the pause is held, so nothing saves on its own"
        radius.press("Control+s")
        wait_for(page, lambda: params(path, "ring")["radius"] == 30, timeout=5, what="Ctrl+S to save the keystroke")

        color = page.locator("#prop-ring-color")
        color.click()
        color.press("End")
        color.press("_")
        color.press("E")
        color.press("Control+s")  # at once
        wait_for(page, lambda: params(path, "ring")["color"] == "BLUE_E", timeout=5, what="the color saved by Ctrl+S")
        page.clock.resume()
        assert ed.errors == []
    finally:
        ed.close()


def test_a_node_is_renamed_on_enter_or_blur_never_on_a_pause(ed: Editor, field_server: tuple[Path, str]) -> None:
    path, _ = field_server
    page = ed.page
    ed.select("ring")
    field = page.locator("#node-id")
    field.click()
    field.press("Control+a")
    field.press_sequentially("bars", delay=25)
    assert "is taken" in page.locator(".prop:has(#node-id) .field-error").inner_text()
    field.press("Control+a")
    field.press_sequentially("hoop", delay=25)
    page.wait_for_timeout(QUIET)
    field.press("Control+s")  # saving is not renaming either
    page.wait_for_timeout(QUIET)
    assert "ring" in nodes(path) and "hoop" not in nodes(path)
    assert field.input_value() == "hoop"

    field.press("Enter")
    wait_for(page, lambda: "hoop" in nodes(path), what="the rename on Enter")
    assert "ring" not in nodes(path)
    assert "hoop" in nodes(path)["out"]["inputs"]["add"]

    field = page.locator("#node-id")
    assert field.input_value() == "hoop"
    field.click()
    field.press("End")
    field.press_sequentially("_2", delay=25)
    page.wait_for_timeout(QUIET)
    assert "hoop" in nodes(path) and "hoop_2" not in nodes(path)
    field.press("Tab")  # leaving the field renames
    wait_for(page, lambda: "hoop_2" in nodes(path), what="the rename on blur")
    assert nodes(path)["out"]["inputs"]["add"] == ["hoop_2", "bars", "grid", "logo"]
    assert ed.errors == []
