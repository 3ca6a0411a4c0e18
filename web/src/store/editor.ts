/**
 * The editor: one store (zustand) for what the UI shows, and the actions that change
 * it, talk to the server and react to its event stream. Made by a factory so tests
 * and the app each get their own.
 */
import { applyEdgeChanges, applyNodeChanges, type Connection, type EdgeChange, type NodeChange } from '@xyflow/react';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { ApiError, api as defaultApi, type Api, type ExportInfo, type GraphSummary, type LoadedGraph, type Template } from '../api/client';
import { EventStream, type ServerEvent } from '../api/events';
import { copyNodes, parseFragment, pasteFragment } from '../lib/clipboard';
import { checkConnection } from '../lib/connect';
import { docToEdges, docToNodes, type GraphFlowEdge, type GraphFlowNode } from '../lib/convert';
import * as edit from '../lib/docEdit';
import { createHistory, record, redo, replacePresent, undo, type History } from '../lib/history';
import { editorQuery, uniqueName } from '../lib/graphNames';
import { autoLayout, freeSpot, NODE_WIDTH } from '../lib/layout';
import type { Catalog, GraphDoc, Literal, Problem } from '../lib/types';
import { parseProblems } from '../lib/catalog';
import { parseTargetHandle } from '../lib/wires';
import { clearPending, readClipboard, readPending, writeClipboard, writePending } from './local';

export type SaveState = 'saved' | 'saving' | 'unsaved' | 'offline' | 'conflict' | 'error';
export type RenderPhase = 'idle' | 'queued' | 'rendering' | 'done' | 'failed';

export interface RenderState {
  phase: RenderPhase;
  job: string | null;
  percent: number | null;
  seconds: number | null;
  cached: boolean;
  error: string | null;
  timeout: boolean;
  node: string | null;
  image: string | null;
  video: string | null;
  /** The preview shown is older than the graph (its last render failed). */
  stale: boolean;
}

export interface Conflict {
  mine: GraphDoc;
  theirs: GraphDoc;
  theirEtag: string;
  /** The live nodes of their version, as the server read it. */
  theirLive: string[];
  reason: 'remote' | 'stale' | 'restored';
}

export interface ExportJob {
  job: string;
  graph: string;
  quality: string;
  format: string;
  percent: number;
  state: 'running' | 'done' | 'failed';
  file: string | null;
  error: string | null;
}

export interface MenuState {
  /** Screen position of the menu. */
  x: number;
  y: number;
  /** Flow position where a chosen node goes. */
  flow: { x: number; y: number };
  /** Set when the menu came from a wire dropped in empty space. */
  from: { node: string; handle: string; type: 'source' | 'target' } | null;
}

export type Dialog = 'export' | 'help' | 'new' | 'search' | null;

export interface Toast {
  id: number;
  message: string;
  action?: { label: string; run: () => void };
}

export interface EditorState {
  catalog: Catalog | null;
  fatal: string | null;
  graphs: GraphSummary[];
  graphsLoaded: boolean;
  templates: Template[];
  name: string | null;
  format: string;
  loading: boolean;
  history: History<GraphDoc> | null;
  doc: GraphDoc | null;
  etag: string;
  savedDoc: GraphDoc | null;
  saveState: SaveState;
  saveError: string | null;
  problems: Problem[];
  renderProblem: Problem | null;
  problemsByNode: Map<string, Problem[]>;
  /**
   * Ids of the nodes whose value or mobject changes while the scene plays, as the server
   * last computed them (on load, re-read and save); empty while the graph has errors.
   */
  live: ReadonlySet<string>;
  nodes: GraphFlowNode[];
  edges: GraphFlowEdge[];
  selection: string[];
  fallback: Map<string, { x: number; y: number }>;
  render: RenderState;
  online: boolean;
  conflict: Conflict | null;
  exportJobs: ExportJob[];
  pastExports: ExportInfo[];
  menu: MenuState | null;
  dialog: Dialog;
  toast: Toast | null;
  /** Bumped when the generated code may have changed. */
  codeVersion: number;
  /** Bumped to ask the canvas to fit the view / focus a node. */
  fitRequest: number;
  focus: { node: string; n: number } | null;
  /** Where a wire was being dragged from, for port highlighting and hints. */
  dragging: { node: string; handle: string; type: 'source' | 'target' } | null;
}

const IDLE_RENDER: RenderState = {
  phase: 'idle', job: null, percent: null, seconds: null, cached: false, error: null, timeout: false, node: null,
  image: null, video: null, stale: false,
};

function initialState(): EditorState {
  return {
    catalog: null, fatal: null, graphs: [], graphsLoaded: false, templates: [], name: null, format: 'yaml',
    loading: false, history: null, doc: null, etag: '', savedDoc: null, saveState: 'saved', saveError: null,
    problems: [], renderProblem: null, problemsByNode: new Map(), live: NO_LIVE, nodes: [], edges: [], selection: [],
    fallback: new Map(), render: IDLE_RENDER, online: true, conflict: null, exportJobs: [], pastExports: [],
    menu: null, dialog: null, toast: null, codeVersion: 0, fitRequest: 0, focus: null, dragging: null,
  };
}

