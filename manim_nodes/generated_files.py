"""Files generated from the code and committed (``docs/nodes.md``, ``web/src/generated/rules.ts``):
one command-line shape for each generator: write them, or ``--check`` that none is stale."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path


def stale(files: dict[str, str], folder: Path) -> list[str]:
    """The names in ``files`` whose copy in ``folder`` is missing or differs from the text given."""
    return [
        name
        for name, text in files.items()
        if not (folder / name).is_file() or (folder / name).read_text(encoding="utf-8") != text
    ]


def generator_main(
    argv: list[str] | None,
    *,
    prog: str,
    description: str,
    generate: Callable[[], dict[str, str]],
    folder_option: str,
    default_folder: Path,
    regenerate: str,
) -> int:
    """Write every generated file into the folder, or with ``--check`` name the stale ones and exit 1."""
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("--check", action="store_true", help="exit 1 if a file is stale; write nothing")
    parser.add_argument(
        folder_option,
        dest="folder",
        type=Path,
        default=default_folder,
        help=f"where to write (default {default_folder})",
    )
    args = parser.parse_args(argv)
    files = generate()
    if args.check:
        found = stale(files, args.folder)
        for name in found:
            print(f"{args.folder / name} is stale; run {regenerate}", file=sys.stderr)
        return 1 if found else 0
    args.folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (args.folder / name).write_text(text, encoding="utf-8")
        print(f"wrote {args.folder / name}")
    return 0
