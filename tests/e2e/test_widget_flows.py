"""The editor's widgets for pictures, tables and brace directions, in headless Chromium against a
real server (stand-in engine): each offers what fits, and saves only complete, valid values."""

from __future__ import annotations

from collections.abc import Iterator
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
  logo: {type: SVGMobject, params: {file: pictures/a.svg}, pos: [0, 0]}
  grid: {type: Table, params: {table: [["1", "2"], ["3", "4"]]}, pos: [0, 220]}
  brace: {type: Brace, inputs: {mobject: logo}, pos: [300, 0]}
  out: {type: Scene, inputs: {add: [logo, grid, brace]}, pos: [600, 100]}
"""


@pytest.fixture
def widget_server(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    root = make_root(tmp_path)
    data = root / "graphs"
    (data / "pictures").mkdir()
    for name in ("a.svg", "b.svg"):
        (data / "pictures" / name).write_text(SVG)
    (data / "pictures" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")  # not for an SVG port
    (data / "widgets.yaml").write_text(GRAPH)
    with server_process(root, fake_engine=True) as (_, url):
        yield data / "widgets.yaml", url


def on_disk(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text())["nodes"]


def test_picture_table_and_direction_widgets_save_whole_values(browser: Any, widget_server: tuple[Path, str]) -> None:
    path, url = widget_server
    ed = Editor(browser, url)
    page = ed.page
    try:
        ed.open("widgets")

        # The picture field suggests the SVGs of the data dir, and saves only a whole path.
        ed.select("logo")
        field = page.locator("[data-port=file] input")
        field.click()
        wait_for(
            page,
            lambda: (
                page.eval_on_selector_all("[data-port=file] datalist option", "os => os.map(o => o.value)")
                == ["pictures/a.svg", "pictures/b.svg"]
            ),
            what="the SVGs offered",
        )
        field.fill("pictures/b")
        assert "only svg files" in page.locator("[data-port=file] .field-error").inner_text()
        page.wait_for_timeout(800)  # past the save debounce: nothing half-typed reaches the file
        assert on_disk(path)["logo"]["params"]["file"] == "pictures/a.svg"
        field.fill("pictures/b.svg")  # a listed file is taken at once
        wait_for(page, lambda: on_disk(path)["logo"]["params"]["file"] == "pictures/b.svg", what="the new path saved")

        # The table is a grid of cells, with rows added by a button.
        ed.select("grid")
        page.get_by_label("row 2, column 1", exact=True).fill("30")
        wait_for(page, lambda: on_disk(path)["grid"]["params"]["table"] == [["1", "2"], ["30", "4"]], what="the cell")
        page.locator("[data-port=table]").get_by_role("button", name="+ row").click()
        wait_for(page, lambda: len(on_disk(path)["grid"]["params"]["table"]) == 3, what="the new row")

        # A brace opens to a named side or along any vector.
        ed.select("brace")
        page.locator("[data-port=direction] select").select_option(label="vector [dx, dy]")
        wait_for(page, lambda: on_disk(path)["brace"].get("params", {}).get("direction") == [0, -1], what="the vector")
        ed.shot("e2e-widgets")
        assert ed.errors == []
    finally:
        ed.close()
