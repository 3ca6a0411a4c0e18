import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from '../api/client';
import { editorQuery, encodeGraphName, fileNameFor, folderOf, graphApiUrl, groupByFolder, isValidGraphName, leafOf, nameProblem, uniqueName } from './graphNames';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('graph names with folders', () => {
  it('accepts the names the server accepts', () => {
    for (const name of ['intro', 'gallery/MovingAngle', 'a/b/c/d', 'code', 'code/x', 'x/code-2']) {
      expect(nameProblem(name), name).toBeNull();
    }
  });

  it('refuses hostile and ambiguous names, saying why', () => {
    const bad: [string, RegExp][] = [
      ['../x', /cannot start with \./],
      ['a/../../x', /cannot start with \./],
      ['/abs', /leading/],
      ['a//b', /empty/],
      ['a/', /empty/],
      ['a\\b', /\\/],
      ['.trash/x', /cannot start with \./],
      ['a/b/c/d/e', /3 deep/],
      ['x/code', /cannot be called/],
      ['x/render', /cannot be called/],
      ['a b', /Letters/],
      ['', /name/],
    ];
    for (const [name, why] of bad) {
      expect(nameProblem(name), name).toMatch(why);
      expect(isValidGraphName(name)).toBe(false);
    }
  });

  it('splits folder and leaf', () => {
    expect(folderOf('gallery/deep/x')).toBe('gallery/deep');
    expect(leafOf('gallery/deep/x')).toBe('x');
    expect(folderOf('x')).toBe('');
    expect(leafOf('x')).toBe('x');
  });

  it('finds a free name in the same folder', () => {
    expect(uniqueName('gallery/x-copy', new Set(['gallery/x-copy']))).toBe('gallery/x-copy-2');
    expect(uniqueName(`g/${'a'.repeat(70)}`, new Set())).toBe(`g/${'a'.repeat(56)}`);
  });
});

describe('URLs', () => {
  it('keeps / between segments and encodes the rest', () => {
    expect(encodeGraphName('gallery/MovingAngle')).toBe('gallery/MovingAngle');
    expect(encodeGraphName('a b/c?d')).toBe('a%20b/c%3Fd');
    expect(graphApiUrl('gallery/MovingAngle')).toBe('/api/graphs/gallery/MovingAngle');
    expect(graphApiUrl('gallery/MovingAngle', 'code')).toBe('/api/graphs/gallery/MovingAngle/code');
    expect(graphApiUrl('intro', 'render')).toBe('/api/graphs/intro/render');
  });

  it('builds the editor query with a readable /', () => {
    expect(editorQuery('gallery/MovingAngle')).toBe('?graph=gallery/MovingAngle');
    expect(new URLSearchParams(editorQuery('gallery/Moving Angle')).get('graph')).toBe('gallery/Moving Angle');
    expect(new URLSearchParams(editorQuery('a&b=c')).get('graph')).toBe('a&b=c');
  });

  it('the API client uses folder URLs', async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify({ name: 'gallery/x', graph: { version: 1, nodes: {} }, errors: [], code: '' }), { status: 200, headers: { ETag: '"e"' } }));
    vi.stubGlobal('fetch', fetch);
    await api.getGraph('gallery/x');
    await api.code('gallery/x');
    await api.renameGraph('gallery/x', 'other/y');
    await api.deleteGraph('gallery/x');
    const calls = fetch.mock.calls as unknown as [string, RequestInit][];
    expect(calls.map(([url, init]) => `${init.method} ${url}`)).toEqual([
      'GET /api/graphs/gallery/x',
      'GET /api/graphs/gallery/x/code',
      'POST /api/graphs/gallery/x/rename',
      'DELETE /api/graphs/gallery/x',
    ]);
  });
});

describe('grouping by folder', () => {
  const g = (name: string) => ({ name });

  it('puts the top level first, then folders by path, graphs sorted inside', () => {
    const groups = groupByFolder([g('zeta'), g('gallery/b'), g('Alpha'), g('gallery/deep/x'), g('art/one'), g('gallery/A'), g('gallery10/x'), g('gallery2/x')]);
    expect(groups.map((x) => [x.folder, x.items.map((i) => i.name)])).toEqual([
      ['', ['Alpha', 'zeta']],
      ['art', ['art/one']],
      ['gallery', ['gallery/A', 'gallery/b']],
      ['gallery/deep', ['gallery/deep/x']],
      ['gallery2', ['gallery2/x']],
      ['gallery10', ['gallery10/x']],
    ]);
  });

  it('has no top-level group when every graph is in a folder, and none at all for no graphs', () => {
    expect(groupByFolder([g('a/x')]).map((x) => x.folder)).toEqual(['a']);
    expect(groupByFolder([])).toEqual([]);
  });

  it('does not change its input', () => {
    const input = [g('b'), g('a')];
    groupByFolder(input);
    expect(input.map((x) => x.name)).toEqual(['b', 'a']);
  });
});

describe('fileNameFor', () => {
  it('derives a valid file name from a name with spaces, keeping folders', () => {
    expect(fileNameFor('My first scene')).toBe('My-first-scene');
    expect(fileNameFor('gallery/Moving angle')).toBe('gallery/Moving-angle');
    expect(fileNameFor('  Café au lait!  ')).toBe('Cafe-au-lait');
    expect(fileNameFor('intro')).toBe('intro');
    expect(fileNameFor('a//b/')).toBe('a/b');
    expect(fileNameFor('…')).toBe('');
    for (const typed of ['My first scene', 'gallery/Moving angle', '  Café au lait!  ', '--x--', 'x'.repeat(80)]) {
      expect(isValidGraphName(fileNameFor(typed))).toBe(true);
    }
  });
});
