"""The ``manim-nodes`` command: a thin translator from options to the library.

Commands import their implementation lazily so ``--help`` and ``validate`` start
fast, and user mistakes become one-line errors, never tracebacks.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from . import __version__

QUALITY = click.Choice(["low", "medium", "high", "4k"])
FORMAT = click.Choice(["mp4", "webm", "gif", "mov", "png"])


def _settings(flags: dict[str, Any] | None = None, config: Path | None = None):  # type: ignore[no-untyped-def]
    from .config import ConfigError, load_settings

    try:
        return load_settings(flags, config_path=config)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None


DATA_DIR_OPTION = click.option(
    "--data-dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Where the graph's images are named from (default: the data dir if the graph is in it, else its folder).",
)


def _graph_files(paths: tuple[Path, ...]) -> tuple[list[tuple[Path, Path | None]], dict[Path, str]]:
    """The graph files PATHS name: a file as given, a directory's graphs and its folders' (each
    with that directory); and the files shadowed by another of the same graph name, with it."""
    from .store import scan_graph_files

    files: list[tuple[Path, Path | None]] = []
    shadowed: dict[Path, str] = {}  # a file the server never shows, for another of the same name
    for path in paths:
        if path.is_dir():
            winners, losers = scan_graph_files(path)
            shadowed.update({Path(file): Path(winner).name for file, winner in losers})
            every = sorted([Path(file) for _, file in winners] + [Path(file) for file, _ in losers])
            files += [(file, path) for file in every]
        else:
            files.append((path, None))
    return files, shadowed


def _print_problems(file: str, problems: list) -> None:  # type: ignore[type-arg]
    for problem in problems:
        click.echo(problem.format(file), err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="manim-nodes")
def main() -> None:
    """Build Manim animations as node graphs, in the browser or any text editor."""


@main.command()
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--host", help="Address to bind (default 127.0.0.1).")
@click.option("--port", type=int, help="Port to listen on (default 8000).")
@click.option("--quality", type=QUALITY, help="Preview video quality (default medium).")
@click.option("--open/--no-open", "open_browser", default=None, help="Open the editor in a browser.")
@click.option("--poll", is_flag=True, default=None, help="Poll for changes (Docker bind mounts).")
@click.option("--allow-host", "allow_hosts", multiple=True, help="Also accept this Host header.")
@click.option("--config", type=click.Path(dir_okay=False, path_type=Path), help="A config.yml to read.")
def watch(
    directory: Path | None,
    host: str | None,
    port: int | None,
    quality: str | None,
    open_browser: bool | None,
    poll: bool | None,
    allow_hosts: tuple[str, ...],
    config: Path | None,
) -> None:
    """Serve the editor and API, watch DIRECTORY, re-render previews on save."""
    flags = {
        "data_dir": directory,
        "host": host,
        "port": port,
        "quality": quality,
        "poll": poll,
        "allowed_hosts": allow_hosts or None,
    }
    settings = _settings(flags, config)
    try:
        from .server.run import serve
    except ImportError as exc:  # pragma: no cover - only before the server exists
        raise click.ClickException(f"the server is not available: {exc}") from None
    serve(settings, open_browser=bool(open_browser) if open_browser is not None else False)


@main.command()
@click.argument("graph", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Output file.")
@click.option("--quality", type=QUALITY, default=None, help="Video quality (default: MANIM_QUALITY or medium).")
@click.option(
    "--format", "fmt", type=FORMAT, default="mp4", show_default=True, help="png is the last frame as one image."
)
@click.option("--transparent", is_flag=True, help="Transparent background (mov and webm).")
@click.option(
    "--cluster",
    metavar="ADDRESS",
    help="Render on a Dask cluster's workers (tcp://HOST:8786; default: DASK_SCHEDULER_ADDRESS or config.yml).",
)
@DATA_DIR_OPTION
def render(
    graph: Path,
    output: Path | None,
    quality: str | None,
    fmt: str,
    transparent: bool,
    cluster: str | None,
    data_dir: Path | None,
) -> None:
    """Render GRAPH to a video or image, headless, with a progress bar.

    With a cluster, the animations are split in ranges rendered on its workers and joined here.
    """
    from .engine.shutdown import Stopped, exit_by
    from .export import export_file
    from .manim_run import RenderFailed
    from .problems import GraphError

    settings = _settings({"quality": quality, "cluster": cluster})
    if transparent and fmt not in ("mov", "webm", "png"):
        raise click.UsageError("--transparent needs --format mov, webm or png")
    output = output or Path(f"{graph.stem}.{fmt}")
    with click.progressbar(
        length=100, label=f"Rendering {graph.name}", file=sys.stderr, show_eta=False, show_percent=True
    ) as bar:
        done = [0.0]

        def progress(percent: float) -> None:
            step = int(percent) - int(done[0])
            if step > 0:
                bar.update(step)
                done[0] = percent

        try:
            seconds = export_file(
                graph,
                output,
                quality=settings.quality,
                fmt=fmt,  # type: ignore[arg-type]
                transparent=transparent,
                timeout=settings.max_render_time,
                on_progress=progress,
                data_dir=data_dir,
                configured=settings.data_dir,
                cluster=settings.cluster,
            )
        except GraphError as exc:
            bar.finish()
            click.echo("", err=True)
            _print_problems(str(graph), exc.problems)
            sys.exit(1)
        except RenderFailed as exc:
            click.echo("", err=True)
            raise click.ClickException(f"render failed: {exc}") from None
        except Stopped as exc:
            click.echo(f"\n{exc}: the render was cancelled and its temp files removed", err=True)
            exit_by(exc.signum)
    click.echo(f"Wrote {output} in {seconds:.1f} s")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@DATA_DIR_OPTION
def validate(paths: tuple[Path, ...], as_json: bool, data_dir: Path | None) -> None:
    """Check graph files, and the graphs in directories and their folders, with the images they show.

    Prints file:line:col: message and exits 1 on any error.
    """
    from functools import partial

    from .export import data_dir_of
    from .problems import Problem
    from .validate import check_file, picture_problems

    configured = _settings().data_dir
    found, shadowed = _graph_files(paths)
    files = [(file, data_dir or folder) for file, folder in found]
    results = []
    for file, pictures_dir in files:
        if file in shadowed:
            message = f"{shadowed[file]} has the same graph name and wins: rename or remove one of the two"
            document, problems = None, [Problem(message)]
        else:
            document, problems = check_file(file, pictures_dir or partial(data_dir_of, file, configured=configured))
        if document is not None and not problems:
            problems = picture_problems(document, pictures_dir or data_dir_of(file, document.data, configured))
        results.append({"file": str(file), "valid": not problems, "errors": [p.to_json() for p in problems]})
        if not as_json:
            _print_problems(str(file), problems)
    bad = sum(1 for r in results if not r["valid"])
    if as_json:
        click.echo(json.dumps(results, indent=2))
    else:
        click.echo(f"{len(files)} file(s) checked, {bad} with errors", err=bool(bad))
    sys.exit(1 if bad else 0)


@main.command()
@click.argument("graph", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def code(graph: Path) -> None:
    """Print a standalone Manim script that plain `manim` renders."""
    from .export import compile_file
    from .problems import GraphError

    try:
        click.echo(compile_file(graph, configured=_settings().data_dir, pictures=False).source, nl=False)
    except GraphError as exc:
        _print_problems(str(graph), exc.problems)
        sys.exit(1)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="The whole catalog as JSON.")
def nodes(as_json: bool) -> None:
    """List the node types, by category."""
    from .catalog import CATALOG, CATEGORIES, catalog_json

    if as_json:
        click.echo(json.dumps(catalog_json(), indent=2))
        return
    for category in CATEGORIES:
        click.secho(category, bold=True)
        for node in (n for n in CATALOG.values() if n.category == category):
            click.echo(f"  {node.type:<24}{node.description}")


@main.command()
def schema() -> None:
    """Print the JSON Schema of graph files."""
    from .schema import schema_text

    click.echo(schema_text(), nl=False)


@main.command()
@click.argument("name")
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Where to create it.",
)
@click.option("--format", "fmt", type=click.Choice(["yaml", "json"]), default="yaml", show_default=True)
@click.option("--template", default="starter", show_default=True, help="starter or blank.")
def new(name: str, directory: Path, fmt: str, template: str) -> None:
    """Create graph NAME from a starter template.

    NAME may hold folders, made if need be: gallery/intro is gallery/intro.yaml.
    """
    from .store import StoreError, create_graph

    try:
        path = create_graph(directory, name, fmt, template)  # type: ignore[arg-type]
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Created {path}")


@main.command()
def doctor() -> None:
    """Check ffmpeg, LaTeX, Cairo/Pango, Manim and free disk; say how to fix each."""
    from .doctor import run_checks

    settings = _settings()
    checks = run_checks(settings.data_dir, settings.preview_dir, settings.export_dir)
    for check in checks:
        mark = click.style("ok ", fg="green") if check.ok else click.style("!! " if check.warning else "XX ", fg="red")
        click.echo(f"{mark} {check.name:<18}{check.detail}")
        if not check.ok and check.fix:
            click.echo(f"    fix: {check.fix}")
    failed = [c for c in checks if not c.ok and not c.warning]
    sys.exit(1 if failed else 0)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the diff as JSON.")
@click.option("--exit-code", is_flag=True, help="Exit 1 when the graphs differ (as `git diff --exit-code`).")
def diff(files: tuple[Path, ...], as_json: bool, exit_code: bool) -> None:
    """Node-level diff of graph files A and B: nodes added, removed, renamed; values; wires.

    Given one file, prints it one value per line (git's textconv). Given git's seven external
    diff arguments (PATH OLD HEX MODE NEW HEX MODE), compares OLD and NEW.
    """
    from .graph_diff import flat_lines, readable_diff
    from .graph_files import read_side
    from .problems import GraphError

    if len(files) not in (1, 2, 7):
        raise click.UsageError("give two graph files (or one, for textconv; or git's seven external diff arguments)")
    label = str(files[0]) if len(files) == 7 else None
    old_path, new_path = (files[1], files[4]) if len(files) == 7 else (files[0], files[-1])
    try:
        old = read_side(old_path)
        new = read_side(new_path) if len(files) > 1 else old
    except (GraphError, OSError) as exc:
        problems = exc.problems if isinstance(exc, GraphError) else []
        for problem in problems:
            click.echo(problem.format(getattr(exc, "file", "") or str(old_path)), err=True)
        if not problems:
            click.echo(f"manim-nodes diff: {exc}", err=True)
        sys.exit(2)
    if len(files) == 1:
        for line in flat_lines(old):
            click.echo(line)
        return
    changes = readable_diff(old, new)
    if as_json:
        click.echo(json.dumps(changes.to_json(), indent=2, ensure_ascii=False))
    else:
        if label is not None and not changes.empty:
            click.echo(f"manim-nodes diff {label}")
        for line in changes.lines():
            click.echo(line)
    sys.exit(1 if exit_code and not changes.empty else 0)


@main.command()
@click.argument("base", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("ours", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("theirs", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--name", help="The file's real path (git's %P), for its format when the files have none.")
def merge(base: Path, ours: Path, theirs: Path, name: str | None) -> None:
    """Three-way merge of graph files by node and port, written to OURS (a git merge driver).

    Exits 0 when clean, 1 with the conflicts marked in OURS (it still parses: `manim-nodes
    validate` points at each one), 2 when a file cannot be read (OURS is left as it was).
    """
    from .merge_driver import merge_files
    from .problems import GraphError

    try:
        outcome = merge_files(base, ours, theirs, name)
    except GraphError as exc:
        for problem in exc.problems:
            click.echo(problem.format(exc.file), err=True)
        sys.exit(2)
    for conflict in outcome.conflicts:
        click.echo(f"conflict: {'/'.join(conflict.path)} changed on both sides", err=True)
    sys.exit(1 if outcome.conflicts else 0)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--check", is_flag=True, help="Change nothing; exit 1 and name the files that are not formatted.")
def fmt(paths: tuple[Path, ...], check: bool) -> None:
    """Rewrite graph files (and the graphs in directories) in the canonical layout.

    Stable key order, one block per node, two-space indentation, comments kept. Running it twice
    changes nothing the second time.
    """
    from .document import format_of
    from .formatting import formatted
    from .problems import GraphError
    from .store import atomic_write

    files = [file for file, _ in _graph_files(paths)[0]]
    unformatted, broken = [], 0
    for file in files:
        try:
            raw = file.read_bytes()
            new = formatted(raw, format_of(file), str(file))
        except GraphError as exc:
            _print_problems(str(file), exc.problems)
            broken += 1
            continue
        if new == raw:
            continue
        unformatted.append(file)
        if check:
            click.echo(f"would reformat {file}")
        else:
            atomic_write(file, new)
            click.echo(f"reformatted {file}")
    done = "would be reformatted" if check else "reformatted"
    click.echo(f"{len(files)} file(s), {len(unformatted)} {done}, {broken} unreadable", err=True)
    sys.exit(1 if broken or (check and unformatted) else 0)


@main.command("import")
@click.argument("script", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="The graph file to write.")
@click.option("--scene", help="The Scene class to import, when the script has several.")
@click.option("--format", "fmt", type=click.Choice(["yaml", "json"]), default="yaml", show_default=True)
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
def import_(script: Path, output: Path | None, scene: str | None, fmt: str, force: bool) -> None:
    """Turn a plain Manim script into a graph, reading its syntax tree (never running it).

    Writes SCRIPT's Scene as a graph beside it (scene.py -> scene.yaml) or to -o OUT. What the
    catalog covers becomes nodes and wires; the rest is reported as file:line:col: message.
    Exit 0 when all was imported, 1 when something was skipped (the graph is still written), 2
    when nothing was written (not valid Python, no Scene, or the output exists).
    """
    from .importing.command import run_import

    sys.exit(run_import(script, output, scene, fmt, force))


if __name__ == "__main__":  # pragma: no cover
    main()
