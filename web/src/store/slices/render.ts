/**
 * The preview of the open graph: which render runs, how far it got, and the last good
 * image, video and timeline. A failed render keeps the last good preview, marked stale.
 */
import type { GraphSummary } from '../../api/client';
import type { RenderEvent, RenderFinished } from '../../api/events';
import type { TimelineBlock } from '../../lib/timeline';
import type { SliceContext } from './context';

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
  /** While queued: the job's place in the line for a render worker (1: next), when the server said. */
  position: number | null;
  image: string | null;
  video: string | null;
  /** The preview shown is older than the graph (its last render failed). */
  stale: boolean;
  /** The shown video's animations, one block each (thumbnails fetched anew per version); null: none known. */
  timeline: TimelineBlock[] | null;
  /** While rendering: the index of the animation that renders now, when the server says. */
  animation: number | null;
}

export interface RenderSliceState {
  render: RenderState;
}

export interface RenderActions {
  patchRender(patch: Partial<RenderState>): void;
  /** A save started preview job `job` (null: it started none, so nothing waits). */
  markQueued(job: string | null): void;
  rerender(): Promise<void>;
  onRenderEvent(e: RenderEvent): void;
}

export const IDLE_RENDER: RenderState = {
  phase: 'idle', job: null, percent: null, seconds: null, cached: false, error: null, timeout: false, node: null,
  position: null, image: null, video: null, stale: false, timeline: null, animation: null,
};

/** The render state of a graph just opened, from its list row: a failed last render shows as failed. */
export function openedRender(preview: NonNullable<GraphSummary['preview']>, version: number): RenderState {
  const media = {
    image: bust(preview.image, version), video: bust(preview.video, version), timeline: bustTimeline(preview.timeline ?? null, version),
  };
  if (preview.failed) {
    return { ...IDLE_RENDER, ...media, phase: 'failed', stale: true, error: 'The last render of this graph failed. Re-render to see why.' };
  }
  return { ...IDLE_RENDER, ...media, phase: 'done', stale: preview.stale };
}

/** What the status line shows: a graph with errors is never "up to date", whatever rendered before. */
export function shownPhase(render: RenderState, errors: number): RenderPhase | 'invalid' {
  return errors > 0 && (render.phase === 'done' || render.phase === 'idle') ? 'invalid' : render.phase;
}

/** The status line of a queued preview: where it stands, once the server has said. */
export function queuedLabel(render: Pick<RenderState, 'position'>): string {
  return render.position !== null ? `Queued (position ${render.position})` : 'Queued…';
}

/** A preview URL that the browser fetches again for each version `v`. */
export function bust(url: string | null, v: string | number): string | null {
  if (!url) return null;
  return `${url}${url.includes('?') ? '&' : '?'}v=${encodeURIComponent(String(v))}`;
}

/** A timeline whose thumbnails the browser fetches again for each version `v`. */
export function bustTimeline(timeline: TimelineBlock[] | null, v: string | number): TimelineBlock[] | null {
  return timeline && timeline.map((b) => (b.thumbnail ? { ...b, thumbnail: bust(b.thumbnail, v) } : b));
}

/** What a finished render changes: its picture, video and timeline (the picture and video stay when it sent none). */
export function finishedPatch(e: RenderFinished, was: RenderState): Partial<RenderState> {
  const v = e.job ?? String(Date.now());
  return {
    phase: 'done', percent: 100, seconds: e.seconds, cached: e.cached, error: null, timeout: false, node: null, position: null, stale: false,
    image: e.image !== null ? bust(e.image, v) : was.image,
    video: e.video !== null ? bust(e.video, v) : was.video,
    // A timeline describes one video: a new video without one leaves none rather than an old one.
    timeline: e.video !== null || e.timeline !== null ? bustTimeline(e.timeline, v) : was.timeline,
    animation: null,
  };
}

export function createRenderSlice({ api, get, set }: SliceContext): RenderSliceState & RenderActions {
  return {
    render: IDLE_RENDER,

    patchRender(patch) {
      set({ render: { ...get().render, ...patch } });
    },

    markQueued(job) {
      // The job's own events may have come first (the stream can beat the PUT's answer).
      if (job === null || get().render.job === job) return;
      get().patchRender({ phase: 'queued', job, percent: null, position: null });
    },

    async rerender() {
      const name = get().name;
      if (!name) return;
      try {
        await get().flushSave();
        const job = await api.render(name);
        get().patchRender({ phase: 'queued', job, percent: null, position: null });
      } catch (e) {
        get().handleError(e, 'Could not start a render');
      }
    },

    onRenderEvent(e) {
      const s = get();
      const mine = e.name !== null && e.name === s.name;
      switch (e.type) {
        case 'render.started':
          if (mine) s.patchRender({ phase: 'rendering', job: e.job, percent: null, position: null, animation: null });
          break;
        case 'render.queued':
          // The preview's own job only: an export of this graph waits in the same line.
          if (mine && e.job === s.render.job) s.patchRender({ phase: 'queued', position: e.position, percent: null });
          break;
        case 'render.progress':
          // Whose render: by name, or (no name) by the job this preview waits for.
          if (mine || (e.name === null && e.job !== null && e.job === s.render.job)) {
            s.patchRender({ phase: 'rendering', percent: e.percent, position: null, animation: e.animation });
          }
          break;
        case 'render.frame':
          if (mine) s.patchRender({ image: bust(e.image, e.job ?? String(Date.now())) });
          break;
        case 'render.finished':
          if (mine) {
            s.patchRender(finishedPatch(e, s.render));
            get().setRenderProblem(null);
            get().refreshGraphsSoon();
          }
          break;
        case 'render.failed':
          if (mine && !e.cancelled) {
            const { error, node } = e;
            s.patchRender({
              phase: 'failed', error, timeout: e.timeout, node, stale: get().render.image !== null, percent: null, position: null, animation: null,
            });
            get().setRenderProblem(
              node ? { path: `/nodes/${node}`, line: null, column: null, message: `Render: ${error}`, node, port: null, severity: 'error' } : null,
            );
          }
          break;
      }
    },
  };
}
