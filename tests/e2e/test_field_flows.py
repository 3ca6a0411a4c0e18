"""Text, number and expression fields in headless Chromium against a real server (stand-in engine),
issue 14 points 1 and 2: a field writes the file only with complete, valid input, and a change made
on disk reaches a field even while it has focus, so the next keystroke builds on it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from e2e_support import Editor, make_root, wait_for
from server_fixtures import server_process

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]

GRAPH = """version: 1
nodes:
  curve: {type: FunctionGraph, params: {function: sin(x)}, pos: [0, 0]}
  ring: {type: Circle, params: {radius: 3}, pos: [0, 260]}
  out: {type: Scene, inputs: {add: [curve, ring]}, pos: [400, 100]}
"""
QUIET = 1200  # ms: past the field's pause and the save's debounce


@pytest.fixture
def field_server(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    root = make_root(tmp_path)
    (root / "graphs" / "fields.yaml").write_text(GRAPH)
    with server_process(root, fake_engine=True) as (_, url):
        yield root / "graphs" / "fields.yaml", url


@pytest.fixture
def ed(browser: Any, field_server: tuple[Path, str]) -> Iterator[Editor]:
    editor = Editor(browser, field_server[1])
    editor.open("fields")
    yield editor
    editor.close()


def params(path: Path, node: str) -> Any:
    return YAML(typ="safe").load(path.read_text())["nodes"][node].get("params", {})


def test_an_incomplete_expression_is_never_saved(ed: Editor, field_server: tuple[Path, str]) -> None:
    path, _ = field_server
    page = ed.page
    ed.select("curve")
    field = page.locator("#prop-curve-function")
    field.click()
    field.press("Control+a")
    # typed as a person would: `sin(x) * e` is valid on the way, and must not be saved
    field.press_sequentially("sin(x) * exp(-x**2 / 20", delay=25)
    page.wait_for_timeout(QUIET)
    assert params(path, "curve")["function"] == "sin(x)"
    assert "missing" in page.locator("[data-port=function] .exprfield .field-error").inner_text()
    assert field.input_value() == "sin(x) * exp(-x**2 / 20"

    field.press("End")
    field.press_sequentially(")")
    wait_for(
        page, lambda: params(path, "curve")["function"] == "sin(x) * exp(-x**2 / 20)", what="the whole expression saved"
    )
    assert page.locator("[data-port=function] .exprfield .field-error").count() == 0
    assert ed.errors == []


def test_a_change_on_disk_reaches_a_focused_field(ed: Editor, field_server: tuple[Path, str]) -> None:
    path, _ = field_server
    page = ed.page
    ed.select("ring")
    field = page.locator("#prop-ring-radius")
    field.click()
    assert field.input_value() == "3"

    path.write_text(GRAPH.replace("radius: 3", "radius: 5"))  # as a text editor would
    wait_for(page, lambda: field.input_value() == "5", timeout=5, what="the focused field to show the disk's radius")
    assert field.evaluate("el => el === document.activeElement")

    field.press("End")
    field.press_sequentially("0")
    wait_for(page, lambda: params(path, "ring").get("radius") == 50, what="50 saved, not 30 or 35")
    page.wait_for_timeout(QUIET)
    assert params(path, "ring")["radius"] == 50
    assert field.input_value() == "50"
    assert ed.errors == []
