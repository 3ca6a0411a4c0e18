/**
 * Document JSON <-> React Flow nodes and edges.
 *
 * The document stays the source of truth: a flow node carries its document node by
 * reference, and converting back only touches `pos` and `inputs`, so unknown keys
 * (`x-*`, `description`, `scene`, per-node extras) pass through untouched.
 */
import type { Edge, Node } from '@xyflow/react';
import { inputSpec, specOf } from './catalog';
import { canvasOf, moveNodes, NOTE_SIZE, type ExtraRef } from './docEdit';
import type { Catalog, DocFrame, DocNode, DocNote, GraphDoc, Kind, NodeSpec, Problem, WireValue } from './types';
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

/** A frame or note of the canvas: its document entry, by reference, and its id there. */
export type FrameData = { frame: DocFrame; id: string };
export type NoteData = { note: DocNote; id: string };
export type FrameFlowNode = Node<FrameData, 'frame'>;
export type NoteFlowNode = Node<NoteData, 'note'>;
export type ExtraFlowNode = FrameFlowNode | NoteFlowNode;
/** Everything React Flow draws: graph nodes, and frames and notes behind them. */
export type CanvasFlowNode = GraphFlowNode | ExtraFlowNode;

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
    const spec = specOf(catalog, node) ?? null;
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

/** Frames and notes get flow ids of their own kind: `frame:intro`, `note:todo` (node ids have no colon). */
export function extraFlowId(ref: ExtraRef): string {
  return `${ref.kind}:${ref.id}`;
}

export function extraRef(flowId: string): ExtraRef | null {
  const [kind, id] = flowId.split(':', 2);
  return (kind === 'frame' || kind === 'note') && id ? { kind, id } : null;
}

export function isExtra(node: CanvasFlowNode): node is ExtraFlowNode {
  return node.type === 'frame' || node.type === 'note';
}

/** Frames lie behind wires and nodes even when selected (which adds 1000); notes lie above wires,
 * so that no wire crosses their text, and below the nodes that come after them. */
export const FRAME_Z = -1001;
export const NOTE_Z = 0;

function sameBox(prev: ExtraFlowNode | undefined, x: number, y: number, width: number, height: number): boolean {
  return !!prev && prev.position.x === x && prev.position.y === y && prev.width === width && prev.height === height;
}

/**
 * The frames, then the notes, as flow nodes. Frames are dragged by their title bar (their
 * body lets clicks through to the canvas); `previous` keeps selection and unchanged nodes.
 */
export function docToExtras(doc: GraphDoc, previous?: Map<string, ExtraFlowNode>): ExtraFlowNode[] {
  const { frames, notes } = canvasOf(doc);
  const out: ExtraFlowNode[] = [];
  for (const [id, frame] of Object.entries(frames)) {
    const flowId = extraFlowId({ kind: 'frame', id });
    const prev = previous?.get(flowId);
    const [x, y] = frame.pos;
    const [width, height] = frame.size;
    if (prev?.type === 'frame' && prev.data.frame === frame && sameBox(prev, x, y, width, height)) {
      out.push(prev);
      continue;
    }
    const node: FrameFlowNode = { id: flowId, type: 'frame', position: { x, y }, width, height, zIndex: FRAME_Z, dragHandle: '.frame-head', data: { frame, id } };
    if (prev?.selected) node.selected = true;
    out.push(node);
  }
  for (const [id, note] of Object.entries(notes)) {
    const flowId = extraFlowId({ kind: 'note', id });
    const prev = previous?.get(flowId);
    const [x, y] = note.pos;
    const [width, height] = note.size ?? NOTE_SIZE;
    if (prev?.type === 'note' && prev.data.note === note && sameBox(prev, x, y, width, height)) {
      out.push(prev);
      continue;
    }
    const node: NoteFlowNode = { id: flowId, type: 'note', position: { x, y }, width, height, zIndex: NOTE_Z, data: { note, id } };
    if (prev?.selected) node.selected = true;
    out.push(node);
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
    const spec = specOf(catalog, node);
    for (const [port, value] of Object.entries(node.inputs)) {
      const ispec = inputSpec(spec, port);
      const isList = ispec?.list ?? Array.isArray(value);
      wireList(value).forEach((wire, slot) => {
        const ref = parseWire(wire);
        const src = doc.nodes[ref.node];
        if (!src) return;
        const srcSpec = specOf(catalog, src);
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
    const srcSpec = specOf(catalog, src);
    const into = inputSpec(specOf(catalog, result.nodes[e.target]), th.port)?.kind;
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
    const spec = specOf(catalog, node);
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
