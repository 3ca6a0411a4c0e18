import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, parseLive } from './client';

/** Answer every request with this JSON (and an ETag header). */
function serve(body: unknown, etag = '"abc"') {
  const fetch = vi.fn(async () => new Response(JSON.stringify(body), { status: 200, headers: { ETag: etag } }));
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('live nodes in graph responses', () => {
  it('reads the live list of GET /api/graphs/{name}', async () => {
    serve({ name: 'value_tracker', format: 'yaml', graph: { version: 1, nodes: {} }, errors: [], live: ['x_value', 'dot'] });
    const g = await api.getGraph('value_tracker');
    expect(g.live).toEqual(['x_value', 'dot']);
    expect(g.etag).toBe('abc');
  });

  it('reads the preview job a PUT started', async () => {
    serve({ name: 'g', etag: 'e2', errors: [], live: [], job: 'p7' });
    expect((await api.putGraph('g', { version: 1, nodes: {} }, 'e1')).job).toBe('p7');
  });

  it('reads the live list of a PUT', async () => {
    const fetch = serve({ name: 'g', etag: 'e2', errors: [], live: ['t'] });
    const r = await api.putGraph('g', { version: 1, nodes: {} }, 'e1');
    expect(r).toEqual({ etag: 'e2', errors: [], live: ['t'], job: null, graph: null });
    expect(fetch).toHaveBeenCalledOnce();
  });

  it('reads the merged graph of a PUT the server merged', async () => {
    const merged = { version: 1 as const, nodes: { dot: { type: 'Dot' } } };
    serve({ name: 'g', etag: 'e3', errors: [], live: [], job: null, graph: merged, merged: true });
    expect((await api.putGraph('g', { version: 1, nodes: {} }, 'e1')).graph).toEqual(merged);
  });

  it('reads a missing or odd live list as none', async () => {
    serve({ name: 'g', graph: { version: 1, nodes: {} }, errors: [] });
    expect((await api.getGraph('g')).live).toEqual([]);
    expect(parseLive(null)).toEqual([]);
    expect(parseLive('dot')).toEqual([]);
    expect(parseLive(['dot', 3, null, 'trail'])).toEqual(['dot', 'trail']);
  });
});
