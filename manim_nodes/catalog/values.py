"""Values whose outputs wire into any port of their kind, and arithmetic on them."""

from __future__ import annotations

from dataclasses import replace

from .common import range_port
from .model import EmitContext, Emitter, NodeType, Output, Port, operand

CATEGORY = "Values"


def _value(ctx: EmitContext) -> str:
    return ctx.args["value"]


def _operator(symbol: str) -> Emitter:
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


def _extreme(builtin: str) -> Emitter:
    """``min(np.linspace(a, b, n), key=lambda x: f)``: the sample where f is least (or most)."""

    def emit(ctx: EmitContext) -> str:
        span = ctx.args["x_range"]
        bounds = ", ".join(span[1:-1].split(", ")[:2]) if span.startswith("[") else f"*{span}[:2]"
        samples = f"np.linspace({bounds}, {ctx.args['samples']})"
        return f"{builtin}({samples}, key={ctx.args['function']})"

    return emit


def _extreme_node(type_name: str, builtin: str, word: str) -> NodeType:
    return NodeType(
        type_name,
        CATEGORY,
        f"The x where a function is {word}, among evenly spaced samples of a range (Manim's ArgMinExample).",
        (
            Port("function", "expression", "(x - 1)**2", "The function of x.", always=True, arg="custom"),
            replace(range_port("x_range", [-3, 3], "[min, max] of x to search."), always=True, arg="custom"),
            Port("samples", "integer", 200, "How many evenly spaced x to try.", minimum=2, maximum=100000, always=True,
                 arg="custom"),
        ),
        (Output("x", "number"),),
        emit=_extreme(builtin),
    )  # fmt: skip


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
    _extreme_node("ArgMin", "min", "least"),
    _extreme_node("ArgMax", "max", "greatest"),
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
