/**
 * The way into nested subgraphs: each step left a graph through one of its Subgraph nodes.
 * The breadcrumbs above the canvas show it (`main › a (parts/labelled_dot)`) and lead back.
 */

export interface TrailStep {
  /** The graph left. */
  graph: string;
  /** Its Subgraph node that was opened. */
  node: string;
  /** The graph that node uses, opened in its place. */
  into: string;
}

export type Trail = readonly TrailStep[];

export const NO_TRAIL: Trail = [];

/** `trail` with one more step: from graph `from` through its node `node` into graph `into`. */
export function enterSubgraph(trail: Trail, from: string, node: string, into: string): Trail {
  // Entered from somewhere the trail does not lead to (it was left by other means): start afresh.
  const last = trail[trail.length - 1];
  const base = !last || last.into === from ? trail : NO_TRAIL;
  return [...base, { graph: from, node, into }];
}

/**
 * The trail once graph `opened` is shown: kept when it is where the trail leads, cut back to
 * the step that left `opened` when it is on the way, and dropped for any other graph.
 */
export function trailAfterOpen(trail: Trail, opened: string): Trail {
  if (!trail.length) return trail;
  if (trail[trail.length - 1].into === opened) return trail;
  const at = trail.findIndex((s) => s.graph === opened);
  return at >= 0 ? trail.slice(0, at) : NO_TRAIL;
}

export interface Crumb {
  /** What the crumb says: the root graph's name, then `node (graph)` for each step. */
  label: string;
  /** The graph it stands for. */
  graph: string;
  /** Going back to it: the step to undo (null for the current graph, the last crumb). */
  back: number | null;
}

/** The breadcrumbs for `trail` when `current` is open; none outside a subgraph. */
export function crumbsOf(trail: Trail, current: string | null): Crumb[] {
  if (!trail.length || current === null || trail[trail.length - 1].into !== current) return [];
  return [
    { label: trail[0].graph, graph: trail[0].graph, back: 0 },
    ...trail.map((s, i) => ({ label: `${s.node} (${s.into})`, graph: s.into, back: i + 1 < trail.length ? i + 1 : null })),
  ];
}

/** Going back to before step `index`: the graph to open, the node to select there, the trail left. */
export function backTo(trail: Trail, index: number): { graph: string; node: string; trail: Trail } | null {
  const step = trail[index];
  return step ? { graph: step.graph, node: step.node, trail: trail.slice(0, index) } : null;
}
