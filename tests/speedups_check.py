"""Renders scenes twice in this process, as plain Manim and with the render worker's speed-ups
(engine/static_frames.py, engine/svg_copies.py), and prints per scene whether every written frame
is the same and how often a static frame was reused.

    python tests/speedups_check.py MEDIA_DIR GRAPH_OR_SCRIPT... (a .py file names its scene class on line 1)

Run by tests/test_render_speedups.py in a child process, so Manim's global config stays out of pytest.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from manim import tempconfig
from manim.mobject.svg.svg_mobject import VMobjectFromSVGPath
from manim.renderer.cairo_renderer import CairoRenderer

from manim_nodes.engine import static_frames, svg_copies
from manim_nodes.export import compile_file

written: list[tuple[str, int]] = []
manims_static = CairoRenderer.save_static_frame_data
add_frame = CairoRenderer.add_frame


def recording_add_frame(renderer: Any, frame: Any, num_frames: int = 1) -> None:
    if not renderer.skip_animations:
        written.append((hashlib.sha1(frame.tobytes()).hexdigest(), num_frames))
    add_frame(renderer, frame, num_frames)


def frames_of(source: str, class_name: str, media: Path) -> list[tuple[str, int]]:
    namespace: dict[str, Any] = {}
    exec(compile(source, "scene.py", "exec"), namespace)
    written.clear()
    settings = {"quality": "low_quality", "disable_caching": True, "media_dir": str(media),
                "verbosity": "ERROR", "progress_bar": "none"}  # fmt: skip
    with tempconfig(settings):
        namespace[class_name]().render()
    return list(written)


def plain_manim() -> None:
    """Take the speed-ups out again: Manim's own methods."""
    CairoRenderer.save_static_frame_data = manims_static  # type: ignore[method-assign]
    CairoRenderer._manim_nodes_static_frames = False  # type: ignore[attr-defined]
    if "__deepcopy__" in VMobjectFromSVGPath.__dict__:
        del VMobjectFromSVGPath.__deepcopy__  # back to Mobject's
    VMobjectFromSVGPath._manim_nodes_shares_svg = False  # type: ignore[attr-defined]


def svg_shared() -> bool:
    """Whether a copy of a text's glyph holds the original's parsed SVG (the speed-up engaged)."""
    from manim import Text

    text = Text("ab")
    return text.copy()[0].path_obj is text[0].path_obj


def main() -> None:
    CairoRenderer.add_frame = recording_add_frame  # type: ignore[method-assign]
    media = Path(sys.argv[1])
    results = {}
    for arg in sys.argv[2:]:
        path = Path(arg)
        if path.suffix == ".py":
            source = path.read_text()
            class_name = source.splitlines()[0].lstrip("# ").strip()
        else:
            compiled = compile_file(path)
            source, class_name = compiled.source, compiled.class_name
        plain_manim()
        theirs = frames_of(source, class_name, media)
        static_frames.install(CairoRenderer)
        svg_copies.install(VMobjectFromSVGPath)
        static_frames.counts.clear()
        ours = frames_of(source, class_name, media)
        results[path.name] = {"frames": len(theirs), "identical": theirs == ours, "svg_shared": svg_shared(),
                              **static_frames.counts}  # fmt: skip
    print(json.dumps(results))


if __name__ == "__main__":
    main()
