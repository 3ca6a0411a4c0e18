/** Auto-layout (left to right) with dagre, for graphs without positions. */
import dagre from '@dagrejs/dagre';
import { specOf } from './catalog';
import { FORMULA_HEIGHT, FORMULA_TYPES } from './formula';
import { alwaysShown } from './ports';
import type { Catalog, GraphDoc } from './types';
import { parseWire, wireList } from './wires';

export const NODE_WIDTH = 220;

/** The height a node will have, close enough for layout. */
export function estimateHeight(doc: GraphDoc, catalog: Catalog, id: string): number {
  const node = doc.nodes[id];
  const spec = specOf(catalog, node);
  let rows = spec ? spec.outputs.length : 1;
  let folded = 0;
  for (const input of spec?.inputs ?? []) {
    if (!alwaysShown(input, node)) folded = 1;
    else rows += input.list ? 1 + wireList(node.inputs?.[input.name]).length + 1 : 1;
  }
  rows += folded;
  return 34 + rows * 22 + (FORMULA_TYPES[node.type] ? FORMULA_HEIGHT : 0);
}

export function autoLayout(doc: GraphDoc, catalog: Catalog, only?: Set<string>): Map<string, { x: number; y: number }> {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 30, ranksep: 80, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const id of Object.keys(doc.nodes)) {
    g.setNode(id, { width: NODE_WIDTH, height: estimateHeight(doc, catalog, id) });
  }
  for (const [id, node] of Object.entries(doc.nodes)) {
    for (const v of Object.values(node.inputs ?? {})) {
      for (const w of wireList(v)) {
        const src = parseWire(w).node;
        if (src in doc.nodes && src !== id) g.setEdge(src, id);
      }
    }
  }
  dagre.layout(g);
  const out = new Map<string, { x: number; y: number }>();
  for (const id of Object.keys(doc.nodes)) {
    if (only && !only.has(id)) continue;
    const n = g.node(id) as { x: number; y: number; width: number; height: number };
    out.set(id, { x: Math.round(n.x - n.width / 2), y: Math.round(n.y - n.height / 2) });
  }
  return out;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The smallest box around `boxes` (which must not be empty). */
export function boundsOf(boxes: Box[]): Box {
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  const right = Math.max(...boxes.map((b) => b.x + b.width));
  const bottom = Math.max(...boxes.map((b) => b.y + b.height));
  return { x, y, width: right - x, height: bottom - y };
}

const SEARCH_STEP = 40;
const SEARCH_RADIUS = 25;
/** Offsets from the wanted spot within the search radius, nearest first (computed once). */
const OFFSETS: readonly (readonly [number, number])[] = (() => {
  const out: [number, number][] = [];
  for (let i = -SEARCH_RADIUS; i <= SEARCH_RADIUS; i++)
    for (let j = -SEARCH_RADIUS; j <= SEARCH_RADIUS; j++) out.push([i * SEARCH_STEP, j * SEARCH_STEP]);
  return out.sort((a, b) => a[0] ** 2 + a[1] ** 2 - (b[0] ** 2 + b[1] ** 2) || a[1] - b[1] || a[0] - b[0]);
})();

/**
 * The top-left corner nearest to `at` where a box of `size` overlaps none of `boxes` (with a gap),
 * so a node added or pasted never lands on another. A crowded neighbourhood sends it below all.
 */
export function freeSpot(at: { x: number; y: number }, boxes: Box[], size = { width: NODE_WIDTH, height: 120 }, gap = 20): { x: number; y: number } {
  const hits = (x: number, y: number) =>
    boxes.some(
      (b) => x < b.x + b.width + gap && x + size.width + gap > b.x && y < b.y + b.height + gap && y + size.height + gap > b.y,
    );
  for (const [dx, dy] of OFFSETS) {
    if (!hits(at.x + dx, at.y + dy)) return { x: Math.round(at.x + dx), y: Math.round(at.y + dy) };
  }
  const all = boundsOf(boxes);
  return { x: Math.round(at.x), y: Math.round(all.y + all.height + gap) };
}
