"""Values whose outputs wire into any port of their kind, and arithmetic on them."""

from __future__ import annotations

from .model import EmitContext, NodeType, Output, Port, operand

CATEGORY = "Values"


def _value(ctx: EmitContext) -> str:
    return ctx.args["value"]


def _operator(symbol: str):  # type: ignore[no-untyped-def]
    def emit(ctx: EmitContext) -> str:
        return f"{operand(ctx.args['a'])} {symbol} {operand(ctx.args['b'])}"

    return emit


def _arithmetic(type_name: str, symbol: str, description: str, b_default: float) -> NodeType:
    return NodeType(
        type_name,
        CATEGORY,
        description,
        (
            Port("a", "numeric", 0.0, "A number or a vector.", always=True, arg="custom"),
            Port("b", "numeric", b_default, "A number or a vector.", always=True, arg="custom"),
        ),
        (Output("value", "numeric"),),
        emit=_operator(symbol),
    )


VALUES: tuple[NodeType, ...] = (
    NodeType(
        "Number",
        CATEGORY,
        "A number to wire into several ports.",
        (Port("value", "number", 0.0, "The number.", always=True, arg="custom"),),
        (Output("value", "number"),),
        emit=_value,
    ),
    NodeType(
        "Vector",
        CATEGORY,
        "A point or direction [x, y] to wire into several ports.",
        (Port("value", "vector", [0, 0], "The vector.", always=True, arg="custom"),),
        (Output("value", "vector"),),
        emit=_value,
    ),
    NodeType(
        "Color",
        CATEGORY,
        "A color to wire into several ports.",
        (Port("value", "color", "WHITE", "The color.", always=True, arg="custom"),),
        (Output("value", "color"),),
        emit=_value,
    ),
    _arithmetic("Add", "+", "a + b, of numbers or vectors.", 0.0),
    _arithmetic("Subtract", "-", "a - b, of numbers or vectors.", 0.0),
    _arithmetic("Multiply", "*", "a * b: scales a vector by a number, or multiplies numbers.", 1.0),
    _arithmetic("Divide", "/", "a / b, of numbers, or a vector by a number.", 1.0),
)

SCENE = NodeType(
    "Scene",
    "Output",
    "The scene: mobjects shown from the start, then animations played in order.",
    (
        Port("animations", "animation", None, "Played one after another.", list=True, arg="custom"),
        Port("add", "mobject", None, "On screen from the first frame.", list=True, arg="custom"),
    ),
    (),
)
