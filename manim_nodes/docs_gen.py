"""Generate the reference pages of the docs from the code: the node catalog and the click commands.

``docs/nodes.md`` comes from ``CATALOG`` and ``docs/cli.md`` from the ``manim-nodes``
command, so neither can drift from what the program does; ``tests/test_docs.py``
fails when a checked-in copy is stale::

    python -m manim_nodes.docs_gen           # rewrite both pages
    python -m manim_nodes.docs_gen --check   # exit 1 and name the stale pages
"""

from __future__ import annotations

import inspect
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click

from .catalog import CATALOG, CATEGORIES, MANIM_COLORS
from .catalog.common import STYLE_PORTS, TIMING_PORTS
from .catalog.generated import GENERATED
from .catalog.model import ALL_KINDS, NodeType, Port
from .generated_files import generator_main

REGENERATE = ".venv/bin/python -m manim_nodes.docs_gen"
DOCS_DIR = Path(__file__).resolve().parent.parent / "docs"

KIND_HELP: dict[str, str] = {
    "number": "a number: `1.5`, `-2`",
    "integer": "a whole number: `3`",
    "bool": "`true` or `false`",
    "string": 'text; quote it when YAML would read it as something else: `"yes"`',
    "color": "`#RRGGBB` or a Manim color name such as `BLUE` (list below)",
    "vector": "`[x, y]` or `[x, y, z]` in scene units",
    "enum": "one of the listed words",
    "expression": "a math expression in `x` (or `t` for curves): `sin(x) * exp(-x**2)`",
    "numeric": "a number or a vector (Add, Multiply and friends)",
    "direction": "one of the listed direction words (`DOWN`, `UL`...) or a vector `[dx, dy]` for any other angle",
    "table": 'rows of cells, each row as long as the first: `[["a", "b"], ["c", "d"]]`; at most 50 × 50, '
    "a cell at most 200 characters",
    "mobject": "a wire from a shape, text, group or plot node; cannot be typed in `params`",
    "animation": "a wire from an animation node; cannot be typed in `params`",
}


def _header(source: str) -> str:
    return f"<!-- Generated from {source} by `{REGENERATE}`. Do not edit by hand. -->\n"


def _cell(text: str) -> str:
    """Text that is safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ").strip()


def _value(value: Any) -> str:
    """A default as the user would write it in YAML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    return json.dumps(value)


def _port_row(port: Port) -> str:
    notes: list[str] = []
    if port.required:
        notes.append("required")
    if port.list:
        notes.append("a list of wires" if port.is_object else "a list")
    if port.choices:
        notes.append("one of " + ", ".join(f"`{c}`" for c in port.choices))
    if port.accepts:
        notes.append("takes " + ", ".join(port.accepts))
    if port.widget == "angle":
        notes.append("degrees")
    if port.minimum is not None:
        notes.append(f"{'more than' if port.exclusive_minimum else 'at least'} {_value(port.minimum)}")
    description = port.description
    if notes:
        text = "; ".join(notes)
        description += f" {text[0].upper()}{text[1:]}."
    default = "" if port.default is None else f"`{_value(port.default)}`"
    return f"| `{port.name}` | {port.kind} | {_cell(default)} | {_cell(description)} |"


def _port_table(ports: Iterable[Port]) -> list[str]:
    return ["| port | kind | default | |", "|---|---|---|---|", *(_port_row(p) for p in ports)]


def _same(port: Port, shared: tuple[Port, ...]) -> bool:
    """Is ``port`` one of ``shared`` as a user sees it (name, kind, default, description)?"""
    return any(port.to_json() == other.to_json() for other in shared)


def _has_all(node: NodeType, shared: tuple[Port, ...]) -> bool:
    return all(_same(port, node.inputs) for port in shared)


