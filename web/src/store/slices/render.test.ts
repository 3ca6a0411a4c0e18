import { describe, expect, it, vi } from 'vitest';
import { api, type Api } from '../../api/client';
import { parseServerEvent, type RenderEvent } from '../../api/events';
import { createEditor } from '../editor';
import { IDLE_RENDER, openedRender, queuedLabel, shownPhase } from './render';

/** An editor on graph `g` (no server behind it: the render slice only reads events). */
function editorOn(name = 'g') {
  const editor = createEditor({ listGraphs: vi.fn(async () => []) } as unknown as Api);
  editor.store.setState({ name });
  return editor;
}

/** The server's event, parsed as the event stream parses it, handed to the render slice. */
function send(editor: ReturnType<typeof editorOn>, name: string, data: Record<string, unknown>) {
  const e = parseServerEvent(name, JSON.stringify(data));
  if (!e) throw new Error(`not an event: ${name} ${JSON.stringify(data)}`);
  editor.store.getState().onRenderEvent(e as RenderEvent);
}

describe('render.queued', () => {
  it('parses with a position of 1 or more, and nothing else', () => {
    expect(parseServerEvent('render.queued', '{"name": "g", "job": "p3", "position": 2}')).toEqual({
      type: 'render.queued', name: 'g', job: 'p3', position: 2,
    });
    expect(parseServerEvent('render.queued', '{"name": "g", "job": "p3"}')).toBeNull();
    expect(parseServerEvent('render.queued', '{"name": "g", "job": "p3", "position": 0}')).toBeNull();
    expect(parseServerEvent('render.queued', '{"name": "g", "position": 1}')).toBeNull();
  });

  it('shows where the preview stands until it renders', () => {
    const editor = editorOn();
    send(editor, 'render.started', { name: 'g', job: 'p4' });
    send(editor, 'render.queued', { name: 'g', job: 'p4', position: 3 });
    expect(editor.state.render).toMatchObject({ phase: 'queued', job: 'p4', position: 3 });
    expect(queuedLabel(editor.state.render)).toBe('Queued (position 3)');
    send(editor, 'render.queued', { name: 'g', job: 'p4', position: 1 });
    expect(queuedLabel(editor.state.render)).toBe('Queued (position 1)');
    send(editor, 'render.progress', { name: 'g', job: 'p4', percent: 0 }); // it left the line
    expect(editor.state.render).toMatchObject({ phase: 'rendering', position: null, percent: 0 });
  });

  it('ignores the line of other graphs and of an export of this one', () => {
    const editor = editorOn();
    send(editor, 'render.started', { name: 'g', job: 'p4' });
    send(editor, 'render.queued', { name: 'other', job: 'p5', position: 1 });
    send(editor, 'render.queued', { name: 'g', job: 'e6', position: 2 });
    expect(editor.state.render).toMatchObject({ phase: 'rendering', job: 'p4', position: null });
  });

  it('says Queued… before the server has said where', () => {
    expect(queuedLabel({ position: null })).toBe('Queued…');
  });
});

