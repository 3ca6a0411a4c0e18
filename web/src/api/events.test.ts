import { describe, expect, it } from 'vitest';
import { EVENT_NAMES, parseServerEvent, readServerEvent } from './events';

const parse = (name: string, data: unknown) => parseServerEvent(name, JSON.stringify(data));

describe('parseServerEvent', () => {
  it('reads the graph events', () => {
    expect(parse('graph.changed', { name: 'g', etag: 'e2', source: 'file' })).toEqual({ type: 'graph.changed', name: 'g', etag: 'e2', source: 'file', merge: null });
    expect(parse('graph.deleted', { name: 'sub/g' })).toEqual({ type: 'graph.deleted', name: 'sub/g' });
    expect(parse('graph.invalid', { name: 'g', errors: [{ path: '/nodes/t', message: 'bad', node: 't' }] })).toEqual({
      type: 'graph.invalid',
      name: 'g',
      errors: [{ path: '/nodes/t', line: null, column: null, message: 'bad', node: 't', port: null, severity: 'error' }],
    });
    expect(parse('graph.invalid', { name: 'g' })).toEqual({ type: 'graph.invalid', name: 'g', errors: [] });
  });

  it('reads a render from start to end', () => {
    expect(parse('render.started', { name: 'g', job: 'p1' })).toEqual({ type: 'render.started', name: 'g', job: 'p1' });
    expect(parse('render.frame', { name: 'g', job: 'p1', image: '/previews/g/a.png', cached: false })).toEqual({
      type: 'render.frame', name: 'g', job: 'p1', image: '/previews/g/a.png', cached: false,
    });
    expect(parse('render.progress', { name: 'g', job: 'p1', percent: 42.5 })).toEqual({
      type: 'render.progress', name: 'g', job: 'p1', percent: 42.5, animation: null, node: null,
    });
    expect(parse('render.finished', { name: 'g', job: 'p1', image: '/a.png', video: '/a.mp4', seconds: 1.2, cached: true })).toEqual({
      type: 'render.finished', name: 'g', job: 'p1', image: '/a.png', video: '/a.mp4', seconds: 1.2, cached: true, timeline: null,
    });
  });

  it('reads failures, with and without a node or a job', () => {
    expect(parse('render.failed', { name: 'g', job: 'p1', error: 'boom', timeout: true, node: 'circle', line: 3 })).toEqual({
      type: 'render.failed', name: 'g', job: 'p1', error: 'boom', timeout: true, cancelled: false, node: 'circle',
    });
    // The server's one shape: every key, null where unknown.
    const superseded = { name: 'g', job: 'p2', error: 'cancelled: superseded', timeout: false, cancelled: true, node: null, line: null };
    expect(parse('render.failed', superseded)).toEqual({
      type: 'render.failed', name: 'g', job: 'p2', error: 'cancelled: superseded', timeout: false, cancelled: true, node: null,
    });
    expect(parse('render.failed', { name: 'g' })).toMatchObject({ error: 'The render failed', timeout: false, node: null });
  });

  it('reads progress without a graph name, by job', () => {
    expect(parse('render.progress', { job: 'p1', percent: 10 })).toEqual({
      type: 'render.progress', name: null, job: 'p1', percent: 10, animation: null, node: null,
    });
  });

  it('reads the export events', () => {
    expect(parse('export.progress', { name: 'g', job: 'x1', percent: 50 })).toEqual({ type: 'export.progress', job: 'x1', percent: 50 });
    expect(parse('export.finished', { name: 'g', job: 'x1', file: '/exports/g.mp4', seconds: 3 })).toEqual({
      type: 'export.finished', job: 'x1', file: '/exports/g.mp4',
    });
    expect(parse('export.failed', { name: 'g', job: 'x1', error: 'superseded', timeout: false, cancelled: true })).toEqual({
      type: 'export.failed', job: 'x1', error: 'superseded',
    });
    expect(parse('export.failed', { job: 'x1' })).toEqual({ type: 'export.failed', job: 'x1', error: 'failed' });
  });

  it('refuses data that is not what the server sends', () => {
    expect(parseServerEvent('graph.changed', '{not json')).toBeNull();
    expect(parse('graph.changed', [1, 2])).toBeNull();
    expect(parse('graph.changed', 'g')).toBeNull();
    expect(parse('graph.changed', null)).toBeNull();
    expect(parse('graph.changed', { name: 'g' })).toBeNull();
    expect(parse('graph.changed', { name: 1, etag: 'e' })).toBeNull();
    expect(parse('graph.deleted', {})).toBeNull();
    expect(parse('render.started', { job: 'p1' })).toBeNull();
    expect(parse('render.frame', { name: 'g', job: 'p1' })).toBeNull();
    expect(parse('render.progress', { name: 'g', job: 'p1', percent: '5' })).toBeNull();
    expect(parse('render.progress', { name: null, job: 'p1', percent: 5 })).toBeNull();
    expect(parse('render.finished', { job: 'p1' })).toBeNull();
    expect(parse('export.progress', { job: 'x1' })).toBeNull();
    expect(parse('export.finished', { file: '/exports/a.mp4' })).toBeNull();
    expect(parse('graph.renamed', { name: 'g' })).toBeNull();
  });

  it('knows every event name it is asked to listen for', () => {
    const samples: Record<string, Record<string, unknown>> = {
      'graph.changed': { name: 'g', etag: 'e' },
      'graph.deleted': { name: 'g' },
      'graph.invalid': { name: 'g', errors: [] },
      'render.started': { name: 'g', job: 'p' },
      'render.queued': { name: 'g', job: 'p', position: 1 },
      'render.frame': { name: 'g', job: 'p', image: '/i.png' },
      'render.progress': { name: 'g', job: 'p', percent: 1 },
      'render.finished': { name: 'g', job: 'p' },
      'render.failed': { name: 'g', job: 'p', error: 'e' },
      'export.progress': { job: 'x', percent: 1 },
      'export.finished': { job: 'x', file: '/f' },
      'export.failed': { job: 'x', error: 'e' },
    };
    for (const name of EVENT_NAMES) expect(readServerEvent(name, samples[name])?.type).toBe(name);
  });
});
