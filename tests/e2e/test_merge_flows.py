"""Issue 14 point 3 in headless Chromium against a real server and real files: a text editor's
save and the browser's work merge node by node, and what a save from elsewhere removed is said
in a notice with a way back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from e2e_support import Editor, hold_first_put, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]


def nodes(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = YAML(typ="safe").load(path.read_text())
    return dict(data["nodes"])


def test_a_text_editors_old_copy_keeps_the_node_added_in_the_browser(
    editor: Editor, fake_server: tuple[Path, str]
) -> None:
    data, _ = fake_server
    path = data / "intro.yaml"
    page = editor.page
    editor.open("intro")
    old_copy = path.read_text()  # a text editor opened the file here

    page.locator(".palette-item[data-type=Dot]").click()  # the browser adds a node, saved
    wait_for(page, lambda: "dot" in nodes(path), what="the new node to be saved")
    editor.wait_saved()

    path.write_text(old_copy.replace("radius: 1.5", "radius: 2.5"))  # the text editor saves its old copy
    wait_for(
        page,
        lambda: "dot" in nodes(path) and nodes(path)["circle"]["params"]["radius"] == 2.5,
        what="both changes in the file",
    )
    toast = page.locator(".toast")
    toast.wait_for()
    assert "older copy" in toast.inner_text() and "dot" in toast.inner_text()
    editor.node("dot").wait_for()
    page.wait_for_selector("[data-testid=node-circle] .row-value >> text=2.5")
    editor.wait_saved()
    assert [e for e in editor.errors] == []


def test_an_unsaved_edit_and_a_text_editors_save_to_another_node_both_survive(
    editor: Editor, fake_server: tuple[Path, str]
) -> None:
    data, _ = fake_server
    path = data / "intro.yaml"
    page = editor.page
    editor.open("intro")
    held = hold_first_put(page, "**/api/graphs/intro")
    editor.select("circle")
    page.fill("#prop-circle-radius", "2.25")
    wait_for(page, lambda: bool(held), what="the save to start")
    path.write_text(path.read_text().replace("side_length: 3", "side_length: 7"))
    page.wait_for_timeout(600)  # the text editor's save is seen while the browser's is in flight
    held[0].continue_()

    wait_for(
        page,
        lambda: (
            nodes(path)["circle"]["params"]["radius"] == 2.25 and nodes(path)["square"]["params"]["side_length"] == 7
        ),
        what="both edits in the file",
    )
    editor.wait_saved()
    assert page.locator("[data-testid=conflict-dialog]").count() == 0
    page.wait_for_selector("[data-testid=node-square] .row-value >> text=7")


def test_what_a_save_from_elsewhere_removed_is_told_and_restored(editor: Editor, fake_server: tuple[Path, str]) -> None:
    data, _ = fake_server
    path = data / "intro.yaml"
    page = editor.page
    editor.open("intro")
    text = path.read_text()
    assert "morph" in nodes(path)
    lines = [line for line in text.splitlines(keepends=True)]
    start = next(i for i, line in enumerate(lines) if line.startswith("  morph:"))
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("  ") and not lines[i].startswith("    "))
    cut = "".join(lines[:start] + lines[end:]).replace("animations: [draw, morph]", "animations: [draw]")
    path.write_text(cut)

    toast = page.locator(".toast")
    toast.wait_for()
    assert "removed morph" in toast.inner_text()
    page.wait_for_selector("[data-testid=node-morph]", state="detached")
    editor.shot("e2e-removed-notice")
    toast.get_by_role("button", name="Restore").click()
    wait_for(page, lambda: "morph" in nodes(path), what="the node back in the file")
    assert nodes(path)["out"]["inputs"]["animations"] == ["draw", "morph"]
    editor.node("morph").wait_for()
    editor.wait_saved()
