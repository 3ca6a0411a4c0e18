import { describe, expect, it } from 'vitest';
import { copyNodes, parseFragment, pasteFragment } from './clipboard';
import { colorHex, isColor } from './colors';
import { checkExpression } from './expression';
import { catalog, exampleDoc } from './fixtures';
import { createHistory, record, redo, undo } from './history';
import { autoLayout, freeSpot } from './layout';
import { parseTargetHandle, targetHandleId, formatWire, parseWire, resolveOutput } from './wires';

describe('wires and handles', () => {
  it('parses and formats', () => {
    expect(parseWire('a')).toEqual({ node: 'a', port: null });
    expect(parseWire('a.b')).toEqual({ node: 'a', port: 'b' });
    expect(parseWire('a.')).toEqual({ node: 'a', port: null }); // as the server reads it
    expect(formatWire('s', 'x', catalog.byType.get('Split'))).toBe('s');
    expect(formatWire('s', 'y', catalog.byType.get('Split'))).toBe('s.y');
    expect(parseTargetHandle(targetHandleId('animations', 3))).toEqual({ port: 'animations', slot: 3 });
  });
  it('resolves an unnamed output to the first that fits the input, as the validator does', () => {
    const tracker = catalog.byType.get('ValueTracker');
    expect(resolveOutput(parseWire('k'), tracker, 'number')).toBe('value');
    expect(resolveOutput(parseWire('k'), tracker, 'mobject')).toBe('tracker');
    expect(resolveOutput(parseWire('k'), tracker)).toBe('value');
    expect(resolveOutput(parseWire('k.value'), tracker, 'mobject')).toBe('value');
    // A wire drawn from the output the id alone resolves to stays the bare id in the file.
    expect(formatWire('k', 'tracker', tracker, 'mobject')).toBe('k');
    expect(formatWire('k', 'tracker', tracker, 'number')).toBe('k.tracker');
    expect(formatWire('k', 'value', tracker, 'number')).toBe('k');
    expect(parseTargetHandle('radius')).toEqual({ port: 'radius', slot: null });
  });
});

describe('checkExpression', () => {
  it('accepts the allow list', () => {
    for (const s of ['x', '-x**2 + 3*x - 1', 'sin(x) * e', '2*pi*x', '1.5e3 / (x + 1)', 'x % 2', 'arctan(tau)']) {
      expect(checkExpression(s)).toEqual({ ok: true });
    }
    expect(checkExpression('cos(t)', 't')).toEqual({ ok: true });
    expect(checkExpression('u * v', 'uv')).toEqual({ ok: true });
    // Refused at the offending token (where the editor marks it), naming it and the fix.
    expect(checkExpression('cos(t)')).toMatchObject({ ok: false, at: 4, message: expect.stringMatching(/"t".*use x/) });
    expect(checkExpression('max(x, 1)')).toEqual({ ok: true }); // min and max take two
    expect(checkExpression('min(x)')).toMatchObject({ ok: false, at: 5, message: expect.stringContaining('two arguments') });
    expect(checkExpression('min(x, 1, 2)')).toMatchObject({ ok: false, at: 8, message: expect.stringContaining('two arguments') });
    expect(checkExpression('sin(x, 1)')).toMatchObject({ ok: false, at: 5, message: expect.stringContaining('one argument') });
  });
  it('explains what is wrong and where', () => {
    expect(checkExpression('x^2')).toEqual({ ok: false, message: expect.stringContaining('**'), at: 1 });
    expect(checkExpression('sin(x')).toMatchObject({ ok: false, at: 5, message: expect.stringContaining(')') });
    expect(checkExpression('y + 1')).toMatchObject({ ok: false, at: 0 });
    expect(checkExpression('__import__("os")')).toMatchObject({ ok: false });
    expect(checkExpression('x.real')).toMatchObject({ ok: false });
    expect(checkExpression('x +')).toMatchObject({ ok: false, at: 3 });
    expect(checkExpression('')).toMatchObject({ ok: false });
    expect(checkExpression('1'.repeat(501))).toMatchObject({ ok: false, at: 500, message: expect.stringContaining('500') });
    expect(checkExpression('x' + ' '.repeat(499))).toEqual({ ok: true }); // the limit itself is allowed
    expect(checkExpression('x * 1e16')).toMatchObject({ ok: false, at: 4, message: expect.stringContaining('too large') });
  });
});

