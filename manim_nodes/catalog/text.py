"""Text, LaTeX and numbers."""

from __future__ import annotations

from .common import mobject
from .model import NodeType, Port

CATEGORY = "Text & math"

# Wired to a live value, a number display keeps its place and changes its digits (set_value).
_SHOWS_LIVE_NUMBER = {"number": "set_value"}

_LANGUAGES = ("python", "javascript", "typescript", "c", "cpp", "rust", "go", "java", "bash", "latex", "text")

# Parts of a formula to keep apart, so that Submobject and GetPartByTex can pick them.
_ISOLATE = Port(
    "substrings_to_isolate",
    "string",
    None,
    "Pieces of the LaTeX to keep as separate parts, e.g. x and =.",
    list=True,
)

_FONT_SIZE = Port("font_size", "number", 48, "Font size.", minimum=0)

TEXT: tuple[NodeType, ...] = (
    mobject(
        "Text",
        CATEGORY,
        "Plain text, rendered with Pango (no LaTeX needed).",
        (
            Port("text", "string", "Hello", "The text to show.", widget="text", always=True, arg="positional"),
            _FONT_SIZE,
            Port("font", "string", "", "Font family; empty for the default."),
            Port(
                "weight",
                "enum",
                "NORMAL",
                "Font weight.",
                choices=("NORMAL", "BOLD", "LIGHT", "SEMIBOLD", "HEAVY"),
            ),
            Port("slant", "enum", "NORMAL", "Font slant.", choices=("NORMAL", "ITALIC", "OBLIQUE")),
        ),
    ),
    mobject(
        "MarkupText",
        CATEGORY,
        "Text with Pango markup: <b>bold</b>, <i>italic</i>, <span fgcolor='#FF0000'>color</span>.",
        (
            Port(
                "text",
                "string",
                "<b>Hello</b> <i>world</i>",
                "The marked-up text.",
                widget="text",
                always=True,
                arg="positional",
            ),
            _FONT_SIZE,
        ),
    ),
    mobject(
        "Code",
        CATEGORY,
        "Source code with syntax highlighting.",
        (
            Port("code_string", "string", "print('Hello')", "The code.", widget="text", always=True),
            Port("language", "enum", "python", "Its language.", choices=_LANGUAGES, always=True),
            Port("add_line_numbers", "bool", True, "Number the lines."),
            Port("background", "enum", "rectangle", "Its frame.", choices=("rectangle", "window")),
        ),
        style_methods=True,
    ),
    mobject(
        "MathTex",
        CATEGORY,
        "A LaTeX formula in math mode.",
        (
            Port(
                "tex",
                "string",
                r"e^{i\pi} + 1 = 0",
                "LaTeX source in math mode, without $...$.",
                widget="latex",
                always=True,
                arg="positional",
            ),
            _FONT_SIZE,
            _ISOLATE,
        ),
    ),
    mobject(
        "Tex",
        CATEGORY,
        "LaTeX text; use $...$ for inline math.",
        (
            Port(
                "tex",
                "string",
                r"Hello \LaTeX",
                "LaTeX source in text mode.",
                widget="latex",
                always=True,
                arg="positional",
            ),
            _FONT_SIZE,
            _ISOLATE,
        ),
    ),
    mobject(
        "DecimalNumber",
        CATEGORY,
        "A number shown with a fixed count of decimals.",
        (
            Port("number", "number", 0.0, "The value shown.", always=True, arg="positional"),
            Port("num_decimal_places", "integer", 2, "Digits after the point.", minimum=0),
            Port("include_sign", "bool", False, "Always show + or -."),
            _FONT_SIZE,
        ),
        live_setters=_SHOWS_LIVE_NUMBER,
    ),
    mobject(
        "Integer",
        CATEGORY,
        "A whole number.",
        (
            Port("number", "number", 0, "The value shown, rounded to a whole number.", always=True, arg="positional"),
            _FONT_SIZE,
        ),
        live_setters=_SHOWS_LIVE_NUMBER,
    ),
)
