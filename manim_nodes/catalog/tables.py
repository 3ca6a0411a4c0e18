"""Tables and matrices: a grid of cells typed in the node (port kind ``table``).

The ports are Manim's keywords (``include_outer_lines``, ``h_buff``, ``left_bracket``), so the
script reads as a Manim user writes it: ``Table([['1', '2'], ['3', '4']], include_outer_lines=True)``.
Row and column labels are typed as text and become ``Text`` (Table) or ``MathTex`` (MathTable)
mobjects, which is what Manim's ``row_labels`` and ``col_labels`` take.
"""

from __future__ import annotations

from dataclasses import replace

from .common import mobject
from .model import CellKind, EmitContext, Emitter, NodeType, Port

CATEGORY = "Text & math"

# The brackets Manim's matrices set with LaTeX's \left and \right; "." leaves that side open.
_LEFT_BRACKETS = ("[", "(", r"\{", "|", r"\|", r"\langle", ".")
_RIGHT_BRACKETS = ("]", ")", r"\}", "|", r"\|", r"\rangle", ".")

_BUFFS = (
    Port("v_buff", "number", 0.8, "Vertical space between rows.", minimum=0),
    Port("h_buff", "number", 1.3, "Horizontal space between columns.", minimum=0),
)


# What a cell holds, as the port's description says it.
_CELL_WORDS: dict[str, str] = {
    "string": "text",
    "any": "LaTeX or a number",
    "number": "a number",
    "integer": "a whole number",
}


def _cells(name: str, default: list[list[object]], cells: CellKind) -> Port:
    description = f"The rows of the {name}, each a list of cells; a cell is {_CELL_WORDS[cells]}."
    return Port(name, "table", default, description, always=True, arg="positional", cells=cells)


def _labels(name: str, what: str) -> Port:
    return Port(name, "string", None, f"One label per {what}, shown beside the table.", list=True)


def _labelled(label_class: str) -> Emitter:
    """``Table(..., row_labels=[Text('a'), Text('b')])``: labels typed as text become mobjects."""

    def emit(ctx: EmitContext) -> str:
        args = dict(ctx.args)
        for name in ("row_labels", "col_labels"):
            if name in ctx.lists:
                args[name] = "[" + ", ".join(f"{label_class}({item})" for item in ctx.lists[name]) + "]"
        return replace(ctx, args=args).call(ctx.type_name)

    return emit


def _table(type_name: str, description: str, default: list[list[object]], cells: CellKind, label: str) -> NodeType:
    return mobject(
        type_name,
        CATEGORY,
        description,
        (
            _cells("table", default, cells),
            _labels("row_labels", "row"),
            _labels("col_labels", "column"),
            *_BUFFS,
            Port("include_outer_lines", "bool", False, "Draw a frame around the table too."),
        ),
        emit=_labelled(label),
        style_methods=True,
    )


def _decimal_places(ctx: EmitContext) -> str:
    """DecimalMatrix takes its digits through ``element_to_mobject_config``, as in Manim's docs."""
    extra: tuple[str, ...] = ()
    if "num_decimal_places" in ctx.args:
        extra = (f"element_to_mobject_config={{'num_decimal_places': {ctx.args['num_decimal_places']}}}",)
    return ctx.call(ctx.type_name, extra=extra)


def _matrix(
    type_name: str, description: str, default: list[list[object]], cells: CellKind, emit: Emitter | None = None
) -> NodeType:
    digits: tuple[Port, ...] = ()
    if type_name == "DecimalMatrix":
        digits = (Port("num_decimal_places", "integer", 1, "Digits after the point.", minimum=0, arg="custom"),)
    return mobject(
        type_name,
        CATEGORY,
        description,
        (
            _cells("matrix", default, cells),
            *digits,
            *_BUFFS,
            Port("bracket_h_buff", "number", 0.25, "Space between the entries and the brackets.", minimum=0),
            Port("bracket_v_buff", "number", 0.25, "How far the brackets reach past the entries.", minimum=0),
            Port("left_bracket", "enum", "[", "The left bracket, as LaTeX.", choices=_LEFT_BRACKETS),
            Port("right_bracket", "enum", "]", "The right bracket, as LaTeX.", choices=_RIGHT_BRACKETS),
        ),
        emit=emit,
        style_methods=True,
    )


TABLES: tuple[NodeType, ...] = (
    _table(
        "Table",
        "A table of text, with lines between the cells.",
        [["This", "is a"], ["simple", "Table."]],
        "string",
        "Text",
    ),
    _table(
        "MathTable",
        "A table of LaTeX formulas or numbers, with lines between the cells.",
        [["+", 0, 5], [0, 0, 5], [2, 2, 7]],
        "any",
        "MathTex",
    ),
    _matrix("Matrix", "A matrix of LaTeX entries or numbers in brackets.", [[2, r"\pi"], [-1, 1]], "any"),
    _matrix("IntegerMatrix", "A matrix of whole numbers in brackets.", [[1, 0], [0, 1]], "integer"),
    _matrix(
        "DecimalMatrix",
        "A matrix of decimal numbers in brackets, with a fixed count of decimals.",
        [[3.14, 2.72], [1.41, 1.73]],
        "number",
        emit=_decimal_places,
    ),
)
