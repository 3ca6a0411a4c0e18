/**
 * Pure edits of the graph document. Each returns a new document that shares every
 * untouched part with the old one and keeps key order (new keys go last), so the
 * server can keep comments and formatting of what did not change.
 */
import { inputSpec, specOf } from './catalog';
import { leafOf } from './graphNames';
import { uniqueId } from './ids';
import { SUBGRAPH_TYPE } from './subgraph';
import type { Catalog, DocFrame, DocNode, DocNote, GraphDoc, Literal, WireValue } from './types';
import { formatWire, parseTargetHandle, parseWire, wireList } from './wires';

function omit<T extends Record<string, unknown>>(o: T, key: string): T {
  if (!(key in o)) return o;
  const out = {} as Record<string, unknown>;
  for (const [k, v] of Object.entries(o)) if (k !== key) out[k] = v;
  return out as T;
}

/** Set or remove a key of a node; drops `params`/`inputs` when they become empty. */
function setSection<K extends 'params' | 'inputs'>(
  node: DocNode,
  section: K,
  value: DocNode[K] | undefined,
): DocNode {
  if (value === undefined || Object.keys(value).length === 0) return omit(node, section);
  if (section in node || !('pos' in node)) return { ...node, [section]: value };
  // A new section goes before `pos`, as people write it: type, params, inputs, pos.
  const out = {} as DocNode;
  for (const [k, v] of Object.entries(node)) {
    if (k === 'pos') out[section] = value;
    out[k] = v;
  }
  return out;
}

export function replaceNode(doc: GraphDoc, id: string, node: DocNode): GraphDoc {
  if (doc.nodes[id] === node) return doc;
  return { ...doc, nodes: { ...doc.nodes, [id]: node } };
}

function updateNode(doc: GraphDoc, id: string, fn: (n: DocNode) => DocNode): GraphDoc {
  const node = doc.nodes[id];
  if (!node) return doc;
  return replaceNode(doc, id, fn(node));
}

/** Set a literal value; `undefined` resets the port to its default. Wiring is removed. */
export function setParam(doc: GraphDoc, id: string, port: string, value: Literal | undefined): GraphDoc {
  return updateNode(doc, id, (n) => {
    let node = n;
    if (node.inputs && port in node.inputs) node = setSection(node, 'inputs', omit(node.inputs, port));
    const params = node.params ?? {};
    if (value === undefined) return setSection(node, 'params', omit(params, port));
    if (params[port] === value) return node;
    return setSection(node, 'params', { ...params, [port]: value });
  });
}

export function setInput(doc: GraphDoc, id: string, port: string, value: WireValue | undefined): GraphDoc {
  return updateNode(doc, id, (n) => {
    let node = n;
    if (node.params && port in node.params) node = setSection(node, 'params', omit(node.params, port));
    const inputs = node.inputs ?? {};
    if (value === undefined || (Array.isArray(value) && value.length === 0)) {
      return setSection(node, 'inputs', omit(inputs, port));
    }
    return setSection(node, 'inputs', { ...inputs, [port]: value });
  });
}

export interface ConnectArgs {
  source: string;
  sourceHandle?: string | null;
  target: string;
  targetHandle?: string | null;
}

/**
 * Wire an output into an input. A single port is replaced; on a list port, a drop on
 * an existing slot replaces that slot and a drop on the trailing free slot appends.
 * The port's literal value, if any, is removed.
 */
export function connect(doc: GraphDoc, catalog: Catalog, c: ConnectArgs): GraphDoc {
  const src = doc.nodes[c.source];
  const dst = doc.nodes[c.target];
  const th = parseTargetHandle(c.targetHandle);
  if (!src || !dst || !th) return doc;
  const srcSpec = specOf(catalog, src);
  const output = c.sourceHandle ?? srcSpec?.outputs[0]?.name ?? '';
  const spec = inputSpec(specOf(catalog, dst), th.port);
  const wire = formatWire(c.source, output, srcSpec, spec?.kind);
  if (spec?.list) {
    const items = Array.isArray(dst.inputs?.[th.port]) ? [...(dst.inputs![th.port] as string[])] : wireList(dst.inputs?.[th.port]);
    const slot = th.slot ?? items.length;
    if (slot < items.length) items[slot] = wire;
    else items.push(wire);
    return setInput(doc, c.target, th.port, items);
  }
  return setInput(doc, c.target, th.port, wire);
}

/** Remove the wire into `port` (or one slot of a list port). */
export function disconnect(doc: GraphDoc, id: string, port: string, slot: number | null = null): GraphDoc {
  const node = doc.nodes[id];
  const value = node?.inputs?.[port];
  if (value === undefined) return doc;
  if (slot !== null && Array.isArray(value)) {
    return setInput(doc, id, port, value.filter((_, i) => i !== slot));
  }
  return setInput(doc, id, port, undefined);
}

