/**
 * The preview window's render state, from the same server events the editor reads: a pure step
 * per event, so the page is a thin shell around it. As in the editor (store/slices/render.ts), a
 * failed render keeps the last good picture, marked stale, and a superseded one is not a failure.
 */
import type { GraphSummary } from '../api/client';
import type { ServerEvent } from '../api/events';
import { IDLE_RENDER, bust, finishedPatch, openedRender, type RenderState } from '../store/slices/render';

export interface Followed {
  render: RenderState;
  /** The graph's errors (warnings excluded), when known. */
  errors: number;
  title: string | null;
  /** The list answered without this graph, or it was deleted since. */
  missing: boolean;
}

export const NOT_LOADED: Followed = { render: IDLE_RENDER, errors: 0, title: null, missing: false };

/**
 * The state of graph `name` from the graph list. `version` (a number new for each load) makes the
 * browser fetch the pictures again; null keeps the pictures the events gave (title and errors only).
 */
export function fromList(list: GraphSummary[], name: string, version: number | null, was: Followed): Followed {
  const row = list.find((g) => g.name === name);
  if (!row) return { ...NOT_LOADED, missing: true };
  // While a render runs, the list's picture is the older one: keep what the events said.
  const busy = was.render.phase === 'queued' || was.render.phase === 'rendering';
  const render = busy || version === null ? was.render : row.preview ? openedRender(row.preview, version) : IDLE_RENDER;
  return { render, errors: row.valid ? 0 : row.errors, title: row.title, missing: false };
}

/** The state after event `e`; the same object when `e` is about something else. */
export function follow(s: Followed, e: ServerEvent, name: string): Followed {
  if (!('name' in e) || (e.name !== name && !(e.type === 'render.progress' && e.name === null))) return s;
  const r = s.render;
  const patch = (p: Partial<RenderState>): Followed => ({ ...s, render: { ...r, ...p } });
  switch (e.type) {
    case 'graph.deleted':
      return { ...NOT_LOADED, missing: true };
    case 'graph.invalid':
      return { ...s, errors: e.errors.filter((p) => p.severity !== 'warning').length, missing: false };
    case 'graph.changed':
      return s.missing ? { ...s, missing: false } : s;
    case 'render.started':
      return patch({ phase: 'rendering', job: e.job, percent: null, position: null, animation: null });
    case 'render.queued':
      // An export of this graph waits in the same line: only the preview's own job counts.
      return e.job === r.job ? patch({ phase: 'queued', position: e.position, percent: null }) : s;
    case 'render.progress':
      return e.name !== null || (e.job !== null && e.job === r.job) ? patch({ phase: 'rendering', percent: e.percent, position: null, animation: e.animation }) : s;
    case 'render.frame':
      return patch({ image: bust(e.image, e.job ?? String(Date.now())) });
    case 'render.finished':
      return { ...patch(finishedPatch(e, r)), errors: 0 };
    case 'render.failed':
      return e.cancelled
        ? s
        : patch({
            phase: 'failed', error: e.error, timeout: e.timeout, node: e.node, stale: r.image !== null, percent: null, position: null, animation: null,
          });
  }
  return s;
}
