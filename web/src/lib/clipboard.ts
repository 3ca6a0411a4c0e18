/** Copy and paste of node groups, also between graphs. */
import { uniqueId } from './ids';
import type { DocNode, GraphDoc, WireValue } from './types';
import { parseWire } from './wires';

export const CLIP_MARK = 'manim-nodes/nodes';

export interface Fragment {
  kind: typeof CLIP_MARK;
  graph: string | null;
  nodes: Record<string, DocNode>;
}

export function copyNodes(doc: GraphDoc, ids: Iterable<string>, graph: string | null): Fragment {
  const nodes: Record<string, DocNode> = {};
  for (const id of ids) if (doc.nodes[id]) nodes[id] = doc.nodes[id];
  return { kind: CLIP_MARK, graph, nodes };
}

export function parseFragment(text: string): Fragment | null {
  try {
    const v = JSON.parse(text) as Partial<Fragment>;
    if (v?.kind !== CLIP_MARK || typeof v.nodes !== 'object' || v.nodes === null) return null;
    for (const n of Object.values(v.nodes)) if (typeof n !== 'object' || n === null || typeof n.type !== 'string') return null;
    return { kind: CLIP_MARK, graph: typeof v.graph === 'string' ? v.graph : null, nodes: v.nodes };
  } catch {
    return null;
  }
}

/**
 * Paste a fragment: new ids where taken, wires inside the group follow the new ids,
 * wires to nodes outside the group are kept only when pasting into the graph they
 * came from (and the node still exists). Positions move by `offset`.
 */
export function pasteFragment(
  doc: GraphDoc,
  frag: Fragment,
  offset: { x: number; y: number },
  graph: string | null,
): { doc: GraphDoc; ids: string[] } {
  const taken = new Set(Object.keys(doc.nodes));
  const rename = new Map<string, string>();
  for (const [id, node] of Object.entries(frag.nodes)) {
    const nid = taken.has(id) ? uniqueId(node.type, taken) : id;
    taken.add(nid);
    rename.set(id, nid);
  }
  const sameGraph = frag.graph !== null && frag.graph === graph;
  const mapWire = (w: string): string | null => {
    const ref = parseWire(w);
    const to = rename.get(ref.node);
    if (to) return ref.port === null ? to : `${to}.${ref.port}`;
    return sameGraph && ref.node in doc.nodes ? w : null;
  };
  const nodes = { ...doc.nodes };
  let i = 0;
  for (const [id, node] of Object.entries(frag.nodes)) {
    const copy: DocNode = { ...node };
    if (node.inputs) {
      const inputs: Record<string, WireValue> = {};
      for (const [port, v] of Object.entries(node.inputs)) {
        if (Array.isArray(v)) {
          const kept = v.map(mapWire).filter((w): w is string => w !== null);
          if (kept.length) inputs[port] = kept;
        } else {
          const w = mapWire(v);
          if (w !== null) inputs[port] = w;
        }
      }
      if (Object.keys(inputs).length) copy.inputs = inputs;
      else delete copy.inputs;
    }
    const base = node.pos ?? [i * 40, i * 40];
    copy.pos = [Math.round(base[0] + offset.x), Math.round(base[1] + offset.y)];
    nodes[rename.get(id)!] = copy;
    i++;
  }
  return { doc: { ...doc, nodes }, ids: [...rename.values()] };
}
