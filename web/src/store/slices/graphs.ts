/** The graphs in the folder: the list, and opening, creating, copying, renaming and deleting one. */
import type { GraphSummary, Template } from '../../api/client';
import { flushAllDrafts } from '../../lib/fieldDraft';
import { editorQuery, uniqueName } from '../../lib/graphNames';
import { createHistory } from '../../lib/history';
import { trailAfterOpen } from '../../lib/trail';
import type { GraphDoc } from '../../lib/types';
import { clearPending } from '../local';
import type { SliceContext } from './context';
import { liveSet, NO_LIVE } from './document';
import { IDLE_RENDER, openedRender } from './render';

export interface GraphsState {
  graphs: GraphSummary[];
  graphsLoaded: boolean;
  templates: Template[];
  /** A graph is being read to be opened. */
  loading: boolean;
  /** Counts calls of openGraph: only the last one asked for is shown. */
  openSeq: number;
}

export interface GraphsActions {
  refreshGraphs(): Promise<void>;
  /** Re-read the list once a burst of events is over (`timers.list`). */
  refreshGraphsSoon(): void;
  openGraph(name: string): Promise<void>;
  /** A new graph `name` (its file name); `title`: its display name, when it differs. */
  createGraph(name: string, template: string, title?: string): Promise<boolean>;
  /** `base`, or `base-2`, `base-3`... whichever no graph has. */
  uniqueGraphName(base: string): string;
  /** Write a new graph file holding `doc`. */
  writeNewGraph(name: string, doc: GraphDoc, format: string): Promise<void>;
  duplicateGraph(name: string): Promise<void>;
  /** Delete a graph; the toast's Undo writes it back. */
  deleteGraph(name: string): Promise<void>;
  renameGraph(name: string, to: string): Promise<boolean>;
}

export function createGraphsSlice({ api, get, set, timers }: SliceContext): GraphsState & GraphsActions {
  const restoreGraph = async (name: string, doc: GraphDoc, format: string): Promise<void> => {
    try {
      await get().writeNewGraph(name, doc, format);
      await get().refreshGraphs();
      await get().openGraph(name);
    } catch (e) {
      get().handleError(e, `Could not restore ${name}`);
    }
  };

  /** Save the open graph now, with what its fields were about to commit, before it is left. */
  const saveBeforeLeaving = async (): Promise<void> => {
    flushAllDrafts();
    await get().flushSave();
  };

  /** The open graph is gone: show the first one left. */
  const closeGraph = (): void => {
    const next = get().graphs[0]?.name;
    set({
      name: null, doc: null, history: null, nodes: [], edges: [], selection: [], problems: [], live: NO_LIVE, render: IDLE_RENDER,
    });
    if (next) void get().openGraph(next);
  };

  return {
    graphs: [],
    graphsLoaded: false,
    templates: [],
    loading: false,
    openSeq: 0,

    async refreshGraphs() {
      try {
        const graphs = await api.listGraphs();
        set({ graphs, graphsLoaded: true });
        get().applyInterfaces(); // the rows carry the ports of Subgraph nodes
      } catch (e) {
        get().handleError(e, 'Could not list graphs');
      }
    },

    refreshGraphsSoon() {
      timers.start('list', 250, () => void get().refreshGraphs());
    },

    async openGraph(name) {
      const seq = get().openSeq + 1;
      set({ openSeq: seq });
      await saveBeforeLeaving();
      set({ loading: true, menu: null });
      let loaded;
      try {
        loaded = await api.getGraph(name);
      } catch (e) {
        if (seq === get().openSeq) set({ loading: false });
        get().handleError(e, `Could not open ${name}`);
        return;
      }
      if (seq !== get().openSeq) return;
      const summary = get().graphs.find((g) => g.name === name);
      const preview = summary?.preview ?? null;
      const t = Date.now();
      set({
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
        render: preview ? openedRender(preview, t) : IDLE_RENDER,
        trail: trailAfterOpen(get().trail, loaded.name),
      });
      get().setDoc(loaded.graph, { history: createHistory(loaded.graph) });
      set({ fitRequest: get().fitRequest + 1, codeVersion: get().codeVersion + 1 });
      if (typeof window !== 'undefined') {
        const url = new URL(window.location.href);
        const rest = new URLSearchParams(url.search);
        rest.delete('graph');
        url.search = editorQuery(loaded.name) + (rest.size ? `&${rest.toString()}` : ''); // ?graph=gallery/x
        window.history.replaceState(null, '', url);
        document.title = `${loaded.graph.name ?? loaded.name} · manim-nodes`;
      }
      get().restorePending(loaded.name, loaded.graph, loaded.etag, loaded.live);
    },

    async createGraph(name, template, title) {
      try {
        await api.createGraph(name, template, 'yaml', title);
      } catch (e) {
        get().handleError(e, `Could not create ${name}`);
        return false;
      }
      await get().refreshGraphs();
      await get().openGraph(name);
      return true;
    },

    uniqueGraphName(base) {
      return uniqueName(base, new Set(get().graphs.map((g) => g.name)));
    },

    async writeNewGraph(name, doc, format) {
      const created = await api.createGraph(name, 'blank', format);
      await api.putGraph(name, doc, created.etag);
    },

    async duplicateGraph(name) {
      try {
        const s = get();
        const src = name === s.name && s.doc ? { graph: s.doc, format: s.format } : await api.getGraph(name);
        const copy = get().uniqueGraphName(`${name}-copy`);
        const doc = typeof src.graph.name === 'string' ? { ...src.graph, name: `${src.graph.name} (copy)` } : src.graph;
        await get().writeNewGraph(copy, doc, src.format);
        await get().refreshGraphs();
        await get().openGraph(copy);
      } catch (e) {
        get().handleError(e, `Could not duplicate ${name}`);
      }
    },

    async deleteGraph(name) {
      try {
        const kept = await api.getGraph(name);
        if (name === get().name) await saveBeforeLeaving();
        await api.deleteGraph(name);
        clearPending(name);
        await get().refreshGraphs();
        if (name === get().name) closeGraph();
        get().showToast(`Deleted ${name}`, {
          label: 'Undo',
          run: () => void restoreGraph(name, kept.graph, kept.format),
        });
      } catch (e) {
        get().handleError(e, `Could not delete ${name}`);
      }
    },

    async renameGraph(name, to) {
      if (name === to) return true;
      try {
        if (name === get().name) await saveBeforeLeaving();
        const newName = await api.renameGraph(name, to);
        await get().refreshGraphs();
        if (name === get().name) {
          clearPending(name);
          await get().openGraph(newName);
        }
        return true;
      } catch (e) {
        get().handleError(e, `Could not rename ${name}`);
        return false;
      }
    },
  };
}
