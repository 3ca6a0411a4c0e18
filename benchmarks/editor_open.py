"""Open-to-interactive time of a 200-node graph in the browser editor, and drag smoothness.

Starts the real server (with the stand-in render engine, so only the editor is timed)
on a free loopback port with a temp data dir, opens the editor in headless Chromium
and switches to a generated 200-node graph without positions (so auto-layout runs).
"Interactive" is the first painted frame after every visible node is on the page.
Also drags one node for a second and reports frame intervals (60 fps = 16.7 ms).

    .venv/bin/python benchmarks/editor_open.py [--nodes 200] [--repeat 5]

Headless Chromium here renders in software (--disable-gpu); a desktop browser with a
GPU paints faster, so the frame numbers are an upper bound.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def big_graph(count: int) -> dict[str, object]:
    """Circles, squares and transforms in chains, all played by one Scene; no positions."""
    nodes: dict[str, object] = {}
    animations: list[str] = []
    groups = max(1, (count - 1) // 4)
    for i in range(groups):
        nodes[f"c{i}"] = {"type": "Circle", "params": {"radius": round(0.5 + i / groups, 3)}}
        nodes[f"s{i}"] = {"type": "Square", "params": {"color": "RED"}}
        nodes[f"t{i}"] = {"type": "Transform", "inputs": {"mobject": f"c{i}", "target": f"s{i}"}}
        nodes[f"f{i}"] = {"type": "FadeIn", "inputs": {"mobject": f"s{i}"}}
        animations += [f"t{i}", f"f{i}"]
    while len(nodes) < count - 1:
        nodes[f"x{len(nodes)}"] = {"type": "Dot"}
    nodes["out"] = {"type": "Scene", "inputs": {"animations": animations}}
    return {"version": 1, "name": f"{count} nodes", "nodes": nodes}


OPEN_JS = """async ([name, title, least]) => {
  const t0 = performance.now();
  const link = [...document.querySelectorAll('.graph-open')].find(b => b.title.startsWith(name + '.'));
  link.click();
  await new Promise(resolve => {
    const check = () => {
      const n = document.querySelectorAll('.react-flow__node').length;
      const shown = document.querySelector('.doc-title')?.textContent ?? '';
      if (n >= least && shown === title) resolve(); else requestAnimationFrame(check);
    };
    check();
  });
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  return performance.now() - t0;
}"""

FRAMES_JS = """() => { window.__frames = []; let last = performance.now();
  const f = t => { window.__frames.push(t - last); last = t;
    if (window.__frames.length < 240) requestAnimationFrame(f); };
  requestAnimationFrame(f); }"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "e2e")]
    from playwright.sync_api import sync_playwright

    from e2e_support import ARGS  # the browser tests' Chromium flags (this machine's closed network)
    from server_fixtures import EXAMPLE, server_process

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        data = root / "graphs"
        data.mkdir()
        (data / "big.json").write_text(json.dumps(big_graph(args.nodes)))
        (data / "small.yaml").write_bytes(EXAMPLE.read_bytes())
        with server_process(root, fake_engine=True) as (_, url), sync_playwright() as p:
            browser = p.chromium.launch(executable_path=args.chromium, args=ARGS)
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            page.goto(f"{url}/?graph=small")
            page.wait_for_selector(".react-flow__node")
            times = []
            big = ["big", f"{args.nodes} nodes", 20]
            small = ["small", "Circle to square", 5]
            for _ in range(args.repeat):
                times.append(page.evaluate(OPEN_JS, big))
                page.evaluate(OPEN_JS, small)
            page.evaluate(OPEN_JS, big)
            page.wait_for_timeout(500)
            box = page.locator(".react-flow__node").nth(5).bounding_box()
            assert box
            page.evaluate(FRAMES_JS)
            page.mouse.move(box["x"] + 40, box["y"] + 12)
            page.mouse.down()
            for k in range(60):
                page.mouse.move(box["x"] + 40 + k * 4, box["y"] + 12 + k * 2)
            page.mouse.up()
            frames = sorted(page.evaluate("window.__frames")[5:])
            browser.close()

    print(f"open {args.nodes}-node graph to interactive (ms), {args.repeat} runs:")
    print(f"  median {statistics.median(times):7.0f}   min {min(times):7.0f}   max {max(times):7.0f}   target < 1000")
    p95 = frames[int(len(frames) * 0.95)]
    print("drag frame interval (ms):")
    print(f"  median {statistics.median(frames):7.1f}   p95 {p95:7.1f}   max {frames[-1]:7.1f}   60 fps = 16.7")


if __name__ == "__main__":
    main()