/**
 * Move the end of a wire: the wire into `old`'s input is removed and `c` is wired
 * instead (a wire dragged from one input to another, or to another output).
 */
export function reconnect(
  doc: GraphDoc,
  catalog: Catalog,
  old: { target: string; targetHandle?: string | null },
  c: ConnectArgs,
): GraphDoc {
  const th = parseTargetHandle(old.targetHandle);
  if (!th) return doc;
  return connect(disconnect(doc, old.target, th.port, th.slot), catalog, c);
}

/** Remove a key from a node's params and inputs (a port its type does not have). */
export function removePort(doc: GraphDoc, id: string, port: string): GraphDoc {
  return updateNode(doc, id, (n) => {
    let node = n;
    if (node.params && port in node.params) node = setSection(node, 'params', omit(node.params, port));
    if (node.inputs && port in node.inputs) node = setSection(node, 'inputs', omit(node.inputs, port));
    return node;
  });
}

export function moveListItem(doc: GraphDoc, id: string, port: string, from: number, to: number): GraphDoc {
  const value = doc.nodes[id]?.inputs?.[port] ?? doc.nodes[id]?.params?.[port];
  if (!Array.isArray(value) || from === to || to < 0 || to >= value.length) return doc;
  const items = [...value];
  const [moved] = items.splice(from, 1);
  items.splice(to, 0, moved);
  if (doc.nodes[id]?.inputs?.[port] !== undefined) return setInput(doc, id, port, items as string[]);
  return setParam(doc, id, port, items as Literal[]);
}

export function addNode(
  doc: GraphDoc,
  type: string,
  pos: [number, number],
  params?: Record<string, Literal>,
): { doc: GraphDoc; id: string } {
  const id = uniqueId(type, doc.nodes);
  const node: DocNode = { type };
  if (params && Object.keys(params).length) node.params = params;
  node.pos = [Math.round(pos[0]), Math.round(pos[1])];
  return { doc: { ...doc, nodes: { ...doc.nodes, [id]: node } }, id };
}

/**
 * Add a Subgraph node using graph `graph`, its id made from the graph's file name
 * (`parts/labelled_dot` -> `labelled_dot`). `graph` follows `type`, as people write it.
 */
export function addSubgraphNode(doc: GraphDoc, graph: string, pos: [number, number]): { doc: GraphDoc; id: string } {
  const id = uniqueId(leafOf(graph), doc.nodes);
  const node: DocNode = { type: SUBGRAPH_TYPE, graph, pos: [Math.round(pos[0]), Math.round(pos[1])] };
  return { doc: { ...doc, nodes: { ...doc.nodes, [id]: node } }, id };
}

/** Remove nodes and every wire that points at them. */
export function removeNodes(doc: GraphDoc, ids: Iterable<string>): GraphDoc {
  const gone = new Set(ids);
  if (![...gone].some((id) => id in doc.nodes)) return doc;
  const nodes: Record<string, DocNode> = {};
  for (const [id, node] of Object.entries(doc.nodes)) {
    if (gone.has(id)) continue;
    nodes[id] = dropWiresTo(node, gone);
  }
  return { ...doc, nodes };
}

function dropWiresTo(node: DocNode, gone: Set<string>): DocNode {
  if (!node.inputs) return node;
  let changed = false;
  const inputs: Record<string, WireValue> = {};
  for (const [port, v] of Object.entries(node.inputs)) {
    if (Array.isArray(v)) {
      const kept = v.filter((w) => !gone.has(parseWire(w).node));
      if (kept.length !== v.length) changed = true;
      if (kept.length) inputs[port] = kept;
    } else if (typeof v === 'string' && gone.has(parseWire(v).node)) {
      changed = true;
    } else {
      inputs[port] = v;
    }
  }
  return changed ? setSection(node, 'inputs', inputs) : node;
}

/** Move nodes; positions are rounded to integers. Unchanged positions keep the node as is. */
export function moveNodes(doc: GraphDoc, positions: Map<string, { x: number; y: number }>): GraphDoc {
  let nodes: Record<string, DocNode> | null = null;
  for (const [id, p] of positions) {
    const node = doc.nodes[id];
    if (!node) continue;
    const pos: [number, number] = [Math.round(p.x), Math.round(p.y)];
    if (node.pos && node.pos[0] === pos[0] && node.pos[1] === pos[1]) continue;
    nodes ??= { ...doc.nodes };
    nodes[id] = { ...node, pos };
  }
  return nodes ? { ...doc, nodes } : doc;
}

