/** Auto-layout (left to right) with dagre, for graphs without positions. */
import dagre from '@dagrejs/dagre';
import { alwaysShown } from './ports';
import type { Catalog, GraphDoc } from './types';
import { parseWire, wireList } from './wires';

export const NODE_WIDTH = 220;

/** The height a node will have, close enough for layout. */
export function estimateHeight(doc: GraphDoc, catalog: Catalog, id: string): number {
  const node = doc.nodes[id];
  const spec = catalog.byType.get(node.type);
  let rows = spec ? spec.outputs.length : 1;
  let folded = 0;
  for (const input of spec?.inputs ?? []) {
    if (!alwaysShown(input, node)) folded = 1;
    else rows += input.list ? 1 + wireList(node.inputs?.[input.name]).length + 1 : 1;
  }
  rows += folded;
  return 34 + rows * 22;
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

/**
 * The top-left corner nearest to `at` where a node of `size` overlaps none of `boxes`
 * (with a gap), so a node added "in the middle of the view" never lands on another.
 */
export function freeSpot(at: { x: number; y: number }, boxes: Box[], size = { width: NODE_WIDTH, height: 120 }, gap = 20): { x: number; y: number } {
  const hits = (x: number, y: number) =>
    boxes.some(
      (b) => x < b.x + b.width + gap && x + size.width + gap > b.x && y < b.y + b.height + gap && y + size.height + gap > b.y,
    );
  const step = 40;
  const candidates: [number, number][] = [];
  for (let i = -25; i <= 25; i++) for (let j = -25; j <= 25; j++) candidates.push([i * step, j * step]);
  candidates.sort((a, b) => a[0] ** 2 + a[1] ** 2 - (b[0] ** 2 + b[1] ** 2) || a[1] - b[1] || a[0] - b[0]);
  for (const [dx, dy] of candidates) {
    if (!hits(at.x + dx, at.y + dy)) return { x: Math.round(at.x + dx), y: Math.round(at.y + dy) };
  }
  return at;
}
