"""Film strips for docs/file-format.md, "Time and change": frames of real renders, side by side.

    .venv/bin/python scripts/doc_pictures.py

Renders each strip's graph with ``manim-nodes render`` at low quality and keeps the frames
at the listed times, so the pictures show what the product really draws.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import av
from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

CHAINED = """version: 1
name: Chained
nodes:
  square: {type: Square, params: {color: BLUE, fill_opacity: 0.5}}
  left: {type: Animate, inputs: {mobject: square}, params: {shift: [-3, 0]}}
  shrink: {type: Animate, inputs: {mobject: square}, params: {scale: 0.3}}
  flash: {type: Flash, inputs: {mobject: square}, params: {color: YELLOW, flash_radius: 0.5}}
  out: {type: Scene, inputs: {add: [square], animations: [left, shrink, flash]}}
"""

# (picture, graph source or file, [(seconds, caption)])
STRIPS: list[tuple[str, str | Path, list[tuple[float, str]]]] = [
    ("time-chained.png", CHAINED, [(0.0, "start"), (1.0, "after left"), (2.0, "after shrink"), (2.5, "flash")]),
    (
        "time-tracker.png",
        ROOT / "graphs" / "value_tracker.yaml",
        [(0.0, "x_value = -3"), (1.0, "ride"), (1.9, "x_value = 3"), (2.99, "back to 0")],
    ),
]


def frames_at(video: Path, seconds: list[float]) -> list[Image.Image]:
    """The last frame shown at or before each time."""
    wanted = sorted(seconds)
    found: dict[float, Image.Image] = {}
    last: Image.Image | None = None
    with av.open(str(video)) as container:
        for frame in container.decode(video=0):
            time = float(frame.pts * frame.time_base)
            for moment in wanted:
                if moment not in found and time > moment + 1e-6 and last is not None:
                    found[moment] = last
            last = frame.to_image()
    for moment in wanted:
        found.setdefault(moment, last)  # type: ignore[arg-type]
    return [found[s] for s in seconds]


def strip(images: list[Image.Image], captions: list[str], width: int = 400) -> Image.Image:
    height = round(images[0].height * width / images[0].width)
    gap, label = 6, 22
    sheet = Image.new("RGB", (len(images) * (width + gap) - gap, height + label), "#ffffff")
    draw = ImageDraw.Draw(sheet)
    for index, (image, caption) in enumerate(zip(images, captions, strict=True)):
        left = index * (width + gap)
        sheet.paste(image.convert("RGB").resize((width, height), Image.LANCZOS), (left, 0))
        draw.text((left + 4, height + 5), caption, fill="#222222")
    return sheet


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for picture, graph, moments in STRIPS:
            path = graph if isinstance(graph, Path) else Path(tmp) / f"{picture}.yaml"
            if not isinstance(graph, Path):
                path.write_text(graph)
            video = Path(tmp) / f"{picture}.mp4"
            cli = str(Path(sys.executable).parent / "manim-nodes")
            subprocess.run([cli, "render", str(path), "-o", str(video), "--quality", "low"], check=True, cwd=ROOT)
            images = frames_at(video, [s for s, _ in moments])
            strip(images, [c for _, c in moments]).save(DOCS / picture, optimize=True)
            print(f"wrote docs/{picture}")


if __name__ == "__main__":
    main()
