/**
 * Edits of the open document, as the canvas, the properties panel and the shortcuts
 * ask for them: each one is a pure edit from lib/docEdit committed as one undo step.
 * Also the selection and the clipboard.
 */
import { applyEdgeChanges, applyNodeChanges, type Connection, type EdgeChange, type NodeChange } from '@xyflow/react';
import type { AnimationChoice } from '../../lib/animate';
import { specOf } from '../../lib/catalog';
import { copyNodes, parseFragment, pasteFragment } from '../../lib/clipboard';
import { checkConnection } from '../../lib/connect';
import type { GraphFlowEdge, GraphFlowNode } from '../../lib/convert';
import * as edit from '../../lib/docEdit';
import type { ExtraRef } from '../../lib/docEdit';
import { autoLayout, boundsOf, estimateHeight, freeSpot, NODE_WIDTH, type Box } from '../../lib/layout';
import type { GraphDoc, Literal } from '../../lib/types';
import { ID_PATTERN, parseTargetHandle } from '../../lib/wires';
import type { EditorState } from '../editor';
import { readClipboard, writeClipboard } from '../local';
import type { SliceContext } from './context';
import type { MenuState } from './ui';

export interface EditActions {
  setParam(id: string, port: string, value: Literal | undefined): void;
  disconnect(id: string, port: string, slot?: number | null): void;
  moveListItem(id: string, port: string, from: number, to: number): void;
  /** Rename a node and every wire to it; false when `to` is not a free, valid id. */
  renameNode(from: string, to: string): boolean;
  setTopLevel(key: string, value: unknown): void;
  setBackground(color: string | undefined): void;
  /** Remove a value or wire of a port the node's type does not have. */
  removePort(id: string, port: string): void;
  onNodesChange(changes: NodeChange<GraphFlowNode>[]): void;
  onEdgesChange(changes: EdgeChange<GraphFlowEdge>[]): void;
  removeEdges(ids: string[]): void;
  isValidConnection(c: Connection | GraphFlowEdge): boolean;
  /** Why a wire does not fit, or null when it does. */
  connectionHint(c: Connection): string | null;
  connect(c: Connection): void;
  /** A wire's end dragged from `old`'s input to the port of `c`. */
  reconnect(old: GraphFlowEdge, c: Connection): void;
  /** Add a node; from a wire dropped in empty space (`wire`), wire it to its `port`. */
  addNode(type: string, at: { x: number; y: number }, wire?: MenuState['from'], port?: string): string | null;
  /** Add a node near `center` (flow coordinates) in a spot no other node covers. */
  addNodeNear(type: string, center: { x: number; y: number }): string | null;
  /** Add a Subgraph node using graph `graph` at `at` (moved to a free spot nearby). */
  addSubgraph(graph: string, at: { x: number; y: number }): string | null;
  addSubgraphNear(graph: string, center: { x: number; y: number }): string | null;
  /** Add an animation of node `id` beside it, wired to it; returns the new node's id. */
  animateNode(id: string, choice: AnimationChoice): string | null;
  /** Remove every wire into or out of the nodes `ids`. */
  disconnectNodes(ids: string[]): void;
  select(ids: string[]): void;
  selectAll(): void;
  deleteNodes(ids: string[]): void;
  deleteSelection(): void;
  copySelection(): string | null;
  cutSelection(): string | null;
  /** Paste nodes copied here or in another graph; returns false when the text is not ours. */
  paste(text?: string | null): boolean;
  duplicateSelection(): void;
  /** Lay out every node and write the positions (one undo step). */
  layoutAll(): void;
  /** Add a frame with its top-left corner at `at` (flow coordinates); returns its id. */
  addFrame(at: { x: number; y: number }): string | null;
  /** Put a frame around the nodes `ids`, with room for its title; returns its id. */
  frameNodes(ids: string[]): string | null;
  addNote(at: { x: number; y: number }): string | null;
  setFrameTitle(id: string, title: string): void;
  setNoteText(id: string, text: string): void;
  /** A frame or note resized (from any corner, so it may move too). */
  resizeExtra(ref: ExtraRef, box: { x: number; y: number; width: number; height: number }): void;
  /** Write where nodes, frames and notes were dragged to, as one undo step. */
  moveItems(nodes: Map<string, { x: number; y: number }>, extras: { ref: ExtraRef; to: { x: number; y: number } }[]): void;
  /** Delete nodes (and their wires), frames and notes as one undo step. */
  deleteItems(nodeIds: string[], extras: ExtraRef[]): void;
  /** Copy frames and notes beside themselves; returns the copies. */
  duplicateExtras(extras: ExtraRef[]): ExtraRef[];
}

