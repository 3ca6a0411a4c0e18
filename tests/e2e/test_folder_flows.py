"""Folders in the browser, against the real server (stand-in engine) and its real watcher:
the graph list grouped by folder, ``/?graph=gallery/MovingAngle``, a new graph in a new
folder, edits saved into a folder, and a folder made on disk showing up live."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from e2e_support import Editor, wait_for
from server_fixtures import EXAMPLE

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]


def folders(page: Any) -> list[str]:
    return page.locator(".graph-folder").evaluate_all("els => els.map(e => e.dataset.folder)")


def test_folders_in_the_editor(editor: Editor, fake_server: tuple[Path, str]) -> None:
    data, url = fake_server
    (data / "gallery" / "deep").mkdir(parents=True)
    shutil.copy(EXAMPLE, data / "gallery" / "MovingAngle.yaml")
    shutil.copy(EXAMPLE, data / "gallery" / "deep" / "Other.yaml")
    (data / ".trash").mkdir()
    shutil.copy(EXAMPLE, data / ".trash" / "gallery.Old.20260101T000000Z.yaml")
    page = editor.page

    # open a graph in a folder by its URL
    editor.open("gallery/MovingAngle")
    editor.node("morph").wait_for()
    assert "graph=gallery/MovingAngle" in page.url
    wait_for(page, lambda: folders(page) == ["gallery", "gallery/deep"], what="the folder headings")
    gallery = page.locator(".graph-folder[data-folder='gallery']")
    assert gallery.locator(".graph-item.active[data-name='gallery/MovingAngle']").count() == 1
    assert page.locator(".graph-item[data-name='gallery.Old']").count() == 0  # .trash is not listed

    # top-level graphs come before the folders; a folder collapses and opens again
    names = page.locator(".graph-item").evaluate_all("els => els.map(e => e.dataset.name)")
    assert names == ["demo", "intro", "gallery/MovingAngle", "gallery/deep/Other"]
    head = page.locator(".graph-folder[data-folder='gallery/deep'] > .graph-folder-head")
    head.click()
    assert head.get_attribute("aria-expanded") == "false"
    assert page.locator(".graph-item[data-name='gallery/deep/Other']").count() == 0
    head.click()
    page.locator(".graph-item[data-name='gallery/deep/Other']").wait_for()

    # an edit saves into the file in its folder; the preview URL keeps the folder
    editor.select("circle")
    page.fill("#prop-circle-radius", "2.25")
    path = data / "gallery" / "MovingAngle.yaml"
    wait_for(page, lambda: "radius: 2.25" in path.read_text(), what="the edit to save into the folder")
    editor.wait_saved()

    def preview() -> str | None:
        rows = page.request.get(f"{url}/api/graphs").json()["graphs"]
        row = next(r for r in rows if r["name"] == "gallery/MovingAngle")
        return row["preview"]["image"] if row["preview"] else None

    wait_for(page, lambda: preview() is not None, what="a preview")
    image = preview()
    assert image is not None and image.startswith("/previews/gallery/MovingAngle/")
    assert page.request.get(f"{url}{image}").status == 200

    # a new graph in a new folder from the New dialog
    page.get_by_role("button", name="+ New").click()
    dialog = page.locator("[data-testid=new-dialog]")
    dialog.get_by_label("Name", exact=True).fill("…/!")  # nothing a file name can be made of
    assert dialog.get_by_role("button", name="Create").is_disabled()
    dialog.get_by_label("Name", exact=True).fill("fresh/code")
    assert dialog.get_by_role("button", name="Create").is_disabled()
    dialog.get_by_label("Name", exact=True).fill("fresh/Scene 1")
    assert dialog.get_by_text("Saved as fresh/Scene-1.yaml, titled “Scene 1”").count() == 1
    dialog.get_by_label("Name", exact=True).fill("fresh/Scene1")
    assert dialog.get_by_text("Saved as fresh/Scene1.yaml").count() == 1
    dialog.get_by_role("button", name="Create").click()
    dialog.wait_for(state="detached")
    wait_for(page, lambda: "graph=fresh/Scene1" in page.url, what="the URL to follow the new graph")
    editor.wait_saved()
    assert (data / "fresh" / "Scene1.yaml").is_file()
    page.locator(".graph-folder[data-folder='fresh'] .graph-item.active[data-name='fresh/Scene1']").wait_for()

    # a folder made on disk, seen by the watcher, shows up in the list
    (data / "later").mkdir()
    shutil.copy(EXAMPLE, data / "later" / "Made.yaml")
    page.locator(".graph-folder[data-folder='later'] .graph-item[data-name='later/Made']").wait_for(timeout=15_000)
    wait_for(page, lambda: folders(page) == ["fresh", "gallery", "gallery/deep", "later"], what="sorted folders")

    # and a folder deleted on disk leaves it
    shutil.rmtree(data / "later")
    page.locator(".graph-folder[data-folder='later']").wait_for(state="detached", timeout=15_000)

    # search shows matches inside folders
    page.fill("input[aria-label='Search graphs']", "other")
    wait_for(page, lambda: page.locator(".graph-item").count() == 1, what="the search")
    assert folders(page) == ["gallery/deep"]
    editor.shot("e2e-folders")
    assert editor.errors == []