def _node_section(node: NodeType) -> list[str]:
    style, timing = _has_all(node, STYLE_PORTS), _has_all(node, TIMING_PORTS)
    own = [p for p in node.inputs if not (style and _same(p, STYLE_PORTS)) and not (timing and _same(p, TIMING_PORTS))]
    lines = [f"### {node.type}", "", node.description, ""]
    if node.type == "Subgraph":  # its ports are in the graph file it names
        return [
            *lines,
            "`graph: NAME` names the graph (its path in the data directory without the extension); its ports",
            "are the `inputs` and `outputs` that graph declares. See",
            "[Subgraphs](file-format.md#subgraphs).",
            "",
        ]
    if own:
        lines += [*_port_table(own), ""]
    extras = [
        name for name, on in (("[style ports](#style-ports)", style), ("[timing ports](#timing-ports)", timing)) if on
    ]
    if extras:
        lines += [("Also takes the " if own else "Takes the ") + " and the ".join(extras) + ".", ""]
    if not own and not extras:
        lines += ["No inputs.", ""]
    if node.outputs:
        outputs = ", ".join(f"`{o.name}` ({o.kind})" for o in node.outputs)
        lines += [f"Output{'s' if len(node.outputs) > 1 else ''}: {outputs}.", ""]
    elif node.type == "Scene":
        lines += ["No outputs: it is where a graph ends.", ""]
    else:
        lines += ["No outputs: a statement about the scene, written where the graph sets the scene up.", ""]
    if node in GENERATED:
        lines += ["*Generated* from Manim's signature by `scripts/gen_long_tail.py`.", ""]
    return lines


def node_reference() -> str:
    """The text of ``docs/nodes.md``."""
    missing = [kind for kind in ALL_KINDS if kind not in KIND_HELP]
    if missing:
        raise KeyError(f"describe the new kinds {missing} in KIND_HELP in {__name__}")
    by_category = {c: [n for n in CATALOG.values() if n.category == c] for c in CATEGORIES}
    lines = [
        _header("the node catalog (`manim_nodes/catalog/`)"),
        "# Node reference",
        "",
        f"{len(CATALOG)} node types in {len(CATEGORIES)} categories. A node's type is Manim's class name",
        "and its ports are Manim's keyword names, so what you know of Manim carries over. Set a port",
        "in `params` (a literal value) or in `inputs` (a wire: `node` or `node.port`), never both; a",
        "port that is in neither takes its default, and an empty default means Manim's own. Angles",
        "are in degrees. See [the file format](file-format.md) for how nodes fit together, and",
        "`manim-nodes nodes --json` or `GET /api/nodes` for this catalog as data.",
        "",
        f"The long tail, {len(GENERATED)} types marked *generated* below, is read off Manim's own signatures",
        "(port kinds, defaults, positional or keyword) by `scripts/gen_long_tail.py` from the list in",
        "`manim_nodes/catalog/long_tail.py`; a test checks it against the installed Manim.",
        "",
        "## Kinds",
        "",
        "| kind | what you write |",
        "|---|---|",
        *(f"| {kind} | {KIND_HELP[kind]} |" for kind in ALL_KINDS),
        "",
        "An output fits an input of the same kind; also `integer` into `number`, any of `number`,",
        "`integer` and `vector` into `numeric`, `numeric` into `number` or `vector`, and `vector` or",
        "`numeric` into `direction`.",
        "",
        "## Shared ports",
        "",
        "### Style ports",
        "",
        "Every shape, text, plot and group node also takes these:",
        "",
        *_port_table(STYLE_PORTS),
        "",
        "### Timing ports",
        "",
        "Every animation node also takes these:",
        "",
        *_port_table(TIMING_PORTS),
        "",
        "## Contents",
        "",
    ]
    for category, nodes in by_category.items():
        links = ", ".join(f"[{n.type}](#{n.type.lower()})" for n in nodes)
        lines.append(f"- **{category}**: {links}")
    lines.append("")
    for category, nodes in by_category.items():
        lines += [f"## {category}", ""]
        for node in nodes:
            lines += _node_section(node)
    lines += [
        "## Colors",
        "",
        "A `color` port takes `#RRGGBB` or one of Manim's names:",
        "",
        "| name | hex | name | hex | name | hex |",
        "|---|---|---|---|---|---|",
    ]
    colors = list(MANIM_COLORS.items())
    for start in range(0, len(colors), 3):
        cells = [f"`{name}` | {value}" for name, value in colors[start : start + 3]]
        cells += [" | "] * (3 - len(cells))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines).rstrip() + "\n"