describe('colors', () => {
  it('knows hex and named colors', () => {
    expect(isColor('#aabbcc', catalog.colors)).toBe(true);
    expect(isColor('BLUE', catalog.colors)).toBe(true);
    expect(isColor('blurple', catalog.colors)).toBe(false);
    expect(colorHex('RED', catalog.colors)).toBe('#FC6255');
    expect(colorHex('#abc', catalog.colors)).toBe('#AABBCC');
  });
});

describe('history', () => {
  it('undoes, redoes and coalesces', () => {
    let h = createHistory(1);
    h = record(h, 2, 'a', 0);
    h = record(h, 3, 'a', 500);
    h = record(h, 4, 'b', 600);
    expect(h.past).toEqual([1, 3]);
    h = record(h, 5, 'b', 700);
    expect(h.past).toEqual([1, 3]);
    h = undo(h);
    expect(h.present).toBe(3);
    h = redo(h);
    expect(h.present).toBe(5);
    h = record(h, 6, null, 800);
    expect(h.future).toEqual([]);
    expect(h.past.at(-1)).toBe(5);
  });
});

describe('clipboard', () => {
  it('pastes with new ids and internal wires, into another graph', () => {
    const doc = exampleDoc();
    const frag = parseFragment(JSON.stringify(copyNodes(doc, ['circle', 'draw'], 'a')))!;
    const { doc: next, ids } = pasteFragment(doc, frag, { x: 30, y: 30 }, 'b');
    expect(ids).toEqual(['circle_2', 'create']);
    expect(next.nodes.create).toEqual({ type: 'Create', inputs: { mobject: 'circle_2' }, pos: [70, 70] });
    expect(next.nodes.circle_2.pos).toEqual([110, 150]);
  });
  it('keeps wires to outside nodes within the same graph', () => {
    const doc = exampleDoc();
    const frag = copyNodes(doc, ['morph'], 'a');
    const { doc: next, ids } = pasteFragment(doc, frag, { x: 0, y: 0 }, 'a');
    expect(next.nodes[ids[0]].inputs).toEqual({ mobject: 'circle', target: 'square' });
    const other = pasteFragment(doc, frag, { x: 0, y: 0 }, 'b');
    expect(other.doc.nodes[other.ids[0]].inputs).toBeUndefined();
  });
  it('rejects foreign text', () => {
    expect(parseFragment('hello')).toBeNull();
    expect(parseFragment('{"kind":"manim-nodes/nodes","nodes":{"a":{}}}')).toBeNull();
  });
});

describe('autoLayout', () => {
  it('places sources left of their consumers', () => {
    const doc = exampleDoc();
    const pos = autoLayout(doc, catalog);
    expect(pos.size).toBe(5);
    expect(pos.get('circle')!.x).toBeLessThan(pos.get('draw')!.x);
    expect(pos.get('draw')!.x).toBeLessThan(pos.get('out')!.x);
    for (const p of pos.values()) expect(Number.isInteger(p.x) && Number.isInteger(p.y)).toBe(true);
  });
});

import { searchTypes } from './search';

describe('searchTypes', () => {
  it('ranks exact, prefix, substring, then letters in order', () => {
    const names = (q: string) => searchTypes(catalog.nodes, q).map((s) => s.type);
    expect(names('circle')[0]).toBe('Circle');
    expect(names('tr')[0]).toBe('Transform');
    expect(names('mt')[0]).toBe('MathTex');
    expect(names('')).toHaveLength(catalog.nodes.length);
    expect(names('zzz')).toEqual([]);
  });
});

describe('freeSpot', () => {
  it('keeps the spot when nothing is there', () => {
    expect(freeSpot({ x: 10, y: 20 }, [])).toEqual({ x: 10, y: 20 });
    expect(freeSpot({ x: 10, y: 20 }, [{ x: 1000, y: 1000, width: 220, height: 100 }])).toEqual({ x: 10, y: 20 });
  });
  it('moves off a node in the way, as little as it can', () => {
    const box = { x: 0, y: 0, width: 220, height: 100 };
    const spot = freeSpot({ x: 0, y: 0 }, [box], { width: 220, height: 120 }, 20);
    const overlaps = spot.x < 240 && spot.x + 240 > 0 && spot.y < 120 && spot.y + 140 > 0;
    expect(overlaps).toBe(false);
    expect(Math.hypot(spot.x, spot.y)).toBeLessThanOrEqual(160);
  });
});
