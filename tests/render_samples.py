"""Render many generated scripts in one Manim process: ``python render_samples.py IN.json OUT_DIR``.

IN.json maps a key to ``{"source", "class_name"}``; each last frame is saved as
OUT_DIR/KEY.png and OUT_DIR/report.json maps each key to "ok" or Manim's error.
One process imports Manim once, so a render test per node type stays quick.
"""

from __future__ import annotations

import json
import sys
import traceback
from pathlib import Path


def main() -> None:
    jobs = json.loads(Path(sys.argv[1]).read_text())
    out = Path(sys.argv[2])
    from manim import config, tempconfig

    config.verbosity = "ERROR"
    config.progress_bar = "none"
    report: dict[str, str] = {}
    for key, job in jobs.items():
        media = out / "media" / key
        try:
            namespace: dict[str, object] = {"__name__": f"scene_{key}"}
            exec(compile(job["source"], f"{key}.py", "exec"), namespace)
            scene_class = namespace[job["class_name"]]
            options = {
                "media_dir": str(media),
                "quality": "low_quality",
                "save_last_frame": True,
                "write_to_movie": False,
                "disable_caching": True,
                "output_file": key,
            }
            with tempconfig(options):
                scene = scene_class()  # type: ignore[operator]
                scene.render()
            frames = list(media.rglob(f"{key}*.png"))
            if not frames:
                raise RuntimeError("no frame written")
            frames[0].replace(out / f"{key}.png")
            report[key] = "ok"
        except Exception as exc:
            report[key] = f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=-3)}"
    (out / "report.json").write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