function renameInWire(w: string, from: string, to: string): string {
  const ref = parseWire(w);
  if (ref.node !== from) return w;
  return ref.port === null ? to : `${to}.${ref.port}`;
}

/** Rename a node in place (same position in the mapping) and every wire to it. */
export function renameNode(doc: GraphDoc, from: string, to: string): GraphDoc {
  if (from === to || !(from in doc.nodes) || to in doc.nodes) return doc;
  const nodes: Record<string, DocNode> = {};
  for (const [id, node] of Object.entries(doc.nodes)) {
    let n = node;
    if (n.inputs) {
      let changed = false;
      const inputs: Record<string, WireValue> = {};
      for (const [port, v] of Object.entries(n.inputs)) {
        const nv = Array.isArray(v) ? v.map((w) => renameInWire(w, from, to)) : renameInWire(v, from, to);
        const differs = JSON.stringify(nv) !== JSON.stringify(v);
        if (differs) changed = true;
        inputs[port] = differs ? nv : v;
      }
      if (changed) n = { ...n, inputs };
    }
    nodes[id === from ? to : id] = n;
  }
  return { ...doc, nodes };
}

/** Set a top-level key (name, description) or remove it with `undefined`. */
export function setTopLevel(doc: GraphDoc, key: string, value: unknown): GraphDoc {
  if (key === 'nodes' || key === 'version') return doc;
  if (value === undefined || value === '') return omit(doc, key);
  return { ...doc, [key]: value };
}

export function setBackground(doc: GraphDoc, color: string | undefined): GraphDoc {
  const scene = { ...(doc.scene ?? {}) };
  if (color === undefined || color === '') delete scene.background;
  else scene.background = color;
  if (Object.keys(scene).length === 0) return omit(doc, 'scene');
  return { ...doc, scene };
}

// ---------------------------------------------------------------- canvas: frames and notes

export type ExtraKind = 'frame' | 'note';
/** A frame or a note of the canvas, by id (frames and notes have ids of their own). */
export interface ExtraRef {
  kind: ExtraKind;
  id: string;
}
interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const SECTION = { frame: 'frames', note: 'notes' } as const;
export const NOTE_SIZE: [number, number] = [220, 120];
export const FRAME_SIZE: [number, number] = [400, 260];

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isPair(v: unknown, positive = false): v is [number, number] {
  return Array.isArray(v) && v.length === 2 && v.every((n) => typeof n === 'number' && Number.isFinite(n) && (!positive || n > 0));
}

function rawSection(doc: GraphDoc, kind: ExtraKind): Record<string, unknown> {
  const canvas: unknown = doc.canvas;
  const items = isObj(canvas) ? canvas[SECTION[kind]] : undefined;
  return isObj(items) ? items : {};
}

/** `doc` with one section of the canvas replaced; an empty section, or canvas, is dropped. */
function withSection(doc: GraphDoc, kind: ExtraKind, items: Record<string, unknown>): GraphDoc {
  const raw: unknown = doc.canvas;
  const old: Record<string, unknown> = isObj(raw) ? raw : {};
  const key = SECTION[kind];
  // A new frames section goes first, as the docs write it; everything else keeps its place.
  const canvas: Record<string, unknown> = key === 'frames' && !(key in old) ? { [key]: items, ...old } : { ...old, [key]: items };
  if (!Object.keys(items).length) delete canvas[key];
  return Object.keys(canvas).length ? { ...doc, canvas } : omit(doc, 'canvas');
}

/**
 * The frames and notes the editor can show. A hand-edited file may hold anything under
 * `canvas`; entries of the wrong shape are left out here (the validator names them) and
 * kept in the file by every edit.
 */
export function canvasOf(doc: GraphDoc): { frames: Record<string, DocFrame>; notes: Record<string, DocNote> } {
  const frames: Record<string, DocFrame> = {};
  for (const [id, f] of Object.entries(rawSection(doc, 'frame'))) {
    if (isObj(f) && isPair(f.pos) && isPair(f.size, true)) frames[id] = f as DocFrame;
  }
  const notes: Record<string, DocNote> = {};
  for (const [id, n] of Object.entries(rawSection(doc, 'note'))) {
    if (isObj(n) && isPair(n.pos) && typeof n.text === 'string' && (n.size === undefined || isPair(n.size, true))) notes[id] = n as DocNote;
  }
  return { frames, notes };
}

const whole = (p: { x: number; y: number }): [number, number] => [Math.round(p.x), Math.round(p.y)];
const size = (r: Rect): [number, number] => [Math.max(1, Math.round(r.width)), Math.max(1, Math.round(r.height))];