describe('a preview never looks healthier than it is (issue 14.5)', () => {
  const preview = { image: '/previews/g/a.png', video: '/previews/g/a.mp4', stale: false, failed: false };

  it('opens a graph whose last render failed as failed and stale', () => {
    const opened = openedRender({ ...preview, stale: true, failed: true }, 7);
    expect(opened).toMatchObject({ phase: 'failed', stale: true, image: '/previews/g/a.png?v=7' });
    expect(openedRender({ image: null, video: null, stale: true, failed: true }, 7)).toMatchObject({
      phase: 'failed', image: null, video: null,
    });
    expect(openedRender(preview, 7)).toMatchObject({ phase: 'done', stale: false });
  });

  it('shows a graph with errors as invalid, never as done', () => {
    const done = { ...IDLE_RENDER, phase: 'done' as const, image: '/x.png' };
    expect(shownPhase(done, 0)).toBe('done');
    expect(shownPhase(done, 2)).toBe('invalid');
    expect(shownPhase(IDLE_RENDER, 1)).toBe('invalid');
    expect(shownPhase({ ...IDLE_RENDER, phase: 'rendering' }, 1)).toBe('rendering'); // a render of it runs anyway
    expect(shownPhase({ ...IDLE_RENDER, phase: 'failed' }, 1)).toBe('failed');
  });

  it('reads a failed preview from the list, with or without a picture', async () => {
    const rows = [
      { name: 'a', preview: { image: '/p.png', video: null, stale: true, failed: true } },
      { name: 'b', preview: { image: null, video: null, stale: true, failed: true } },
      { name: 'c', preview: null },
    ];
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ graphs: rows }), { status: 200 })));
    try {
      const graphs = await api.listGraphs();
      expect(graphs.map((g) => g.preview?.failed ?? null)).toEqual([true, true, null]);
      expect(graphs[1].preview?.image).toBeNull();
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('the timeline of the preview (issue 13)', () => {
  const timeline = [
    { index: 0, node: 'draw', start: 0, end: 1, cached: true, thumbnail: '/previews/g/p1-0.jpg' },
    { index: 1, node: 'morph', start: 1, end: 3, cached: false, thumbnail: null },
  ];
  const finished = { name: 'g', job: 'p1', image: '/previews/g/p1.png', video: '/previews/g/p1.mp4', seconds: 0.5, cached: false };

  it('comes with a finished render, its thumbnails fetched anew per render', () => {
    const editor = editorOn();
    send(editor, 'render.finished', { ...finished, timeline });
    expect(editor.state.render.timeline).toEqual([
      { ...timeline[0], thumbnail: '/previews/g/p1-0.jpg?v=p1' },
      timeline[1],
    ]);
  });

  it('follows which animation renders, and forgets it once the render ends', () => {
    const editor = editorOn();
    send(editor, 'render.finished', { ...finished, timeline });
    send(editor, 'render.started', { name: 'g', job: 'p2' });
    send(editor, 'render.progress', { name: 'g', job: 'p2', percent: 50, animation: 1, node: 'morph' });
    expect(editor.state.render).toMatchObject({ phase: 'rendering', animation: 1 });
    expect(editor.state.render.timeline).toHaveLength(2); // the last one stays while the next renders
    send(editor, 'render.progress', { name: 'g', job: 'p2', percent: 60, animation: -1 });
    expect(editor.state.render.animation).toBeNull();
    send(editor, 'render.failed', { name: 'g', job: 'p2', error: 'boom' });
    expect(editor.state.render).toMatchObject({ phase: 'failed', stale: true, animation: null });
    expect(editor.state.render.timeline).toHaveLength(2); // kept, as the picture is: marked stale
  });

  it('is none after a new video that came without one (or with a malformed one)', () => {
    const editor = editorOn();
    send(editor, 'render.finished', { ...finished, timeline });
    send(editor, 'render.finished', { ...finished, job: 'p2', timeline: [{ index: 0 }] });
    expect(editor.state.render.timeline).toBeNull();
    send(editor, 'render.finished', { ...finished, job: 'p3', timeline });
    send(editor, 'render.finished', { ...finished, job: 'p4', video: null }); // a picture only: the video and its timeline stay
    expect(editor.state.render.video).toBe('/previews/g/p1.mp4?v=p3');
    expect(editor.state.render.timeline).toHaveLength(2);
  });

  it('shows the last known strip of a graph just opened, from the graph list', async () => {
    const rows = [
      { name: 'a', preview: { image: '/p.png', video: '/p.mp4', stale: true, failed: false, timeline } },
      { name: 'b', preview: { image: '/p.png', video: null, stale: false, failed: false, timeline: 'no' } },
      { name: 'c', preview: { image: '/p.png', video: null, stale: false, failed: false } },
    ];
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ graphs: rows }), { status: 200 })));
    try {
      const graphs = await api.listGraphs();
      expect(graphs.map((g) => g.preview?.timeline?.length ?? null)).toEqual([2, null, null]);
      const opened = openedRender(graphs[0].preview!, 7);
      expect(opened).toMatchObject({ phase: 'done', stale: true });
      expect(opened.timeline?.[0].thumbnail).toBe('/previews/g/p1-0.jpg?v=7');
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