def _option_name(param: click.Parameter) -> str:
    names = ", ".join(f"`{o}`" for o in param.opts)
    if param.secondary_opts:
        names += " / " + ", ".join(f"`{o}`" for o in param.secondary_opts)
    return names


def _option_value(param: click.Option) -> str:
    if param.is_flag:
        return ""
    if isinstance(param.type, click.Choice):
        return "`" + "\\|".join(str(c) for c in param.type.choices) + "`"
    return param.type.name.upper()


def _option_default(param: click.Option, ctx: click.Context) -> str:
    if not param.show_default or param.is_flag:
        return ""
    default = param.get_default(ctx, call=True)
    if default is None or isinstance(default, tuple):
        return ""
    return f"`{default}`"


def _command_section(name: str, command: click.Command, parent: click.Context) -> list[str]:
    ctx = click.Context(command, info_name=name, parent=parent)
    usage = " ".join([ctx.command_path, *command.collect_usage_pieces(ctx)])
    lines = [f"## `{ctx.command_path}`", "", "```text", usage, "```", "", inspect.cleandoc(command.help or ""), ""]
    arguments = [p for p in command.get_params(ctx) if isinstance(p, click.Argument)]
    if arguments:
        lines += [
            "Arguments: "
            + ", ".join(f"`{p.make_metavar(ctx)}`" + ("" if p.required else " (optional)") for p in arguments)
            + ".",
            "",
        ]
    options = [p for p in command.get_params(ctx) if isinstance(p, click.Option) and p.name != "help"]
    lines += ["| option | value | default | |", "|---|---|---|---|"]
    for option in options:
        help_text = option.help or ""
        if option.multiple:
            help_text += " Repeat for more."
        lines.append(
            f"| {_option_name(option)} | {_option_value(option)} | {_option_default(option, ctx)} "
            f"| {_cell(help_text)} |"
        )
    return [*lines, ""]


def cli_reference() -> str:
    """The text of ``docs/cli.md``."""
    from .cli import main

    root = click.Context(main, info_name="manim-nodes")
    lines = [
        _header("the click commands (`manim_nodes/cli.py`)"),
        "# Command line reference",
        "",
        inspect.cleandoc(main.help or ""),
        "",
        "```text",
        "manim-nodes [--version] [-h | --help] COMMAND [ARGS]...",
        "```",
        "",
        "Every command takes `-h` / `--help`. Options that are not given fall back to environment",
        "variables, then `config.yml`, then the defaults: see [configuration](configuration.md).",
        "Exit status: 0 on success, 1 when a graph has errors or a check fails, 2 on a usage mistake.",
        "",
        "| command | does |",
        "|---|---|",
    ]
    commands = list(main.commands.items())
    for name, command in commands:
        lines.append(f"| [`{name}`](#manim-nodes-{name}) | {_cell(command.get_short_help_str(limit=200))} |")
    lines.append("")
    for name, command in commands:
        lines += _command_section(name, command, root)
    return "\n".join(lines).rstrip() + "\n"


def generated_docs() -> dict[str, str]:
    """File name under ``docs/`` -> its generated text."""
    return {"nodes.md": node_reference(), "cli.md": cli_reference()}


def main(argv: list[str] | None = None) -> int:
    return generator_main(
        argv,
        prog="python -m manim_nodes.docs_gen",
        description="Generate docs/nodes.md and docs/cli.md from the code.",
        generate=generated_docs,
        folder_option="--docs",
        default_folder=DOCS_DIR,
        regenerate=REGENERATE,
    )


if __name__ == "__main__":
    sys.exit(main())