/** Add a frame covering `box`; returns its id. */
export function addFrame(doc: GraphDoc, box: Rect, title = 'Frame'): { doc: GraphDoc; id: string } {
  const items = rawSection(doc, 'frame');
  const id = uniqueId('frame', items);
  const frame: DocFrame = { title, pos: whole(box), size: size(box) };
  return { doc: withSection(doc, 'frame', { ...items, [id]: frame }), id };
}

/** Add a note at `pos` (its top-left corner); returns its id. */
export function addNote(doc: GraphDoc, pos: { x: number; y: number }, text = ''): { doc: GraphDoc; id: string } {
  const items = rawSection(doc, 'note');
  const id = uniqueId('note', items);
  const note: DocNote = { text, pos: whole(pos) };
  return { doc: withSection(doc, 'note', { ...items, [id]: note }), id };
}

/** Change keys of one frame or note; `undefined` removes a key. Other keys keep their order. */
export function updateExtra(doc: GraphDoc, ref: ExtraRef, patch: Record<string, unknown>): GraphDoc {
  const items = rawSection(doc, ref.kind);
  const old = items[ref.id];
  if (!isObj(old)) return doc;
  const next: Record<string, unknown> = { ...old };
  let changed = false;
  for (const [k, v] of Object.entries(patch)) {
    if (JSON.stringify(old[k]) === JSON.stringify(v)) continue;
    changed = true;
    if (v === undefined) delete next[k];
    else next[k] = v;
  }
  return changed ? withSection(doc, ref.kind, { ...items, [ref.id]: next }) : doc;
}

/** A frame's title; an empty one is left out of the file. */
export function setFrameTitle(doc: GraphDoc, id: string, title: string): GraphDoc {
  return updateExtra(doc, { kind: 'frame', id }, { title: title.trim() ? title : undefined });
}

export function setNoteText(doc: GraphDoc, id: string, text: string): GraphDoc {
  return updateExtra(doc, { kind: 'note', id }, { text });
}

/** Place a frame or note at `box` (a resize from any corner moves it too). */
export function resizeExtra(doc: GraphDoc, ref: ExtraRef, box: Rect): GraphDoc {
  return updateExtra(doc, ref, { pos: whole(box), size: size(box) });
}

/** Move frames and notes; positions are rounded. Unchanged ones keep their identity. */
export function moveExtras(doc: GraphDoc, moves: { ref: ExtraRef; to: { x: number; y: number } }[]): GraphDoc {
  return moves.reduce((d, m) => updateExtra(d, m.ref, { pos: whole(m.to) }), doc);
}

export function removeExtras(doc: GraphDoc, refs: ExtraRef[]): GraphDoc {
  let next = doc;
  for (const kind of ['frame', 'note'] as const) {
    const gone = new Set(refs.filter((r) => r.kind === kind).map((r) => r.id));
    const items = rawSection(next, kind);
    if (![...gone].some((id) => id in items)) continue;
    next = withSection(next, kind, Object.fromEntries(Object.entries(items).filter(([id]) => !gone.has(id))));
  }
  return next;
}

/** Copies of frames and notes, `offset` away, with fresh ids. */
export function duplicateExtras(doc: GraphDoc, refs: ExtraRef[], offset: { x: number; y: number }): { doc: GraphDoc; refs: ExtraRef[] } {
  let next = doc;
  const made: ExtraRef[] = [];
  for (const ref of refs) {
    const items = rawSection(next, ref.kind);
    const item = items[ref.id];
    if (!isObj(item) || !isPair(item.pos)) continue;
    const id = uniqueId(ref.id.replace(/_\d+$/, ''), items); // a copy of cast_2 is cast_3
    const copy = { ...item, pos: [item.pos[0] + offset.x, item.pos[1] + offset.y] };
    next = withSection(next, ref.kind, { ...items, [id]: copy });
    made.push({ kind: ref.kind, id });
  }
  return { doc: next, refs: made };
}

/** Whether a point (a node's top-left corner, its `pos`) lies inside a box: what makes a node a frame's member. */
export function insideBox(p: { x: number; y: number }, box: Rect): boolean {
  return p.x >= box.x && p.x <= box.x + box.width && p.y >= box.y && p.y <= box.y + box.height;
}

/** The box of a frame around `boxes`: `pad` on every side, and room for the title above. */
export function frameAround(boxes: Rect[], pad = 40, title = 40): Rect {
  const x = Math.min(...boxes.map((b) => b.x)) - pad;
  const y = Math.min(...boxes.map((b) => b.y)) - pad - title;
  const right = Math.max(...boxes.map((b) => b.x + b.width)) + pad;
  const bottom = Math.max(...boxes.map((b) => b.y + b.height)) + pad;
  return { x, y, width: right - x, height: bottom - y };
}
