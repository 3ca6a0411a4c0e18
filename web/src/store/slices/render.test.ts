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