const NO_LIVE: ReadonlySet<string> = new Set();

/** The server's `live` list as a set; the same set when nothing changed, so nothing redraws. */
function liveSet(ids: readonly string[], before: ReadonlySet<string>): ReadonlySet<string> {
  if (ids.length === before.size && ids.every((id) => before.has(id))) return before;
  return ids.length ? new Set(ids) : NO_LIVE;
}

function groupProblems(problems: Problem[], extra: Problem | null): Map<string, Problem[]> {
  const map = new Map<string, Problem[]>();
  for (const p of extra ? [...problems, extra] : problems) {
    if (!p.node) continue;
    const list = map.get(p.node);
    if (list) list.push(p);
    else map.set(p.node, [p]);
  }
  return map;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function bust(url: string | null, v: string | number): string | null {
  if (!url) return null;
  return `${url}${url.includes('?') ? '&' : '?'}v=${encodeURIComponent(String(v))}`;
}

const SAVE_DELAY = 400;

export class Editor {
  readonly store: StoreApi<EditorState>;
  private events: EventStream | null = null;
  private saveTimer: ReturnType<typeof setTimeout> | null = null;
  private saving = false;
  private saveAgain = false;
  private pendingRemote: string | null = null;
  private healthTimer: ReturnType<typeof setTimeout> | null = null;
  private queuedTimer: ReturnType<typeof setTimeout> | null = null;
  private listTimer: ReturnType<typeof setTimeout> | null = null;
  private toastTimer: ReturnType<typeof setTimeout> | null = null;
  private toastId = 0;
  private openSeq = 0;
  private streamWasDown = false;
  /** Last pointer position on the canvas, in flow coordinates (for paste). */
  pointer: { x: number; y: number } | null = null;

  constructor(private api: Api = defaultApi) {
    this.store = createStore<EditorState>()(() => initialState());
  }

  get state(): EditorState {
    return this.store.getState();
  }

  private set(patch: Partial<EditorState>): void {
    this.store.setState(patch);
  }

  // ---------------------------------------------------------------- start-up

  async start(initialGraph: string | null): Promise<void> {
    this.events = new EventStream('/api/events', {
      onEvent: (e) => this.onEvent(e),
      onStatus: (ok) => (ok ? this.streamOpen() : this.streamDown()),
    });
    this.events.start();
    window.addEventListener('beforeunload', () => this.flushLocal());
    try {
      const catalog = await this.api.nodes();
      this.set({ catalog });
    } catch (e) {
      this.handleError(e, 'Could not load the node catalog');
      if (!this.state.catalog) {
        this.set({ fatal: 'The node catalog could not be loaded. Is `manim-nodes watch` running?' });
        this.retryStart(initialGraph);
        return;
      }
    }
    this.set({ fatal: null });
    void this.api.templates().then((templates) => this.set({ templates }));
    await this.refreshGraphs();
    const graphs = this.state.graphs;
    const first = initialGraph ?? graphs[0]?.name ?? null;
    if (first) await this.openGraph(first);
  }

  private retryStart(initialGraph: string | null): void {
    setTimeout(() => {
      this.events?.stop();
      void this.start(initialGraph);
    }, 2000);
  }

  stop(): void {
    this.events?.stop();
    for (const t of [this.saveTimer, this.healthTimer, this.queuedTimer, this.listTimer, this.toastTimer]) {
      if (t) clearTimeout(t);
    }
  }

  // ---------------------------------------------------------------- graphs

  async refreshGraphs(): Promise<void> {
    try {
      const graphs = await this.api.listGraphs();
      this.set({ graphs, graphsLoaded: true });
    } catch (e) {
      this.handleError(e, 'Could not list graphs');
    }
  }

  private refreshGraphsSoon(): void {
    if (this.listTimer) clearTimeout(this.listTimer);
    this.listTimer = setTimeout(() => void this.refreshGraphs(), 250);
  }

  async openGraph(name: string): Promise<void> {
    const seq = ++this.openSeq;
    await this.flushSave();
    this.set({ loading: true, menu: null });
    let loaded;
    try {
      loaded = await this.api.getGraph(name);
    } catch (e) {
      if (seq === this.openSeq) this.set({ loading: false });
      this.handleError(e, `Could not open ${name}`);
      return;
    }
    if (seq !== this.openSeq) return;
    const summary = this.state.graphs.find((g) => g.name === name);
    const preview = summary?.preview ?? null;
    const t = Date.now();
    this.set({
      name: loaded.name,
      format: loaded.format,
      loading: false,
      etag: loaded.etag,
      savedDoc: loaded.graph,
      saveState: 'saved',
      saveError: null,
      conflict: null,
      problems: loaded.errors,
      renderProblem: null,
      live: liveSet(loaded.live, NO_LIVE),
      nodes: [],
      edges: [],
      selection: [],
      render: preview
        ? { ...IDLE_RENDER, phase: 'done', image: bust(preview.image, t), video: bust(preview.video, t) }
        : IDLE_RENDER,
    });
    this.setDoc(loaded.graph, { history: createHistory(loaded.graph) });
    this.set({ fitRequest: this.state.fitRequest + 1, codeVersion: this.state.codeVersion + 1 });
    if (typeof window !== 'undefined') {
      const url = new URL(window.location.href);
      const rest = new URLSearchParams(url.search);
      rest.delete('graph');
      url.search = editorQuery(loaded.name) + (rest.size ? `&${rest.toString()}` : ''); // ?graph=gallery/x
      window.history.replaceState(null, '', url);
      document.title = `${loaded.graph.name ?? loaded.name} · manim-nodes`;
    }
    this.restorePending(loaded.name, loaded.graph, loaded.etag, loaded.live);
  }

  /** Edits kept in the browser from an earlier session (server was away). */
  private restorePending(name: string, theirs: GraphDoc, etag: string, theirLive: string[]): void {
    const pending = readPending(name);
    if (!pending) return;
    if (sameJson(pending.doc, theirs)) {
      clearPending(name);
      return;
    }
    if (pending.etag === etag) {
      this.commit(pending.doc, null);
      this.showToast('Restored edits that were not saved yet');
      return;
    }
    this.set({ conflict: { mine: pending.doc, theirs, theirEtag: etag, theirLive, reason: 'restored' }, saveState: 'conflict' });
  }

  async createGraph(name: string, template: string): Promise<boolean> {
    try {
      await this.api.createGraph(name, template);
    } catch (e) {
      this.handleError(e, `Could not create ${name}`);
      return false;
    }
    await this.refreshGraphs();
    await this.openGraph(name);
    return true;
  }

  uniqueGraphName(base: string): string {
    return uniqueName(base, new Set(this.state.graphs.map((g) => g.name)));
  }

  private async writeNewGraph(name: string, doc: GraphDoc, format: string): Promise<void> {
    const created = await this.api.createGraph(name, 'blank', format);
    await this.api.putGraph(name, doc, created.etag);
  }

  async duplicateGraph(name: string): Promise<void> {
    try {
      const src = name === this.state.name && this.state.doc ? { graph: this.state.doc, format: this.state.format } : await this.api.getGraph(name);
      const copy = this.uniqueGraphName(`${name}-copy`);
      const doc = typeof src.graph.name === 'string' ? { ...src.graph, name: `${src.graph.name} (copy)` } : src.graph;
      await this.writeNewGraph(copy, doc, src.format);
      await this.refreshGraphs();
      await this.openGraph(copy);
    } catch (e) {
      this.handleError(e, `Could not duplicate ${name}`);
    }
  }

  async deleteGraph(name: string): Promise<void> {
    try {
      const kept = await this.api.getGraph(name);
      if (name === this.state.name) await this.flushSave();
      await this.api.deleteGraph(name);
      clearPending(name);
      await this.refreshGraphs();
      if (name === this.state.name) this.closeGraph();
      this.showToast(`Deleted ${name}`, {
        label: 'Undo',
        run: () => void this.restoreGraph(name, kept.graph, kept.format),
      });
    } catch (e) {
      this.handleError(e, `Could not delete ${name}`);
    }
  }

  private async restoreGraph(name: string, doc: GraphDoc, format: string): Promise<void> {
    try {
      await this.writeNewGraph(name, doc, format);
      await this.refreshGraphs();
      await this.openGraph(name);
    } catch (e) {
      this.handleError(e, `Could not restore ${name}`);
    }
  }

  private closeGraph(): void {
    const next = this.state.graphs[0]?.name;
    this.set({
      name: null, doc: null, history: null, nodes: [], edges: [], selection: [], problems: [], live: NO_LIVE, render: IDLE_RENDER,
    });
    if (next) void this.openGraph(next);
  }

  async renameGraph(name: string, to: string): Promise<boolean> {
    if (name === to) return true;
    try {
      if (name === this.state.name) await this.flushSave();
      const newName = await this.api.renameGraph(name, to);
      await this.refreshGraphs();
      if (name === this.state.name) {
        clearPending(name);
        await this.openGraph(newName);
      }
      return true;
    } catch (e) {
      this.handleError(e, `Could not rename ${name}`);
      return false;
    }
  }

  // ---------------------------------------------------------------- document and flow

  /** Show a document: rebuild the flow nodes and edges, reusing what did not change. */
  private setDoc(doc: GraphDoc, patch: Partial<EditorState> = {}): void {
    const s = this.state;
    const catalog = s.catalog;
    if (!catalog) return;
    let fallback = s.fallback;
    const missing = Object.entries(doc.nodes).filter(([id, n]) => !n.pos && !fallback.has(id));
    if (missing.length) {
      const all = Object.values(doc.nodes).every((n) => !n.pos);
      fallback = new Map([...fallback, ...autoLayout(doc, catalog, all ? undefined : new Set(missing.map(([id]) => id)))]);
    }
    const problems = patch.problems ?? s.problems;
    const renderProblem = patch.renderProblem !== undefined ? patch.renderProblem : s.renderProblem;
    const live = patch.live ?? s.live;
    const problemsByNode = groupProblems(problems, renderProblem);
    const previous = new Map(s.nodes.map((n) => [n.id, n]));
    const nodes = docToNodes(doc, catalog, { fallback, problems: problemsByNode, previous, live });
    const edges = docToEdges(doc, catalog, new Map(s.edges.map((e) => [e.id, e])), live);
    const selection = nodes.filter((n) => n.selected).map((n) => n.id);
    this.set({ ...patch, doc, nodes, edges, fallback, problemsByNode, selection });
  }

  /** Apply an edit: new undo step (merged with the last one of the same key), then save soon. */
  commit(next: GraphDoc, key: string | null = null): void {
    const s = this.state;
    if (!s.doc || !s.history || next === s.doc || s.conflict) return;
    this.setDoc(next, { history: record(s.history, next, key), saveState: 'unsaved' });
    this.scheduleSave();
  }

  apply(fn: (doc: GraphDoc) => GraphDoc, key: string | null = null): void {
    const doc = this.state.doc;
    if (doc) this.commit(fn(doc), key);
  }

  undo(): void {
    const h = this.state.history;
    if (!h?.past.length || this.state.conflict) return;
    const next = undo(h);
    this.setDoc(next.present, { history: next, saveState: 'unsaved' });
    this.scheduleSave();
  }

  redo(): void {
    const h = this.state.history;
    if (!h?.future.length || this.state.conflict) return;
    const next = redo(h);
    this.setDoc(next.present, { history: next, saveState: 'unsaved' });
    this.scheduleSave();
  }

  setParam(id: string, port: string, value: Literal | undefined): void {
    this.apply((d) => edit.setParam(d, id, port, value), `param:${id}:${port}`);
  }

  disconnect(id: string, port: string, slot: number | null = null): void {
    this.apply((d) => edit.disconnect(d, id, port, slot));
  }

  moveListItem(id: string, port: string, from: number, to: number): void {
    this.apply((d) => edit.moveListItem(d, id, port, from, to));
  }

  renameNode(from: string, to: string): boolean {
    const doc = this.state.doc;
    if (!doc || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(to) || (to !== from && to in doc.nodes)) return false;
    this.commit(edit.renameNode(doc, from, to));
    this.select([to]);
    return true;
  }

  setTopLevel(key: string, value: unknown): void {
    this.apply((d) => edit.setTopLevel(d, key, value), `top:${key}`);
  }

  setBackground(color: string | undefined): void {
    this.apply((d) => edit.setBackground(d, color), 'top:background');
  }

  onNodesChange(changes: NodeChange<GraphFlowNode>[]): void {
    const s = this.state;
    const removed = changes.flatMap((c) => (c.type === 'remove' ? [c.id] : []));
    const rest = changes.filter((c) => c.type !== 'remove');
    if (rest.length) {
      const nodes = applyNodeChanges(rest, s.nodes);
      const patch: Partial<EditorState> = { nodes };
      if (rest.some((c) => c.type === 'select')) patch.selection = nodes.filter((n) => n.selected).map((n) => n.id);
      this.set(patch);
      const ended = rest.flatMap((c) => (c.type === 'position' && c.dragging === false ? [c.id] : []));
      if (ended.length) this.commitPositions(ended);
    }
    if (removed.length) this.deleteNodes(removed);
  }

  private commitPositions(ids: string[]): void {
    const byId = new Map(this.state.nodes.map((n) => [n.id, n]));
    const moved = new Map<string, { x: number; y: number }>();
    for (const id of ids) {
      const n = byId.get(id);
      if (n) moved.set(id, n.position);
    }
    this.apply((d) => edit.moveNodes(d, moved));
  }

  onEdgesChange(changes: EdgeChange<GraphFlowEdge>[]): void {
    const removed = changes.filter((c) => c.type === 'remove');
    const rest = changes.filter((c) => c.type !== 'remove');
    if (rest.length) this.set({ edges: applyEdgeChanges(rest, this.state.edges) });
    if (removed.length) this.removeEdges(removed.map((c) => c.id));
  }

  removeEdges(ids: string[]): void {
    const edges = this.state.edges.filter((e) => ids.includes(e.id));
    // Remove list slots from the highest index down so the others keep their place.
    const sorted = edges
      .map((e) => ({ node: e.target, h: parseTargetHandle(e.targetHandle) }))
      .filter((x) => x.h !== null)
      .sort((a, b) => (b.h!.slot ?? 0) - (a.h!.slot ?? 0));
    this.apply((d) => sorted.reduce((doc, x) => edit.disconnect(doc, x.node, x.h!.port, x.h!.slot), d));
  }

  isValidConnection(c: Connection | GraphFlowEdge): boolean {
    const s = this.state;
    if (!s.doc || !s.catalog) return false;
    return checkConnection(s.doc, s.catalog, c).ok;
  }

  connectionHint(c: Connection): string | null {
    const s = this.state;
    if (!s.doc || !s.catalog) return null;
    const r = checkConnection(s.doc, s.catalog, c);
    return r.ok ? null : r.reason;
  }

  connect(c: Connection): void {
    const s = this.state;
    if (!s.doc || !s.catalog || !this.isValidConnection(c)) return;
    this.commit(edit.connect(s.doc, s.catalog, c));
  }

  addNode(type: string, at: { x: number; y: number }, wire?: MenuState['from'], port?: string): string | null {
    const s = this.state;
    if (!s.doc || !s.catalog) return null;
    const { doc, id } = edit.addNode(s.doc, type, [at.x, at.y]);
    let next = doc;
    if (wire && port) {
      const c =
        wire.type === 'source'
          ? { source: wire.node, sourceHandle: wire.handle, target: id, targetHandle: this.listHandle(next, id, port) }
          : { source: id, sourceHandle: port, target: wire.node, targetHandle: wire.handle };
      if (checkConnection(next, s.catalog, c).ok) next = edit.connect(next, s.catalog, c);
    }
    this.commit(next);
    this.select([id]);
    return id;
  }

  /** Add a node near `center` (flow coordinates) in a spot no other node covers. */
  addNodeNear(type: string, center: { x: number; y: number }): string | null {
    const boxes = this.state.nodes.map((n) => ({
      x: n.position.x,
      y: n.position.y,
      width: n.measured?.width ?? NODE_WIDTH,
      height: n.measured?.height ?? 120,
    }));
    return this.addNode(type, freeSpot({ x: center.x - NODE_WIDTH / 2, y: center.y - 60 }, boxes));
  }

  /** The handle of a port; for a list port its next free slot. */
  private listHandle(doc: GraphDoc, id: string, port: string): string {
    const spec = this.state.catalog?.byType.get(doc.nodes[id]?.type ?? '');
    const input = spec?.inputs.find((i) => i.name === port);
    if (!input?.list) return port;
    const v = doc.nodes[id]?.inputs?.[port];
    return `${port}#${Array.isArray(v) ? v.length : 0}`;
  }

  select(ids: string[]): void {
    const want = new Set(ids);
    const nodes = this.state.nodes.map((n) => (!!n.selected === want.has(n.id) ? n : { ...n, selected: want.has(n.id) }));
    const edges = this.state.edges.map((e) => (e.selected ? { ...e, selected: false } : e));
    this.set({ nodes, edges, selection: ids.filter((id) => this.state.doc?.nodes[id]) });
  }

  selectAll(): void {
    this.select(this.state.nodes.map((n) => n.id));
  }

  focusNode(id: string): void {
    this.select([id]);
    this.set({ focus: { node: id, n: (this.state.focus?.n ?? 0) + 1 } });
  }

  deleteNodes(ids: string[]): void {
    this.apply((d) => edit.removeNodes(d, ids));
  }

  deleteSelection(): void {
    const s = this.state;
    const edgeIds = s.edges.filter((e) => e.selected).map((e) => e.id);
    if (s.selection.length) this.deleteNodes(s.selection);
    else if (edgeIds.length) this.removeEdges(edgeIds);
  }

  copySelection(): string | null {
    const s = this.state;
    if (!s.doc || !s.selection.length) return null;
    const text = JSON.stringify(copyNodes(s.doc, s.selection, s.name));
    writeClipboard(text);
    return text;
  }

  cutSelection(): string | null {
    const text = this.copySelection();
    if (text) this.deleteSelection();
    return text;
  }

  /** Paste nodes copied here or in another graph; returns false when the text is not ours. */
  paste(text: string | null = readClipboard()): boolean {
    const s = this.state;
    const frag = text ? parseFragment(text) : null;
    if (!frag || !s.doc) return false;
    const positions = Object.values(frag.nodes).map((n) => n.pos).filter((p): p is [number, number] => !!p);
    let offset = { x: 40, y: 40 };
    if (this.pointer && positions.length) {
      const minX = Math.min(...positions.map((p) => p[0]));
      const minY = Math.min(...positions.map((p) => p[1]));
      offset = { x: this.pointer.x - minX, y: this.pointer.y - minY };
    } else if (this.pointer) {
      offset = this.pointer;
    }
    const { doc, ids } = pasteFragment(s.doc, frag, offset, s.name);
    this.commit(doc);
    this.select(ids);
    return true;
  }

  duplicateSelection(): void {
    const s = this.state;
    if (!s.doc || !s.selection.length) return;
    const frag = copyNodes(s.doc, s.selection, s.name);
    const { doc, ids } = pasteFragment(s.doc, frag, { x: 40, y: 40 }, s.name);
    this.commit(doc);
    this.select(ids);
  }

  /** Lay out every node and write the positions (one undo step). */
  layoutAll(): void {
    const s = this.state;
    if (!s.doc || !s.catalog) return;
    const pos = autoLayout(s.doc, s.catalog);
    this.set({ fallback: new Map() });
    this.commit(edit.moveNodes(s.doc, pos));
    this.set({ fitRequest: s.fitRequest + 1 });
  }

  // ---------------------------------------------------------------- saving

  private scheduleSave(delay = SAVE_DELAY): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      void this.save();
    }, delay);
  }

  /** Keep unsaved edits in the browser so a closed tab or a stopped server loses nothing. */
  private flushLocal(): void {
    const s = this.state;
    if (s.name && s.doc && s.doc !== s.savedDoc) writePending(s.name, s.doc, s.etag);
  }

  /** Save now if anything is waiting (before switching graphs). */
  async flushSave(): Promise<void> {
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveTimer = null;
      await this.save();
    }
  }

  async save(): Promise<void> {
    const s = this.state;
    if (!s.name || !s.doc || s.conflict) return;
    if (s.doc === s.savedDoc) {
      if (s.saveState !== 'saved') this.set({ saveState: 'saved' });
      return;
    }
    if (this.saving) {
      this.saveAgain = true;
      return;
    }
    const { name, doc, etag } = s;
    writePending(name, doc, etag);
    this.saving = true;
    this.set({ saveState: 'saving' });
    let retry = false;
    try {
      const r = await this.api.putGraph(name, doc, etag);
      if (this.state.name !== name) return;
      const clean = this.state.doc === doc;
      if (clean) clearPending(name);
      this.set({
        etag: r.etag,
        savedDoc: doc,
        online: true,
        saveState: clean ? 'saved' : 'unsaved',
        saveError: null,
        codeVersion: this.state.codeVersion + 1,
      });
      this.setProblems(r.errors, false, r.live);
      this.markQueued();
      retry = !clean;
    } catch (e) {
      if (this.state.name !== name) return;
      if (e instanceof ApiError && e.status === 412) {
        await this.openConflict(doc, 'stale');
      } else if (e instanceof ApiError && e.network) {
        this.set({ saveState: 'offline' });
        this.serverGone();
      } else {
        const msg = e instanceof Error ? e.message : String(e);
        if (e instanceof ApiError) this.setProblems(parseProblems(e.details.errors), true);
        this.set({ saveState: 'error', saveError: msg });
      }
    } finally {
      this.saving = false;
      if ((retry || this.saveAgain) && !this.state.conflict && this.state.online) this.scheduleSave(0);
      this.saveAgain = false;
      const remote = this.pendingRemote;
      this.pendingRemote = null;
      if (remote) void this.onRemoteChange(remote);
    }
  }

  /** New problems from the server and, when it sent them, the live nodes that go with them. */
  private setProblems(problems: Problem[], keepIfEmpty = false, liveIds?: string[]): void {
    if (keepIfEmpty && !problems.length) return;
    const patch: Partial<EditorState> = { problems };
    if (liveIds) patch.live = liveSet(liveIds, this.state.live);
    const doc = this.state.doc;
    if (doc) this.setDoc(doc, patch);
    else this.set(patch);
  }

  /** The file changed on disk or through another browser; `known` is its content when the caller has read it. */
  private async onRemoteChange(etag: string, known?: LoadedGraph): Promise<void> {
    const s = this.state;
    if (!s.name || etag === s.etag) return;
    if (this.saving) {
      this.pendingRemote = etag;
      return;
    }
    if (s.conflict) return;
    if (s.doc !== s.savedDoc) {
      await this.openConflict(s.doc!, 'remote');
      return;
    }
    const name = s.name;
    let loaded = known;
    try {
      loaded ??= await this.api.getGraph(name);
    } catch (e) {
      this.handleError(e, `Could not reload ${name}`);
      return;
    }
    const now = this.state;
    if (now.name !== name || loaded.etag === now.etag) return;
    if (now.doc !== now.savedDoc) {
      this.set({
        conflict: { mine: now.doc!, theirs: loaded.graph, theirEtag: loaded.etag, theirLive: loaded.live, reason: 'remote' },
        saveState: 'conflict',
      });
      return;
    }
    // Update in place: selection and viewport stay; the old version stays undoable.
    this.setDoc(loaded.graph, {
      history: replacePresent(now.history ?? createHistory(loaded.graph), loaded.graph, true),
      savedDoc: loaded.graph,
      etag: loaded.etag,
      problems: loaded.errors,
      live: liveSet(loaded.live, now.live),
      saveState: 'saved',
      codeVersion: now.codeVersion + 1,
    });
  }

  private async openConflict(mine: GraphDoc, reason: Conflict['reason']): Promise<void> {
    const name = this.state.name;
    if (!name) return;
    if (this.saveTimer) clearTimeout(this.saveTimer);
    writePending(name, mine, this.state.etag);
    try {
      const theirs = await this.api.getGraph(name);
      if (this.state.name !== name) return;
      this.set({
        conflict: { mine, theirs: theirs.graph, theirEtag: theirs.etag, theirLive: theirs.live, reason },
        saveState: 'conflict',
      });
    } catch (e) {
      this.set({ saveState: 'error', saveError: 'The file changed on disk and could not be read back' });
      this.handleError(e, 'Could not read the changed file');
    }
  }

  /** Settle a conflict. Nothing is lost: the version not kept stays one undo away. */
  async resolveConflict(choice: 'mine' | 'theirs' | 'copy'): Promise<void> {
    const s = this.state;
    const c = s.conflict;
    if (!c || !s.name) return;
    const base = s.history ?? createHistory(c.theirs);
    if (choice === 'mine') {
      const history = replacePresent(replacePresent(base, c.theirs, true), c.mine, true);
      this.set({ conflict: null, etag: c.theirEtag, savedDoc: c.theirs });
      this.setDoc(c.mine, { history, saveState: 'unsaved' });
      await this.save();
      return;
    }
    if (choice === 'copy') {
      const copy = this.uniqueGraphName(`${s.name}-mine`);
      try {
        await this.writeNewGraph(copy, c.mine, s.format);
        this.showToast(`Your version was saved as ${copy}`);
        this.refreshGraphsSoon();
      } catch (e) {
        this.handleError(e, 'Could not save your version as a copy');
        return;
      }
    }
    clearPending(s.name);
    const history = replacePresent(replacePresent(base, c.mine, true), c.theirs, true);
    this.set({ conflict: null, etag: c.theirEtag, savedDoc: c.theirs });
    this.setDoc(c.theirs, { history, saveState: 'saved', live: liveSet(c.theirLive, s.live), codeVersion: s.codeVersion + 1 });
    if (choice === 'theirs') this.showToast('Kept the version on disk; Undo brings yours back');
  }

  // ---------------------------------------------------------------- server events

  private onEvent(e: ServerEvent): void {
    const d = e.data;
    const name = typeof d.name === 'string' ? d.name : null;
    const mine = name !== null && name === this.state.name;
    switch (e.name) {
      case 'graph.changed':
        this.refreshGraphsSoon();
        if (mine && typeof d.etag === 'string') void this.onRemoteChange(d.etag);
        break;
      case 'graph.deleted':
        this.refreshGraphsSoon();
        if (mine) this.showToast(`${name} was deleted on disk. Your edits are kept here until you leave it.`);
        break;
      case 'graph.invalid':
        // A graph with errors has no live nodes (the server's `live` is then empty).
        if (mine) this.setProblems(parseProblems(d.errors), false, []);
        this.refreshGraphsSoon();
        break;
      case 'render.started':
        if (mine) this.patchRender({ phase: 'rendering', job: String(d.job ?? ''), percent: null });
        break;
      case 'render.progress':
        if (this.isMyJob(d, mine) && typeof d.percent === 'number') this.patchRender({ phase: 'rendering', percent: d.percent });
        break;
      case 'render.frame':
        if (mine && typeof d.image === 'string') this.patchRender({ image: bust(d.image, String(d.job ?? Date.now())) });
        break;
      case 'render.finished':
        if (mine) {
          const v = String(d.job ?? Date.now());
          this.patchRender({
            phase: 'done', percent: 100, seconds: typeof d.seconds === 'number' ? d.seconds : null,
            cached: d.cached === true, error: null, timeout: false, node: null, stale: false,
            image: typeof d.image === 'string' ? bust(d.image, v) : this.state.render.image,
            video: typeof d.video === 'string' ? bust(d.video, v) : this.state.render.video,
          });
          this.setRenderProblem(null);
          this.refreshGraphsSoon();
        }
        break;
      case 'render.failed':
        if (mine) {
          const error = typeof d.error === 'string' ? d.error : 'The render failed';
          const node = typeof d.node === 'string' ? d.node : null;
          this.patchRender({ phase: 'failed', error, timeout: d.timeout === true, node, stale: this.state.render.image !== null, percent: null });
          this.setRenderProblem(
            node ? { path: `/nodes/${node}`, line: null, column: null, message: `Render: ${error}`, node, port: null, severity: 'error' } : null,
          );
        }
        break;
      case 'export.progress':
      case 'export.finished':
      case 'export.failed':
        this.onExportEvent(e);
        break;
    }
  }

  private isMyJob(d: Record<string, unknown>, mine: boolean): boolean {
    if (mine) return true;
    return d.name === undefined && typeof d.job === 'string' && d.job === this.state.render.job;
  }

  private patchRender(patch: Partial<RenderState>): void {
    if (this.queuedTimer && patch.phase && patch.phase !== 'queued') {
      clearTimeout(this.queuedTimer);
      this.queuedTimer = null;
    }
    this.set({ render: { ...this.state.render, ...patch } });
  }

  private setRenderProblem(p: Problem | null): void {
    if (p === null && this.state.renderProblem === null) return;
    const doc = this.state.doc;
    if (doc) this.setDoc(doc, { renderProblem: p });
  }

  /** A save was accepted: a render is (probably) on its way. */
  private markQueued(): void {
    const before = this.state.render;
    if (before.phase === 'rendering') return;
    this.patchRender({ phase: 'queued', percent: null });
    if (this.queuedTimer) clearTimeout(this.queuedTimer);
    // The server renders nothing when the compiled scene did not change.
    this.queuedTimer = setTimeout(() => {
      this.queuedTimer = null;
      if (this.state.render.phase === 'queued') this.patchRender({ phase: before.phase === 'queued' ? 'done' : before.phase });
    }, 8000);
  }

  async rerender(): Promise<void> {
    const name = this.state.name;
    if (!name) return;
    try {
      await this.flushSave();
      const job = await this.api.render(name);
      this.patchRender({ phase: 'queued', job, percent: null });
    } catch (e) {
      this.handleError(e, 'Could not start a render');
    }
  }

  // ---------------------------------------------------------------- exports

  async startExport(quality: string, format: string): Promise<void> {
    const name = this.state.name;
    if (!name) return;
    try {
      await this.flushSave();
      const job = await this.api.exportGraph(name, quality, format);
      const entry: ExportJob = { job, graph: name, quality, format, percent: 0, state: 'running', file: null, error: null };
      this.set({ exportJobs: [entry, ...this.state.exportJobs.filter((j) => j.job !== job)] });
    } catch (e) {
      this.handleError(e, 'Could not start the export');
    }
  }

  private onExportEvent(e: ServerEvent): void {
    const job = String(e.data.job ?? '');
    const jobs = this.state.exportJobs;
    if (!jobs.some((j) => j.job === job)) return;
    const update = (fn: (j: ExportJob) => ExportJob) => this.set({ exportJobs: jobs.map((j) => (j.job === job ? fn(j) : j)) });
    if (e.name === 'export.progress' && typeof e.data.percent === 'number') {
      const percent = e.data.percent;
      update((j) => ({ ...j, percent }));
    } else if (e.name === 'export.finished') {
      update((j) => ({ ...j, percent: 100, state: 'done', file: typeof e.data.file === 'string' ? e.data.file : null }));
      void this.loadExports();
    } else if (e.name === 'export.failed') {
      update((j) => ({ ...j, state: 'failed', error: typeof e.data.error === 'string' ? e.data.error : 'failed' }));
    }
  }

  async loadExports(): Promise<void> {
    try {
      this.set({ pastExports: await this.api.exports() });
    } catch (e) {
      this.handleError(e, 'Could not list exports');
    }
  }

  // ---------------------------------------------------------------- connection to the server

  private handleError(e: unknown, what: string): void {
    if (e instanceof ApiError && e.network) {
      this.serverGone();
      return;
    }
    const msg = e instanceof Error ? e.message : String(e);
    this.showToast(`${what}: ${msg}`);
  }

  private async checkHealth(): Promise<void> {
    try {
      await this.api.health();
      if (!this.state.online) this.serverBack();
    } catch {
      this.serverGone();
    }
  }

  private streamDown(): void {
    this.streamWasDown = true;
    void this.checkHealth();
  }

  /**
   * The event stream is open again. A browser that had seen no event yet reconnects
   * without Last-Event-ID, so the server cannot replay what happened while it was away
   * (a restarted server's first saves and renders): read the current state instead.
   */
  private streamOpen(): void {
    const resync = this.streamWasDown;
    this.streamWasDown = false;
    if (!this.state.online) {
      this.serverBack();
      return;
    }
    if (!resync) return;
    this.refreshGraphsSoon();
    const name = this.state.name;
    if (name) void this.api.getGraph(name).then((g) => this.onRemoteChange(g.etag, g), () => undefined);
  }

  private serverGone(): void {
    this.flushLocal();
    if (this.state.online) this.set({ online: false });
    if (this.state.doc !== this.state.savedDoc && this.state.saveState !== 'conflict') this.set({ saveState: 'offline' });
    if (this.healthTimer) return;
    const poll = async () => {
      try {
        await this.api.health();
        this.healthTimer = null;
        this.serverBack();
      } catch {
        this.healthTimer = setTimeout(() => void poll(), 1500);
      }
    };
    this.healthTimer = setTimeout(() => void poll(), 1000);
  }

  private serverBack(): void {
    if (this.state.online) return;
    this.set({ online: true });
    this.events?.kick();
    this.refreshGraphsSoon();
    const s = this.state;
    if (!s.name) return;
    if (s.doc !== s.savedDoc) this.scheduleSave(0);
    else void this.api.getGraph(s.name).then((g) => this.onRemoteChange(g.etag), () => undefined);
  }

  // ---------------------------------------------------------------- UI bits

  showToast(message: string, action?: Toast['action']): void {
    const id = ++this.toastId;
    this.set({ toast: { id, message, action } });
    if (this.toastTimer) clearTimeout(this.toastTimer);
    this.toastTimer = setTimeout(() => {
      if (this.state.toast?.id === id) this.set({ toast: null });
    }, action ? 8000 : 4000);
  }

  dismissToast(): void {
    this.set({ toast: null });
  }

  openMenu(menu: MenuState | null): void {
    this.set({ menu });
  }

  setDialog(dialog: Dialog): void {
    this.set({ dialog, menu: null });
    if (dialog === 'export') void this.loadExports();
  }

  setDragging(d: EditorState['dragging']): void {
    this.set({ dragging: d });
  }

  fitView(): void {
    this.set({ fitRequest: this.state.fitRequest + 1 });
  }
}
