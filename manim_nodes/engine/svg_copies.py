"""Copies of a formula or a text share its parsed SVG instead of deep-copying it.

Every MathTex, Tex and Text glyph is a ``VMobjectFromSVGPath`` that keeps the
svgelements path it was built from (points, segments, colours, a matrix: many
small Python objects). Manim reads that path once, to make the glyph's points
when it is created; its copies never read it again. Yet every copy deep-copies
it, and animations copy their mobjects often (Write, TransformMatchingTex and
the rest copy each glyph several times), so for a scene with formulas the copies
are a third of a preview's time. Sharing the path keeps the copies' pixels and
costs nothing. It runs only in the render worker; the generated script never
sees it.
"""

from __future__ import annotations

from typing import Any


def install(glyph_class: Any) -> None:
    """Make deep copies of ``glyph_class`` (Manim's VMobjectFromSVGPath) share ``path_obj``."""
    if getattr(glyph_class, "_manim_nodes_shares_svg", False):
        return
    manims_deepcopy = glyph_class.__deepcopy__

    def deepcopy_sharing_the_svg(glyph: Any, memo: dict[int, Any]) -> Any:
        path = glyph.__dict__.get("path_obj")
        if path is not None:
            memo.setdefault(id(path), path)  # deepcopy answers from the memo: the same object
        return manims_deepcopy(glyph, memo)

    glyph_class.__deepcopy__ = deepcopy_sharing_the_svg
    glyph_class._manim_nodes_shares_svg = True