/** The handle of a port; for a list port its next free slot. */
function listHandle(s: EditorState, doc: GraphDoc, id: string, port: string): string {
  const spec = s.catalog ? specOf(s.catalog, doc.nodes[id]) : undefined;
  const input = spec?.inputs.find((i) => i.name === port);
  if (!input?.list) return port;
  const v = doc.nodes[id]?.inputs?.[port];
  return `${port}#${Array.isArray(v) ? v.length : 0}`;
}

/** The nodes on the canvas as boxes, at their measured size where React Flow has measured them. */
function boxesOf(s: EditorState): Box[] {
  return s.nodes.map((n) => ({
    x: n.position.x,
    y: n.position.y,
    width: n.measured?.width ?? NODE_WIDTH,
    height: n.measured?.height ?? estimateHeightOr(s, n.id),
  }));
}

function estimateHeightOr(s: EditorState, id: string): number {
  return s.doc && s.catalog && s.doc.nodes[id] ? estimateHeight(s.doc, s.catalog, id) : 120;
}

/**
 * `doc` with the new nodes `ids` moved together, as little as needed, so that none of them
 * overlaps a node already on the canvas (new and pasted nodes never land on others).
 */
function settle(s: EditorState, doc: GraphDoc, ids: string[]): GraphDoc {
  const catalog = s.catalog;
  const own = ids.flatMap((id): Box[] => {
    const pos = doc.nodes[id]?.pos;
    if (!pos || !catalog) return [];
    return [{ x: pos[0], y: pos[1], width: NODE_WIDTH, height: estimateHeight(doc, catalog, id) }];
  });
  if (!own.length) return doc;
  const group = boundsOf(own);
  const spot = freeSpot(group, boxesOf(s), group);
  const dx = spot.x - group.x;
  const dy = spot.y - group.y;
  if (!dx && !dy) return doc;
  return edit.moveNodes(doc, new Map(own.map((b, i) => [ids[i], { x: b.x + dx, y: b.y + dy }])));
}

