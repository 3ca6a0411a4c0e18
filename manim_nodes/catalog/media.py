"""Pictures from the data dir: PNG and JPEG images, SVG drawings (see ``assets.py`` for the rules)."""

from __future__ import annotations

from ..assets import RASTER_SUFFIXES, VECTOR_SUFFIXES
from .common import MOBJECT_OUT, STYLE_PORTS, mobject, style_after
from .model import EmitContext, NodeType, Port

CATEGORY = "Shapes"


def _file(suffixes: tuple[str, ...], example: str) -> Port:
    return Port(
        "file",
        "string",
        None,
        f"The file's path in the data directory, e.g. {example} ({', '.join(s.lstrip('.') for s in suffixes)}).",
        required=True,
        arg="positional",
        widget="file",
        files=suffixes,
    )


def _image_after(ctx: EmitContext) -> list[str]:
    """Size and opacity are methods of an image; then the placement every mobject has."""
    lines = []
    if "height" in ctx.args:
        lines.append(f"{ctx.node_id}.scale_to_fit_height({ctx.args['height']})")
    if "opacity" in ctx.args:
        lines.append(f"{ctx.node_id}.set_opacity({ctx.args['opacity']})")
    return lines + style_after(ctx)


_PLACEMENT = tuple(p for p in STYLE_PORTS if p.name in ("position", "scale", "z_index"))
_IMAGE_LOOK = (
    Port("height", "number", None, "Height in scene units; unset keeps its pixel size.", minimum=0, arg="custom"),
    Port("opacity", "number", None, "0 is invisible, 1 is opaque.", minimum=0, arg="custom"),
)


def _pixels(ctx: EmitContext) -> str:
    """The pixel array as a Manim user writes it: a comprehension over rows (y) and columns (x)."""
    shade = ctx.bodies.get("value") or ctx.args["value"]
    columns, rows = ctx.args.get("columns", "256"), ctx.args.get("rows", "256")
    return f"ImageMobject(np.uint8([[{shade} for x in range({columns})] for y in range({rows})]))"


MEDIA: tuple[NodeType, ...] = (
    NodeType(
        "ImageMobject",
        CATEGORY,
        "A PNG or JPEG image from the data directory; a change to the file re-renders the graphs that show it.",
        (
            _file(RASTER_SUFFIXES, "images/photo.png"),
            *_IMAGE_LOOK,
            Port("invert", "bool", None, "Invert the image's colors."),
            *_PLACEMENT,
        ),
        MOBJECT_OUT,
        after=_image_after,
    ),
    NodeType(
        "ImageFromArray",
        CATEGORY,
        "A grayscale image computed pixel by pixel: 'value' in x (the column) and y (the row), 0 black to 255 white.",
        (
            Port(
                "value",
                "expression",
                "x",
                "Each pixel's gray, 0 to 255, from its column x and row y.",
                always=True,
                arg="custom",
                variable="xy",
            ),
            Port("columns", "integer", 256, "Width in pixels.", minimum=1, maximum=1024, always=True, arg="custom"),
            Port("rows", "integer", 256, "Height in pixels.", minimum=1, maximum=1024, always=True, arg="custom"),
            *_IMAGE_LOOK,
            *_PLACEMENT,
        ),
        MOBJECT_OUT,
        emit=_pixels,
        after=_image_after,
    ),
    mobject(
        "SVGMobject",
        CATEGORY,
        "An SVG drawing from the data directory, as shapes you can color and animate.",
        (
            _file(VECTOR_SUFFIXES, "images/logo.svg"),
            Port("height", "number", 2, "Height in scene units.", minimum=0),
        ),
    ),
)
