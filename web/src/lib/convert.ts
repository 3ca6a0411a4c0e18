/**
 * Document JSON <-> React Flow nodes and edges.
 *
 * The document stays the source of truth: a flow node carries its document node by
 * reference, and converting back only touches `pos` and `inputs`, so unknown keys
 * (`x-*`, `description`, `scene`, per-node extras) pass through untouched.
 */
import type { Edge, Node } from '@xyflow/react';
import { inputSpec } from './catalog';
import { moveNodes } from './docEdit';
import type { Catalog, DocNode, GraphDoc, Kind, NodeSpec, Problem, WireValue } from './types';
import { parseTargetHandle, parseWire, resolveOutput, targetHandleId, wireList, formatWire } from './wires';

export type GraphNodeData = {
  /** The document node, by reference. */
  node: DocNode;
  spec: NodeSpec | null;
  /** Problems about this node, from validation and rendering. */
  problems: Problem[];
  /** Its value or mobject changes while the scene plays (the server's `live` list). */
  live: boolean;
};

export type GraphFlowNode = Node<GraphNodeData, 'graph'>;

export type WireData = {
  kind: Kind;
  /** The wire comes from a live node: what it carries changes while the scene plays. */
  live: boolean;
};
export type GraphFlowEdge = Edge<WireData>;

export const NODE_TYPE = 'graph' as const;

export interface ToFlowOptions {
  /** Positions for nodes without `pos` (from auto-layout). */
  fallback?: Map<string, { x: number; y: number }>;
  problems?: Map<string, Problem[]>;
  /** Previous flow nodes: reused when nothing about them changed, and their selection kept. */
  previous?: Map<string, GraphFlowNode>;
  /** Ids of the live nodes. */
  live?: ReadonlySet<string>;
}

const NO_LIVE: ReadonlySet<string> = new Set();

/** The class names of a wire: its kind, and whether it is live. */
export function wireClass(kind: Kind, live: boolean): string {
  return live ? `wire wire-${kind} live` : `wire wire-${kind}`;
}

const NO_PROBLEMS: Problem[] = [];

export function edgeId(target: string, handle: string): string {
  return `${target}:${handle}`;
}

export function docToNodes(doc: GraphDoc, catalog: Catalog, opts: ToFlowOptions = {}): GraphFlowNode[] {
  const out: GraphFlowNode[] = [];
  let i = 0;
  for (const [id, node] of Object.entries(doc.nodes)) {
    const problems = opts.problems?.get(id) ?? NO_PROBLEMS;
    const spec = catalog.byType.get(node.type) ?? null;
    const prev = opts.previous?.get(id);
    const live = (opts.live ?? NO_LIVE).has(id);
    const position = node.pos
      ? { x: node.pos[0], y: node.pos[1] }
      : (opts.fallback?.get(id) ?? prev?.position ?? { x: (i % 6) * 260, y: Math.floor(i / 6) * 220 });
    i++;
    if (
      prev &&
      prev.data.node === node &&
      prev.data.spec === spec &&
      prev.data.problems === problems &&
      prev.data.live === live &&
      prev.position.x === position.x &&
      prev.position.y === position.y
    ) {
      out.push(prev);
      continue;
    }
    const flowNode: GraphFlowNode = {
      id,
      type: NODE_TYPE,
      position,
      data: { node, spec, problems, live },
    };
    if (prev?.selected) flowNode.selected = true;
    if (prev?.measured) flowNode.measured = prev.measured;
    out.push(flowNode);
  }
  return out;
}

export function docToEdges(
  doc: GraphDoc,
  catalog: Catalog,
  previous?: Map<string, GraphFlowEdge>,
  liveNodes: ReadonlySet<string> = NO_LIVE,
): GraphFlowEdge[] {
  const out: GraphFlowEdge[] = [];
  for (const [target, node] of Object.entries(doc.nodes)) {
    if (!node.inputs) continue;
    const spec = catalog.byType.get(node.type);
    for (const [port, value] of Object.entries(node.inputs)) {
      const ispec = inputSpec(spec, port);
      const isList = ispec?.list ?? Array.isArray(value);
      wireList(value).forEach((wire, slot) => {
        const ref = parseWire(wire);
        const src = doc.nodes[ref.node];
        if (!src) return;
        const srcSpec = catalog.byType.get(src.type);
        const sourceHandle = resolveOutput(ref, srcSpec, ispec?.kind);
        // No handle to draw from (unknown type or output): the validator reports it on the node.
        if (!srcSpec || !sourceHandle || !srcSpec.outputs.some((o) => o.name === sourceHandle)) return;
        const targetHandle = targetHandleId(port, isList ? slot : null);
        const id = edgeId(target, targetHandle);
        const kind = srcSpec?.outputs.find((o) => o.name === sourceHandle)?.kind ?? ispec?.kind ?? 'unknown';
        // A live node's wire carries what changes, except a source's own handle (a ValueTracker's
        // tracker output) when the node is live only through another, live output.
        const output = srcSpec.outputs.find((o) => o.name === sourceHandle);
        const livesThroughOutputs = srcSpec.outputs.some((o) => o.live === true);
        const live = liveNodes.has(ref.node) && (output?.live === true || !livesThroughOutputs);
        const prev = previous?.get(id);
        if (
          prev &&
          prev.source === ref.node &&
          prev.sourceHandle === sourceHandle &&
          prev.target === target &&
          prev.data?.kind === kind &&
          prev.data.live === live
        ) {
          out.push(prev);
          return;
        }
        const edge: GraphFlowEdge = {
          id,
          source: ref.node,
          sourceHandle,
          target,
          targetHandle,
          data: { kind, live },
          className: wireClass(kind, live),
        };
        // React Flow draws an animated edge as a moving dashed line.
        if (live) edge.animated = true;
        if (prev?.selected) edge.selected = true;
        out.push(edge);
      });
    }
  }
  return out;
}

