/**
 * The open document and its history: the flow nodes and edges shown for it, its
 * problems and live nodes. Every edit goes through `commit` (one undo step, then a
 * save soon).
 */
import type { GraphFlowEdge, GraphFlowNode } from '../../lib/convert';
import { docToEdges, docToNodes } from '../../lib/convert';
import { record, redo, undo, type History } from '../../lib/history';
import { autoLayout } from '../../lib/layout';
import type { GraphDoc, Problem } from '../../lib/types';
import type { EditorState } from '../editor';
import type { SliceContext } from './context';

export interface DocumentState {
  /** The open graph's name (its path without extension), null when none is open. */
  name: string | null;
  format: string;
  history: History<GraphDoc> | null;
  doc: GraphDoc | null;
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
  /** Positions laid out here for nodes the file gives none. */
  fallback: Map<string, { x: number; y: number }>;
  /** Bumped when the generated code may have changed. */
  codeVersion: number;
}

export interface DocumentActions {
  /** Show a document: rebuild the flow nodes and edges, reusing what did not change. */
  setDoc(doc: GraphDoc, patch?: Partial<EditorState>): void;
  /** Apply an edit: new undo step (merged with the last one of the same key), then save soon. */
  commit(next: GraphDoc, key?: string | null): void;
  apply(fn: (doc: GraphDoc) => GraphDoc, key?: string | null): void;
  undo(): void;
  redo(): void;
  /** New problems from the server and, when it sent them, the live nodes that go with them. */
  setProblems(problems: Problem[], keepIfEmpty?: boolean, liveIds?: string[]): void;
  /** The problem a failed render points at (shown on its node), or null. */
  setRenderProblem(p: Problem | null): void;
}

export const NO_LIVE: ReadonlySet<string> = new Set();

/** The server's `live` list as a set; the same set when nothing changed, so nothing redraws. */
export function liveSet(ids: readonly string[], before: ReadonlySet<string>): ReadonlySet<string> {
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

export function createDocumentSlice({ get, set }: SliceContext): DocumentState & DocumentActions {
  return {
    name: null,
    format: 'yaml',
    history: null,
    doc: null,
    problems: [],
    renderProblem: null,
    problemsByNode: new Map(),
    live: NO_LIVE,
    nodes: [],
    edges: [],
    selection: [],
    fallback: new Map(),
    codeVersion: 0,

    setDoc(doc, patch = {}) {
      const s = get();
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
      set({ ...patch, doc, nodes, edges, fallback, problemsByNode, selection });
    },

    commit(next, key = null) {
      const s = get();
      if (!s.doc || !s.history || next === s.doc || s.conflict) return;
      s.setDoc(next, { history: record(s.history, next, key), saveState: 'unsaved' });
      s.scheduleSave();
    },

    apply(fn, key = null) {
      const s = get();
      if (s.doc) s.commit(fn(s.doc), key);
    },

    undo() {
      const s = get();
      const h = s.history;
      if (!h?.past.length || s.conflict) return;
      const next = undo(h);
      s.setDoc(next.present, { history: next, saveState: 'unsaved' });
      s.scheduleSave();
    },

    redo() {
      const s = get();
      const h = s.history;
      if (!h?.future.length || s.conflict) return;
      const next = redo(h);
      s.setDoc(next.present, { history: next, saveState: 'unsaved' });
      s.scheduleSave();
    },

    setProblems(problems, keepIfEmpty = false, liveIds) {
      if (keepIfEmpty && !problems.length) return;
      const s = get();
      const patch: Partial<EditorState> = { problems };
      if (liveIds) patch.live = liveSet(liveIds, s.live);
      if (s.doc) s.setDoc(s.doc, patch);
      else set(patch);
    },

    setRenderProblem(p) {
      const s = get();
      if (p === null && s.renderProblem === null) return;
      if (s.doc) s.setDoc(s.doc, { renderProblem: p });
    },
  };
}
