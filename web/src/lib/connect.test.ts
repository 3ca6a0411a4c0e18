import { describe, expect, it } from 'vitest';
import { checkConnection, kindFits, typesFeedingInput, typesTakingOutput } from './connect';
import { catalog, exampleDoc } from './fixtures';

describe('kindFits', () => {
  it('matches equal kinds and the documented widenings', () => {
    expect(kindFits('mobject', 'mobject')).toBe(true);
    expect(kindFits('integer', 'number')).toBe(true);
    expect(kindFits('number', 'integer')).toBe(false);
    for (const k of ['number', 'integer', 'vector', 'numeric']) expect(kindFits(k, 'numeric')).toBe(true);
    expect(kindFits('numeric', 'number')).toBe(true);
    expect(kindFits('numeric', 'vector')).toBe(true);
    expect(kindFits('numeric', 'integer')).toBe(false);
    expect(kindFits('mobject', 'animation')).toBe(false);
    expect(kindFits('vector', 'direction')).toBe(true);
    expect(kindFits('numeric', 'direction')).toBe(true);
    expect(kindFits('number', 'direction')).toBe(false);
    expect(kindFits('color', 'string')).toBe(false);
  });
});

describe('checkConnection', () => {
  const doc = exampleDoc();
  doc.nodes.axes = { type: 'Axes' };
  doc.nodes.plot = { type: 'FunctionGraph' };
  doc.nodes.int = { type: 'Integer' };

  it('accepts a fitting wire', () => {
    expect(checkConnection(doc, catalog, { source: 'square', sourceHandle: 'mobject', target: 'draw', targetHandle: 'mobject' })).toEqual({ ok: true });
    expect(checkConnection(doc, catalog, { source: 'int', sourceHandle: 'value', target: 'circle', targetHandle: 'radius' }).ok).toBe(true);
    expect(checkConnection(doc, catalog, { source: 'draw', sourceHandle: 'animation', target: 'out', targetHandle: 'animations#2' }).ok).toBe(true);
  });

  it('refuses a kind mismatch with a hint', () => {
    const r = checkConnection(doc, catalog, { source: 'circle', sourceHandle: 'mobject', target: 'out', targetHandle: 'animations#0' });
    // The hint names what the input takes and what the dragged output is.
    expect(r).toEqual({ ok: false, reason: expect.stringMatching(/takes an animation.*Circle\.mobject is a mobject/) });
  });

  it('refuses node types an object port does not accept', () => {
    const r = checkConnection(doc, catalog, { source: 'circle', sourceHandle: 'mobject', target: 'plot', targetHandle: 'axes' });
    expect(r).toEqual({ ok: false, reason: expect.stringContaining('Axes or NumberPlane') });
    expect(checkConnection(doc, catalog, { source: 'axes', sourceHandle: 'mobject', target: 'plot', targetHandle: 'axes' }).ok).toBe(true);
  });

  it('refuses self wires and loops', () => {
    expect(checkConnection(doc, catalog, { source: 'draw', sourceHandle: 'animation', target: 'draw', targetHandle: 'mobject' }).ok).toBe(false);
    const d2 = exampleDoc();
    d2.nodes.a = { type: 'Number' };
    d2.nodes.b = { type: 'Number', inputs: { value: 'a' } };
    const r = checkConnection(d2, catalog, { source: 'b', sourceHandle: 'value', target: 'a', targetHandle: 'value' });
    expect(r).toEqual({ ok: false, reason: expect.stringContaining('loop') });
    const d3 = exampleDoc();
    d3.nodes.a = { type: 'Number' };
    d3.nodes.b = { type: 'Number' };
    expect(checkConnection(d3, catalog, { source: 'b', sourceHandle: 'value', target: 'a', targetHandle: 'value' }).ok).toBe(true); // no loop without a -> b
  });

  it('refuses unknown ports', () => {
    expect(checkConnection(doc, catalog, { source: 'circle', sourceHandle: 'nope', target: 'draw', targetHandle: 'mobject' }).ok).toBe(false);
    expect(checkConnection(doc, catalog, { source: null, target: 'draw', targetHandle: 'mobject' }).ok).toBe(false);
  });
});

describe('suggestions for a wire dropped in empty space', () => {
  it('lists types with a fitting input', () => {
    const out = catalog.byType.get('Circle')!.outputs[0];
    const types = typesTakingOutput(catalog, out, 'Circle').map((s) => `${s.spec.type}.${s.port}`);
    expect(types).toEqual(['Create.mobject', 'Transform.mobject', 'Scene.add']);
  });
  it('lists types with a fitting output', () => {
    const input = catalog.byType.get('Circle')!.inputs[0];
    const types = typesFeedingInput(catalog, input).map((s) => `${s.spec.type}.${s.port}`);
    expect(types).toEqual(['Number.value', 'Integer.value', 'Split.x', 'ValueTracker.value']);
  });
});