export function docToFlow(
  doc: GraphDoc,
  catalog: Catalog,
  opts: ToFlowOptions = {},
): { nodes: GraphFlowNode[]; edges: GraphFlowEdge[] } {
  return { nodes: docToNodes(doc, catalog, opts), edges: docToEdges(doc, catalog, undefined, opts.live) };
}

interface FlowNodeLike {
  id: string;
  position: { x: number; y: number };
}
interface FlowEdgeLike {
  source: string;
  sourceHandle?: string | null;
  target: string;
  targetHandle?: string | null;
}

/**
 * Write the flow back into the document: positions (integers) of the given nodes and
 * the wires of every node, taken from the edges. Everything else is kept as it was,
 * and nodes whose wires and position did not change keep their identity.
 * Nodes missing from `nodes` are not removed (removal is an explicit edit).
 */
export function flowToDoc(doc: GraphDoc, catalog: Catalog, nodes: FlowNodeLike[], edges: FlowEdgeLike[]): GraphDoc {
  let result = moveNodes(doc, new Map(nodes.map((n) => [n.id, n.position])));

  // Group the edges by target node and port, ordered by slot.
  const wired = new Map<string, Map<string, { slot: number | null; wire: string }[]>>();
  for (const e of edges) {
    const th = parseTargetHandle(e.targetHandle);
    const src = result.nodes[e.source];
    if (!th || !src || !(e.target in result.nodes)) continue;
    const srcSpec = catalog.byType.get(src.type);
    const into = inputSpec(catalog.byType.get(result.nodes[e.target]?.type ?? ''), th.port)?.kind;
    const wire = formatWire(e.source, e.sourceHandle ?? srcSpec?.outputs[0]?.name ?? '', srcSpec, into);
    let ports = wired.get(e.target);
    if (!ports) wired.set(e.target, (ports = new Map()));
    let list = ports.get(th.port);
    if (!list) ports.set(th.port, (list = []));
    list.push({ slot: th.slot, wire });
  }

  const nodesOut: Record<string, DocNode> = {};
  let changed = false;
  for (const [id, node] of Object.entries(result.nodes)) {
    const ports = wired.get(id);
    const spec = catalog.byType.get(node.type);
    const inputs: Record<string, WireValue> = {};
    // Existing ports first, in their order, then new ones.
    const order = [...Object.keys(node.inputs ?? {}), ...[...(ports?.keys() ?? [])].filter((p) => !(p in (node.inputs ?? {})))];
    for (const port of order) {
      const list = ports?.get(port);
      if (!list?.length) continue;
      const isList = inputSpec(spec, port)?.list ?? list.some((w) => w.slot !== null);
      if (isList) {
        inputs[port] = [...list].sort((a, b) => (a.slot ?? 0) - (b.slot ?? 0)).map((w) => w.wire);
      } else {
        inputs[port] = list[list.length - 1].wire;
      }
    }
    if (JSON.stringify(inputs) === JSON.stringify(node.inputs ?? {})) {
      nodesOut[id] = node;
      continue;
    }
    changed = true;
    const next = {} as DocNode;
    let params = node.params;
    if (params) {
      const kept = Object.fromEntries(Object.entries(params).filter(([k]) => !(k in inputs)));
      params = Object.keys(kept).length === Object.keys(params).length ? params : kept;
    }
    // Rebuild keeping the node's key order; `inputs` goes after `params` when new.
    for (const [k, v] of Object.entries(node)) {
      if (k === 'params') {
        if (params && Object.keys(params).length) next.params = params;
      } else if (k === 'inputs') {
        if (Object.keys(inputs).length) next.inputs = inputs;
      } else next[k] = v;
    }
    if (!('inputs' in node) && Object.keys(inputs).length) {
      const reordered: DocNode = { type: node.type };
      for (const [k, v] of Object.entries(next)) {
        if (k === 'pos') reordered.inputs = inputs;
        reordered[k] = v;
      }
      if (!reordered.inputs) reordered.inputs = inputs;
      nodesOut[id] = reordered;
    } else {
      nodesOut[id] = next;
    }
  }
  if (changed) result = { ...result, nodes: nodesOut };
  return result;
}
