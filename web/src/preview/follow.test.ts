import { describe, expect, it } from 'vitest';
import type { GraphSummary } from '../api/client';
import type { RenderFinished, ServerEvent } from '../api/events';
import { DEFAULT_PREVIEW, clampPreviewHeight, parsePreviewPrefs } from '../lib/prefs';
import { renderLabel } from '../components/RenderStatusView';
import { NOT_LOADED, follow, fromList, type Followed } from './follow';

const row = (over: Partial<GraphSummary> = {}): GraphSummary => ({
  name: 'intro', format: 'yaml', title: 'Intro', modified: '', valid: true, errors: 0,
  preview: { image: '/previews/intro/p1.png', video: '/previews/intro/p1.mp4', stale: false, failed: false },
  ...over,
});

const finished = (job: string, video: string | null = null): RenderFinished => ({
  type: 'render.finished', name: 'intro', job, image: `/previews/intro/${job}.png`, video, seconds: 0.5, cached: false, timeline: null,
});

function run(events: ServerEvent[], from: Followed = fromList([row()], 'intro', 1, NOT_LOADED)): Followed {
  return events.reduce((s, e) => follow(s, e, 'intro'), from);
}

describe('the preview window follows one graph', () => {
  it('starts from the graph list, or says the graph is missing', () => {
    const s = fromList([row()], 'intro', 7, NOT_LOADED);
    expect(s.title).toBe('Intro');
    expect(s.render.phase).toBe('done');
    expect(s.render.image).toBe('/previews/intro/p1.png?v=7');
    expect(s.render.video).toBe('/previews/intro/p1.mp4?v=7');
    expect(fromList([row({ name: 'other' })], 'intro', 1, NOT_LOADED).missing).toBe(true);
  });

  it('goes through rendering to a new picture; a video it had stays until a new one comes', () => {
    const s = run([
      { type: 'render.started', name: 'intro', job: 'p2' },
      { type: 'render.progress', name: 'intro', job: 'p2', percent: 40, animation: null, node: null },
    ]);
    expect(s.render.phase).toBe('rendering');
    expect(renderLabel(s.render, 0)).toBe('Rendering 40%');
    const done = follow(s, finished('p2'), 'intro');
    expect(done.render.image).toBe('/previews/intro/p2.png?v=p2');
    expect(done.render.video).toBe('/previews/intro/p1.mp4?v=1');
    expect(follow(done, finished('p3', '/previews/intro/p3.mp4'), 'intro').render.video).toBe('/previews/intro/p3.mp4?v=p3');
  });

  it('ignores other graphs, exports waiting in line and superseded renders', () => {
    const start = run([{ type: 'render.started', name: 'intro', job: 'p2' }]);
    expect(follow(start, { ...finished('p9'), name: 'other' }, 'intro')).toBe(start);
    expect(follow(start, { type: 'render.queued', name: 'intro', job: 'e5', position: 2 }, 'intro')).toBe(start);
    expect(follow(start, { type: 'render.queued', name: 'intro', job: 'p2', position: 2 }, 'intro').render.position).toBe(2);
    const cancelled: ServerEvent = { type: 'render.failed', name: 'intro', job: 'p2', error: 'superseded', timeout: false, cancelled: true, node: null };
    expect(follow(start, cancelled, 'intro')).toBe(start);
    expect(follow(start, { type: 'export.progress', job: 'e5', percent: 3 }, 'intro')).toBe(start);
  });

  it('keeps the last good picture when a render fails, and notices a deletion', () => {
    const failed = run([
      { type: 'render.started', name: 'intro', job: 'p2' },
      { type: 'render.failed', name: 'intro', job: 'p2', error: 'boom', timeout: false, cancelled: false, node: 'circle' },
    ]);
    expect(failed.render).toMatchObject({ phase: 'failed', stale: true, error: 'boom', image: '/previews/intro/p1.png?v=1' });
    expect(renderLabel(failed.render, 0)).toBe('Render failed');
    expect(run([{ type: 'graph.deleted', name: 'intro' }]).missing).toBe(true);
  });

  it('counts errors of an invalid graph until a render succeeds again', () => {
    const problem = { path: '/nodes/x', line: 1, column: 1, message: 'bad', node: 'x', port: null, severity: 'error' as const };
    const bad = run([{ type: 'graph.invalid', name: 'intro', errors: [problem] }]);
    expect(bad.errors).toBe(1);
    expect(renderLabel(bad.render, bad.errors)).toBe('Showing the last valid version: fix 1 problem');
    expect(follow(bad, finished('p4'), 'intro').errors).toBe(0);
  });

  it('keeps what the events said while a render runs when the list is read again', () => {
    const busy = run([{ type: 'render.started', name: 'intro', job: 'p2' }]);
    expect(fromList([row({ title: 'New title' })], 'intro', 2, busy)).toMatchObject({ title: 'New title', render: busy.render });
    const idle = run([finished('p2')]);
    expect(fromList([row()], 'intro', null, idle).render).toBe(idle.render);
  });
});

describe('preview prefs', () => {
  it('default to the video at the 16:9 size, and keep only valid fields', () => {
    expect(parsePreviewPrefs(null)).toEqual(DEFAULT_PREVIEW);
    expect(parsePreviewPrefs('{oops')).toEqual(DEFAULT_PREVIEW);
    expect(parsePreviewPrefs('{"height": "tall", "mode": "film"}')).toEqual({ height: null, mode: 'video' });
    expect(parsePreviewPrefs('{"height": 5000, "mode": "frame"}')).toEqual({ height: 1400, mode: 'frame' });
    expect(clampPreviewHeight(3)).toBe(120);
  });
});

describe('the preview window’s timeline', () => {
  it('follows the timeline of each render, and the animation rendering now', () => {
    const timeline = [{ index: 0, node: 'draw', start: 0, end: 1, cached: false, thumbnail: null }];
    const s = run([
      { type: 'render.started', name: 'intro', job: 'p2' },
      { type: 'render.progress', name: 'intro', job: 'p2', percent: 40, animation: 0, node: 'draw' },
    ]);
    expect(s.render.animation).toBe(0);
    const done = follow(s, { ...finished('p2', '/previews/intro/p2.mp4'), timeline }, 'intro');
    expect(done.render).toMatchObject({ animation: null, timeline });
    const failed = follow(done, { type: 'render.failed', name: 'intro', job: 'p3', error: 'boom', timeout: false, cancelled: false, node: null }, 'intro');
    expect(failed.render).toMatchObject({ stale: true, timeline });
  });
});
