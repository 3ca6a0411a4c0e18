import { describe, expect, it } from 'vitest';
import { nodeList, parseDiff, parseMergeNote, parseStaleSave, placeOf, restoreNodes, shortValue, withValues } from './merge';
import type { GraphDoc } from './types';

const before: GraphDoc = {
  version: 1,
  nodes: {
    c: { type: 'Circle', params: { radius: 1 } },
    show: { type: 'Create', inputs: { mobject: 'c' } },
    dot: { type: 'Dot' },
    out: { type: 'Scene', inputs: { animations: ['show', 'fade'] } },
    fade: { type: 'FadeIn', inputs: { mobject: 'dot' } },
  },
};

describe('restoreNodes', () => {
  it('puts back removed nodes and the wires cut with them, keeping later edits', () => {
    const now: GraphDoc = {
      version: 1,
      nodes: {
        c: { type: 'Circle', params: { radius: 3 } },
        show: { type: 'Create', inputs: { mobject: 'c' } },
        out: { type: 'Scene', inputs: { animations: ['show', 'extra'] } },
        extra: { type: 'Wait' },
      },
    };
    const back = restoreNodes(now, before, ['dot', 'fade']);
    expect(back.nodes.dot).toEqual({ type: 'Dot' });
    expect(back.nodes.fade).toEqual({ type: 'FadeIn', inputs: { mobject: 'dot' } });
    expect(back.nodes.out.inputs).toEqual({ animations: ['show', 'fade', 'extra'] });
    expect(back.nodes.c.params).toEqual({ radius: 3 });
  });

  it('changes nothing when nothing is missing', () => {
    expect(restoreNodes(before, before, ['c'])).toBe(before);
  });
});

describe('withValues', () => {
  it('sets each conflicting value back, or removes it where ours had none', () => {
    const doc: GraphDoc = { version: 1, nodes: { c: { type: 'Circle', params: { radius: 7, color: 'RED' } } } };
    const out = withValues(doc, [
      { path: ['nodes', 'c', 'params', 'radius'], node: 'c', base: { has: true, value: 1 }, ours: { has: true, value: 3 }, theirs: { has: true, value: 7 } },
      { path: ['nodes', 'c', 'params', 'color'], node: 'c', base: { has: true, value: 'B' }, ours: { has: false, value: undefined }, theirs: { has: true, value: 'RED' } },
    ], 'ours');
    expect(out.nodes.c.params).toEqual({ radius: 3 });
    expect(doc.nodes.c.params).toEqual({ radius: 7, color: 'RED' });
  });
});

describe('parsing what the server sends', () => {
  it('reads a 412 answer', () => {
    const stale = parseStaleSave({
      etag: 'e2',
      graph: before,
      live: ['c', 3],
      merged: before,
      conflicts: [{ path: ['nodes', 'c', 'params', 'radius'], node: 'c', base: { value: 1 }, ours: {}, theirs: { value: 2 } }],
      diff: { added: ['x'], removed: [], changed: [{ path: ['scene'], new: { background: '#000' } }] },
      base_known: true,
    });
    expect(stale?.theirLive).toEqual(['c']);
    expect(stale?.conflicts[0].ours).toEqual({ has: false, value: undefined });
    expect(stale?.conflicts[0].theirs).toEqual({ has: true, value: 2 });
    expect(stale?.diff.changed[0].old.has).toBe(false);
    expect(stale?.baseKnown).toBe(true);
  });

  it('refuses a 412 answer of an older server', () => {
    expect(parseStaleSave({ etag: 'e' })).toBeNull();
    expect(parseMergeNote(undefined)).toBeNull();
    expect(parseDiff('nonsense')).toEqual({ added: [], removed: [], changed: [] });
  });
});

describe('plain words', () => {
  it('names places and values the way the editor shows them', () => {
    expect(placeOf(['nodes', 'c', 'params', 'radius'])).toBe('c · radius');
    expect(placeOf(['nodes', 'c', 'pos'])).toBe('c · position');
    expect(placeOf(['nodes', 'c'])).toBe('c · the node');
    expect(placeOf(['scene', 'background'])).toBe('scene · background');
    expect(shortValue({ has: false, value: undefined })).toBe('(none)');
    expect(shortValue({ has: true, value: 'x'.repeat(60) })).toHaveLength(40);
    expect(nodeList(['a', 'b', 'c', 'd', 'e', 'f'])).toBe('a, b, c, d and 2 more');
  });
});
