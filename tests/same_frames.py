"""Renders pairs of scenes with plain Manim in this process and prints, per pair, whether every
written frame is the same: a graph's generated script against the scene a Manim user would write.

    python tests/same_frames.py MEDIA_DIR GRAPH.json:HAND.py... (HAND.py names its class on line 1)

Run by tests/test_time_and_change.py in a child process, so Manim's global config stays out of pytest.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import speedups_check
from manim.renderer.cairo_renderer import CairoRenderer

from manim_nodes.export import compile_file


def main() -> None:
    CairoRenderer.add_frame = speedups_check.recording_add_frame  # type: ignore[method-assign]
    media = Path(sys.argv[1])
    results = {}
    for pair in sys.argv[2:]:
        graph, hand = (Path(p) for p in pair.split(":"))
        compiled = compile_file(graph)
        ours = speedups_check.frames_of(compiled.source, compiled.class_name, media)
        source = hand.read_text()
        theirs = speedups_check.frames_of(source, source.splitlines()[0].lstrip("# ").strip(), media)
        first_difference = next((i for i, (a, b) in enumerate(zip(ours, theirs, strict=False)) if a != b), None)
        results[graph.stem] = {"frames": len(ours), "hand_frames": len(theirs), "identical": ours == theirs,
                               "first_difference": first_difference}  # fmt: skip
    print(json.dumps(results))


if __name__ == "__main__":
    main()