export function createEditSlice({ get, set }: SliceContext): EditActions {
  /** Write the positions of nodes whose drag ended. */
  const commitPositions = (ids: string[]): void => {
    const byId = new Map(get().nodes.map((n) => [n.id, n]));
    const moved = new Map<string, { x: number; y: number }>();
    for (const id of ids) {
      const n = byId.get(id);
      if (n) moved.set(id, n.position);
    }
    get().apply((d) => edit.moveNodes(d, moved));
  };

  return {
    setParam(id, port, value) {
      get().apply((d) => edit.setParam(d, id, port, value), `param:${id}:${port}`);
    },

    disconnect(id, port, slot = null) {
      get().apply((d) => edit.disconnect(d, id, port, slot));
    },

    moveListItem(id, port, from, to) {
      get().apply((d) => edit.moveListItem(d, id, port, from, to));
    },

    renameNode(from, to) {
      const s = get();
      const doc = s.doc;
      if (!doc || !ID_PATTERN.test(to) || (to !== from && to in doc.nodes)) return false;
      s.commit(edit.renameNode(doc, from, to));
      s.select([to]);
      return true;
    },

    setTopLevel(key, value) {
      get().apply((d) => edit.setTopLevel(d, key, value), `top:${key}`);
    },

    setBackground(color) {
      get().apply((d) => edit.setBackground(d, color), 'top:background');
    },

    removePort(id, port) {
      get().apply((d) => edit.removePort(d, id, port));
    },

    onNodesChange(changes) {
      const s = get();
      const removed = changes.flatMap((c) => (c.type === 'remove' ? [c.id] : []));
      const rest = changes.filter((c) => c.type !== 'remove');
      if (rest.length) {
        const nodes = applyNodeChanges(rest, s.nodes);
        const patch: Partial<EditorState> = { nodes };
        if (rest.some((c) => c.type === 'select')) patch.selection = nodes.filter((n) => n.selected).map((n) => n.id);
        set(patch);
        const ended = rest.flatMap((c) => (c.type === 'position' && c.dragging === false ? [c.id] : []));
        if (ended.length) commitPositions(ended);
      }
      if (removed.length) s.deleteNodes(removed);
    },

    onEdgesChange(changes) {
      const removed = changes.filter((c) => c.type === 'remove');
      const rest = changes.filter((c) => c.type !== 'remove');
      if (rest.length) set({ edges: applyEdgeChanges(rest, get().edges) });
      if (removed.length) get().removeEdges(removed.map((c) => c.id));
    },

    removeEdges(ids) {
      const edges = get().edges.filter((e) => ids.includes(e.id));
      // Remove list slots from the highest index down so the others keep their place.
      const sorted = edges
        .map((e) => ({ node: e.target, h: parseTargetHandle(e.targetHandle) }))
        .filter((x) => x.h !== null)
        .sort((a, b) => (b.h!.slot ?? 0) - (a.h!.slot ?? 0));
      get().apply((d) => sorted.reduce((doc, x) => edit.disconnect(doc, x.node, x.h!.port, x.h!.slot), d));
    },

    isValidConnection(c) {
      const s = get();
      if (!s.doc || !s.catalog) return false;
      return checkConnection(s.doc, s.catalog, c).ok;
    },

    connectionHint(c) {
      const s = get();
      if (!s.doc || !s.catalog) return null;
      const r = checkConnection(s.doc, s.catalog, c);
      return r.ok ? null : r.reason;
    },

    connect(c) {
      const s = get();
      if (!s.doc || !s.catalog || !s.isValidConnection(c)) return;
      s.commit(edit.connect(s.doc, s.catalog, c));
    },

    reconnect(old, c) {
      const s = get();
      if (!s.doc || !s.catalog) return;
      s.commit(edit.reconnect(s.doc, s.catalog, old, c));
    },

    addNode(type, at, wire, port) {
      const s = get();
      if (!s.doc || !s.catalog) return null;
      const added = edit.addNode(s.doc, type, [at.x, at.y]);
      const id = added.id;
      let next = settle(s, added.doc, [id]);
      if (wire && port) {
        const c =
          wire.type === 'source'
            ? { source: wire.node, sourceHandle: wire.handle, target: id, targetHandle: listHandle(s, next, id, port) }
            : { source: id, sourceHandle: port, target: wire.node, targetHandle: wire.handle };
        if (checkConnection(next, s.catalog, c).ok) next = edit.connect(next, s.catalog, c);
      }
      s.commit(next);
      s.select([id]);
      return id;
    },

    addNodeNear(type, center) {
      return get().addNode(type, { x: center.x - NODE_WIDTH / 2, y: center.y - 60 });
    },

    addSubgraph(graph, at) {
      const s = get();
      if (!s.doc) return null;
      const added = edit.addSubgraphNode(s.doc, graph, [at.x, at.y]);
      s.commit(settle(s, added.doc, [added.id]));
      s.select([added.id]);
      return added.id;
    },

    addSubgraphNear(graph, center) {
      return get().addSubgraph(graph, { x: center.x - NODE_WIDTH / 2, y: center.y - 60 });
    },

    animateNode(id, choice) {
      const s = get();
      const pos = s.nodes.find((n) => n.id === id)?.position;
      if (!pos) return null;
      const width = s.nodes.find((n) => n.id === id)?.measured?.width ?? NODE_WIDTH;
      return s.addNode(choice.type, { x: pos.x + width + 60, y: pos.y }, { node: id, handle: choice.output, type: 'source' }, choice.port);
    },

    disconnectNodes(ids) {
      const touched = new Set(ids);
      const wires = get().edges.filter((e) => touched.has(e.source) || touched.has(e.target));
      if (wires.length) get().removeEdges(wires.map((e) => e.id));
    },

    select(ids) {
      const s = get();
      const want = new Set(ids);
      const nodes = s.nodes.map((n) => (!!n.selected === want.has(n.id) ? n : { ...n, selected: want.has(n.id) }));
      const edges = s.edges.map((e) => (e.selected ? { ...e, selected: false } : e));
      set({ nodes, edges, selection: ids.filter((id) => s.doc?.nodes[id]) });
    },

    selectAll() {
      get().select(get().nodes.map((n) => n.id));
    },

    deleteNodes(ids) {
      get().apply((d) => edit.removeNodes(d, ids));
    },

    deleteSelection() {
      const s = get();
      const edgeIds = s.edges.filter((e) => e.selected).map((e) => e.id);
      if (s.selection.length) s.deleteNodes(s.selection);
      else if (edgeIds.length) s.removeEdges(edgeIds);
    },

    copySelection() {
      const s = get();
      if (!s.doc || !s.selection.length) return null;
      const text = JSON.stringify(copyNodes(s.doc, s.selection, s.name));
      writeClipboard(text);
      return text;
    },

    cutSelection() {
      const text = get().copySelection();
      if (text) get().deleteSelection();
      return text;
    },

    paste(text = readClipboard()) {
      const s = get();
      const frag = text ? parseFragment(text) : null;
      if (!frag || !s.doc) return false;
      const positions = Object.values(frag.nodes).map((n) => n.pos).filter((p): p is [number, number] => !!p);
      const pointer = s.lastPointer();
      let offset = { x: 40, y: 40 };
      if (pointer && positions.length) {
        const minX = Math.min(...positions.map((p) => p[0]));
        const minY = Math.min(...positions.map((p) => p[1]));
        offset = { x: pointer.x - minX, y: pointer.y - minY };
      } else if (pointer) {
        offset = pointer;
      }
      const { doc, ids } = pasteFragment(s.doc, frag, offset, s.name);
      s.commit(settle(s, doc, ids));
      s.select(ids);
      return true;
    },

    duplicateSelection() {
      const s = get();
      if (!s.doc || !s.selection.length) return;
      const frag = copyNodes(s.doc, s.selection, s.name);
      const { doc, ids } = pasteFragment(s.doc, frag, { x: 40, y: 40 }, s.name);
      s.commit(settle(s, doc, ids));
      s.select(ids);
    },

    layoutAll() {
      const s = get();
      if (!s.doc || !s.catalog) return;
      const pos = autoLayout(s.doc, s.catalog);
      set({ fallback: new Map() });
      s.commit(edit.moveNodes(s.doc, pos));
      set({ fitRequest: s.fitRequest + 1 });
    },

    addFrame(at) {
      const s = get();
      if (!s.doc) return null;
      const [width, height] = edit.FRAME_SIZE;
      const added = edit.addFrame(s.doc, { ...at, width, height });
      s.commit(added.doc);
      return added.id;
    },

    frameNodes(ids) {
      const s = get();
      const picked = new Set(ids);
      const boxes = boxesOf(s).filter((_, i) => picked.has(s.nodes[i].id));
      if (!s.doc || !boxes.length) return null;
      const added = edit.addFrame(s.doc, edit.frameAround(boxes));
      s.commit(added.doc);
      return added.id;
    },

    addNote(at) {
      const s = get();
      if (!s.doc) return null;
      const added = edit.addNote(s.doc, at);
      s.commit(added.doc);
      return added.id;
    },

    setFrameTitle(id, title) {
      get().apply((d) => edit.setFrameTitle(d, id, title), `frame:${id}:title`);
    },

    setNoteText(id, text) {
      get().apply((d) => edit.setNoteText(d, id, text), `note:${id}:text`);
    },

    resizeExtra(ref, box) {
      get().apply((d) => edit.resizeExtra(d, ref, box));
    },

    moveItems(nodes, extras) {
      get().apply((d) => edit.moveExtras(edit.moveNodes(d, nodes), extras));
    },

    deleteItems(nodeIds, extras) {
      get().apply((d) => edit.removeExtras(edit.removeNodes(d, nodeIds), extras));
    },

    duplicateExtras(extras) {
      const s = get();
      if (!s.doc || !extras.length) return [];
      const copied = edit.duplicateExtras(s.doc, extras, { x: 40, y: 40 });
      s.commit(copied.doc);
      return copied.refs;
    },
  };
}
