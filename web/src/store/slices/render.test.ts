import { describe, expect, it, vi } from 'vitest';
import type { Api } from '../../api/client';
import { parseServerEvent, type RenderEvent } from '../../api/events';
import { createEditor } from '../editor';
import { queuedLabel } from './render';

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
