"""The docs stay true: generated pages are current, links resolve, every setting and route is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from manim_nodes import __version__, docs_gen
from manim_nodes.config import CONFIG_KEYS, ENVIRONMENT, Settings, read_config_file

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.glob("*.md"))
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)


@pytest.mark.parametrize("name", sorted(docs_gen.generated_docs()))
def test_generated_pages_are_current(name: str) -> None:
    path = DOCS / name
    expected = docs_gen.generated_docs()[name]
    assert path.is_file() and path.read_text(encoding="utf-8") == expected, (
        f"docs/{name} is stale: run `{docs_gen.REGENERATE}` and commit the result"
    )


def test_check_mode_names_stale_pages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert docs_gen.main(["--check", "--docs", str(tmp_path)]) == 1
    assert "nodes.md is stale" in capsys.readouterr().err
    assert not any(tmp_path.iterdir())  # --check only reads
    assert docs_gen.main(["--docs", str(tmp_path)]) == 0
    assert docs_gen.main(["--check", "--docs", str(tmp_path)]) == 0


def test_node_reference_covers_every_node_and_port() -> None:
    from manim_nodes.catalog import CATALOG

    text = docs_gen.node_reference()
    for node in CATALOG.values():
        section = text.split(f"\n### {node.type}\n", 1)[1].split("\n### ", 1)[0]
        for port in node.inputs:
            shared = "[style ports]" in section or "[timing ports]" in section
            assert f"`{port.name}`" in section or shared, f"{node.type}.{port.name} is not in docs/nodes.md"


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    return {_slug(m.group(1)) for m in re.finditer(r"^#+\s+(.+)$", text, re.M)}


@pytest.mark.parametrize("page", [*PAGES, ROOT / "README.md", ROOT / "CHANGELOG.md"], ids=lambda p: p.name)
def test_links_resolve(page: Path) -> None:
    text = FENCE.sub("", page.read_text(encoding="utf-8"))
    for target in LINK.findall(text):
        if re.match(r"[a-z]+:", target):
            continue  # http(s), mailto
        file_part, _, anchor = target.partition("#")
        linked = (page.parent / file_part).resolve() if file_part else page
        assert linked.exists(), f"{page.name}: link to {target} points at nothing"
        if anchor and linked.suffix == ".md":
            assert anchor in _anchors(linked), f"{page.name}: no heading for #{anchor} in {linked.name}"


def test_docs_index_lists_every_page() -> None:
    index = (DOCS / "README.md").read_text(encoding="utf-8")
    for page in PAGES:
        if page.name != "README.md":
            assert f"]({page.name})" in index, f"docs/README.md does not link {page.name}"


def test_configuration_page_names_every_setting() -> None:
    text = (DOCS / "configuration.md").read_text(encoding="utf-8")
    for variable in [*ENVIRONMENT, "WATCHFILES_FORCE_POLLING"]:
        assert f"`{variable}`" in text, f"docs/configuration.md does not describe ${variable}"
    for section, key in CONFIG_KEYS:
        assert f"`{section}.{key}`" in text, f"docs/configuration.md does not describe {section}.{key}"


def test_configuration_example_is_a_valid_config(tmp_path: Path) -> None:
    text = (DOCS / "configuration.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n# config.yml: every setting\n(.*?)```", text, re.S)
    assert block, "docs/configuration.md lost its full config.yml example"
    path = tmp_path / "config.yml"
    path.write_text(block.group(1))
    values = read_config_file(path)  # raises on an unknown key
    assert set(values) == set(CONFIG_KEYS.values()), "the full example should set every config key"
    defaults = Settings()
    assert values["quality"][0] == defaults.quality
    assert float(values["max_render_time"][0]) == defaults.max_render_time
    assert values["port"][0] == defaults.port


def test_api_page_documents_every_api_route(tmp_path: Path) -> None:
    from manim_nodes.server import ServerOptions, create_app

    app = create_app(Settings(data_dir=tmp_path), object(), ServerOptions(watch=False))  # type: ignore[arg-type]
    text = (DOCS / "api.md").read_text(encoding="utf-8")
    routes = {(r.method, r.resource.canonical) for r in app.router.routes() if r.method != "HEAD"}  # type: ignore[union-attr]
    for method, path in sorted(routes):
        if path.startswith("/api/"):
            assert f"{method} {path}" in text, f"docs/api.md does not document {method} {path}"


def test_changelog_names_the_current_version() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(rf"^## \[.*\]: {re.escape(__version__)}$|^## \[{re.escape(__version__)}\]", text, re.M), (
        f"CHANGELOG.md has no section for {__version__} (manim_nodes/__init__.py)"
    )


def test_release_checklist_has_the_deployment_requirements_items() -> None:
    text = (DOCS / "release.md").read_text(encoding="utf-8")
    items = [
        "All tests pass", "Code reviewed and merged", "Version bumped", "CHANGELOG.md updated",
        "Documentation updated", "Docker image builds successfully", "Tested on a clean machine",
        "Verify the application starts", "Smoke test", "Check the logs for errors", "Monitor for the first 24 hours",
    ]  # fmt: skip
    for item in items:
        assert f"- [ ] **{item}" in text, f"docs/release.md lost the checklist item {item!r}"
