/**
 * Subgraphs in the editor: the Subgraph specs the graph list brings, opening a Subgraph node's
 * graph and coming back along the breadcrumbs, and asking to turn a selection into a subgraph.
 * Opening goes through `openGraph` (the URL follows, `/?graph=NAME`); the trail is kept by it.
 */
import { changedSubgraphs, graphOf, isSubgraphNode, usedGraphs, withSubgraphs } from '../../lib/subgraph';
import { backTo, enterSubgraph, NO_TRAIL, type Trail } from '../../lib/trail';
import type { SliceContext } from './context';

export interface SubgraphsState {
  /** How the open graph was reached through Subgraph nodes (empty at the top). */
  trail: Trail;
  /** The nodes the "Make subgraph" dialog moves. */
  extractIds: string[];
}

export interface SubgraphsActions {
  /** Take the interfaces of the graph list into the catalog; redraw the nodes whose ports changed. */
  applyInterfaces(): void;
  /** Open the graph that Subgraph node `id` uses, one step deeper on the trail. */
  openSubgraph(id: string): Promise<void>;
  /** Go back to the graph of trail step `index` (default: the last), its Subgraph node selected. */
  goBack(index?: number): Promise<void>;
  /** Ask for a name to move the nodes `ids` into a new graph. */
  askExtract(ids: string[]): void;
  /** A graph the open one uses changed (`graph.changed` with source `subgraph`): read its problems again. */
  recheckProblems(): void;
}

export function createSubgraphsSlice({ api, get, set }: SliceContext): SubgraphsState & SubgraphsActions {
  /** The server validates a graph with the subgraph files as they are now: read its problems again. */
  const recheck = (name: string): void => {
    void api.getGraph(name).then(
      (g) => {
        if (get().name === name && g.etag === get().etag) get().setProblems(g.errors, false, g.live);
      },
      () => undefined, // the event stream brings what matters; nothing to say here
    );
  };

  return {
    trail: NO_TRAIL,
    extractIds: [],

    recheckProblems() {
      const name = get().name;
      if (name) recheck(name);
    },

    applyInterfaces() {
      const s = get();
      if (!s.catalog) return;
      const catalog = withSubgraphs(s.catalog, s.graphs);
      if (catalog === s.catalog) return;
      const changed = changedSubgraphs(s.catalog, catalog);
      set({ catalog });
      const doc = get().doc;
      if (!doc || !s.name) return;
      const used = usedGraphs(doc.nodes);
      if (![...changed].some((g) => used.has(g))) return;
      get().setDoc(doc);
      recheck(s.name);
    },

    async openSubgraph(id) {
      const s = get();
      const node = s.doc?.nodes[id];
      if (!s.name || !node || !isSubgraphNode(node)) return;
      const graph = graphOf(node);
      if (!graph) {
        s.showToast(`${id} names no graph to open`);
        return;
      }
      const before = s.trail;
      set({ trail: enterSubgraph(before, s.name, id, graph) });
      await s.openGraph(graph);
      if (get().name !== graph) set({ trail: before }); // could not open it: still where we were
    },

    async goBack(index) {
      const trail = get().trail;
      const back = backTo(trail, index ?? trail.length - 1);
      if (!back) return;
      set({ trail: back.trail });
      await get().openGraph(back.graph);
      if (get().name !== back.graph) {
        set({ trail });
        return;
      }
      if (get().doc?.nodes[back.node]) get().select([back.node]);
    },

    askExtract(ids) {
      const doc = get().doc;
      const picked = ids.filter((id) => doc?.nodes[id]);
      if (!picked.length) return;
      set({ extractIds: picked });
      get().setDialog('extract');
    },
  };
}
