import { describe, expect, it } from 'vitest';
import { docToEdges, docToExtras, docToFlow, docToNodes, extraFlowId, extraRef, flowToDoc, FRAME_Z } from './convert';
import { catalog, exampleDoc } from './fixtures';

describe('docToFlow', () => {
  it('makes one node per document node, in order, carrying the node by reference', () => {
    const doc = exampleDoc();
    const { nodes } = docToFlow(doc, catalog);
    expect(nodes.map((n) => n.id)).toEqual(['circle', 'square', 'draw', 'morph', 'out']);
    expect(nodes[0].data.node).toBe(doc.nodes.circle);
    expect(nodes[0].position).toEqual({ x: 80, y: 120 });
    expect(nodes[0].data.spec?.type).toBe('Circle');
  });

  it('uses fallback positions for nodes without pos', () => {
    const doc = exampleDoc();
    const nodes = docToNodes(doc, catalog, { fallback: new Map([['square', { x: 5, y: 6 }]]) });
    expect(nodes[1].position).toEqual({ x: 5, y: 6 });
  });

  it('makes edges with output and input handles, list ports by slot', () => {
    const edges = docToEdges(exampleDoc(), catalog);
    const simple = edges.map((e) => [e.source, e.sourceHandle, e.target, e.targetHandle]);
    expect(simple).toEqual([
      ['circle', 'mobject', 'draw', 'mobject'],
      ['circle', 'mobject', 'morph', 'mobject'],
      ['square', 'mobject', 'morph', 'target'],
      ['draw', 'animation', 'out', 'animations#0'],
      ['morph', 'animation', 'out', 'animations#1'],
    ]);
    expect(edges[0].data?.kind).toBe('mobject');
    expect(edges[3].data?.kind).toBe('animation');
  });

  it('resolves "node.port" wires to that output', () => {
    const doc = exampleDoc();
    doc.nodes.split = { type: 'Split' };
    doc.nodes.circle = { type: 'Circle', inputs: { radius: 'split.y' } };
    const e = docToEdges(doc, catalog).find((x) => x.target === 'circle');
    expect(e).toMatchObject({ source: 'split', sourceHandle: 'y', targetHandle: 'radius' });
  });

  it('skips wires to missing nodes', () => {
    const doc = exampleDoc();
    doc.nodes.draw = { type: 'Create', inputs: { mobject: 'ghost' } };
    expect(docToEdges(doc, catalog).some((e) => e.target === 'draw')).toBe(false);
  });

  it('reuses unchanged flow nodes and keeps selection', () => {
    const doc = exampleDoc();
    const first = docToNodes(doc, catalog);
    first[0] = { ...first[0], selected: true };
    const prev = new Map(first.map((n) => [n.id, n]));
    const next = { ...doc, nodes: { ...doc.nodes, square: { ...doc.nodes.square, pos: [1, 2] as [number, number] } } };
    const second = docToNodes(next, catalog, { previous: prev });
    expect(second[0]).toBe(first[0]);
    expect(second[1]).not.toBe(first[1]);
    expect(second[1].position).toEqual({ x: 1, y: 2 });
  });

  it('marks live nodes, and wires from live nodes as animated with the class live', () => {
    const doc = exampleDoc();
    doc.nodes.t = { type: 'ValueTracker' };
    doc.nodes.circle = { type: 'Circle', inputs: { radius: 't.value' } };
    const live = new Set(['t', 'circle', 'draw']);
    const nodes = docToNodes(doc, catalog, { live });
    expect(nodes.filter((n) => n.data.live).map((n) => n.id).sort()).toEqual(['circle', 'draw', 't']);
    const edges = docToEdges(doc, catalog, undefined, live);
    const animated = edges.filter((e) => e.animated).map((e) => `${e.source}->${e.target}`);
    expect(animated.sort()).toEqual(['circle->draw', 'circle->morph', 'draw->out', 't->circle']);
    const radius = edges.find((e) => e.target === 'circle')!;
    expect(radius.className).toBe('wire wire-number live');
    expect(radius.data).toEqual({ kind: 'number', live: true });
    const still = edges.find((e) => e.source === 'square')!;
    expect(still.animated).toBeUndefined();
    expect(still.className).toBe('wire wire-mobject');
    // The tracker's own output (what animations move) is not what changes; its value is.
    doc.nodes.nudge = { type: 'Create', inputs: { mobject: 't' } };
    const tracker = docToEdges(doc, catalog, undefined, live).find((e) => e.target === 'nudge')!;
    expect(tracker.sourceHandle).toBe('tracker');
    expect(tracker.animated).toBeUndefined();
    // Without a live list nothing is live.
    expect(docToEdges(doc, catalog).some((e) => e.animated || e.data?.live)).toBe(false);
    expect(docToNodes(doc, catalog).some((n) => n.data.live)).toBe(false);
  });

  it('rebuilds flow nodes and wires whose liveness changed, and only those', () => {
    const doc = exampleDoc();
    const firstNodes = docToNodes(doc, catalog);
    const firstEdges = docToEdges(doc, catalog);
    const live = new Set(['square']);
    const nodes = docToNodes(doc, catalog, { previous: new Map(firstNodes.map((n) => [n.id, n])), live });
    const edges = docToEdges(doc, catalog, new Map(firstEdges.map((e) => [e.id, e])), live);
    expect(nodes[0]).toBe(firstNodes[0]);
    expect(nodes[1]).not.toBe(firstNodes[1]);
    expect(nodes[1].data.live).toBe(true);
    const morphTarget = edges.find((e) => e.id === 'morph:target')!;
    expect(morphTarget).not.toBe(firstEdges.find((e) => e.id === 'morph:target'));
    expect(morphTarget.animated).toBe(true);
    expect(edges.find((e) => e.id === 'draw:mobject')).toBe(firstEdges.find((e) => e.id === 'draw:mobject'));
  });
});

describe('flowToDoc', () => {
  it('round-trips without changing anything', () => {
    const doc = exampleDoc();
    const { nodes, edges } = docToFlow(doc, catalog);
    const withPos = nodes.filter((n) => doc.nodes[n.id].pos);
    const back = flowToDoc(doc, catalog, withPos, edges);
    expect(back).toBe(doc);
  });

  it('keeps unknown keys and key order untouched', () => {
    const doc = exampleDoc();
    doc.nodes.circle['x-note'] = 'mine';
    const { nodes, edges } = docToFlow(doc, catalog);
    const moved = nodes.map((n) => (n.id === 'circle' ? { ...n, position: { x: 10.4, y: 20.6 } } : n));
    const back = flowToDoc(doc, catalog, moved.filter((n) => n.id === 'circle'), edges);
    expect(Object.keys(back)).toEqual(Object.keys(doc));
    expect(back['x-editor']).toBe(doc['x-editor']);
    expect(back.description).toBe('kept');
    expect(back.scene).toBe(doc.scene);
    expect(back.nodes.circle).toEqual({ type: 'Circle', params: { radius: 1.5, color: '#58C4DD' }, pos: [10, 21], 'x-note': 'mine' });
    expect(back.nodes.square).toBe(doc.nodes.square);
    expect(back.nodes.morph).toBe(doc.nodes.morph);
  });

  it('writes new edges as wires, removing the param of a wired port', () => {
    const doc = exampleDoc();
    doc.nodes.n = { type: 'Number', params: { value: 2 } };
    const { edges } = docToFlow(doc, catalog);
    const added = [...edges, { source: 'n', sourceHandle: 'value', target: 'morph', targetHandle: 'run_time' }];
    const back = flowToDoc(doc, catalog, [], added);
    expect(back.nodes.morph).toEqual({ type: 'Transform', inputs: { mobject: 'circle', target: 'square', run_time: 'n' } });
    expect(back.nodes.circle).toBe(doc.nodes.circle);
  });

  it('orders list wires by slot and drops removed ones', () => {
    const doc = exampleDoc();
    const { edges } = docToFlow(doc, catalog);
    const swapped = edges
      .filter((e) => e.target !== 'out')
      .concat([
        { ...edges[4], targetHandle: 'animations#0' },
        { ...edges[3], targetHandle: 'animations#1' },
      ]);
    expect(flowToDoc(doc, catalog, [], swapped).nodes.out.inputs).toEqual({ animations: ['morph', 'draw'] });
    const without = edges.filter((e) => e.target !== 'draw');
    expect(flowToDoc(doc, catalog, [], without).nodes.draw).toEqual({ type: 'Create' });
  });

  it('writes "node.port" for a non-default output', () => {
    const doc = exampleDoc();
    doc.nodes.split = { type: 'Split' };
    const back = flowToDoc(doc, catalog, [], [{ source: 'split', sourceHandle: 'y', target: 'circle', targetHandle: 'radius' }]);
    expect(back.nodes.circle).toEqual({ type: 'Circle', params: { color: '#58C4DD' }, pos: [80, 120], inputs: { radius: 'split.y' } });
  });
});

describe('frames and notes', () => {
  it('become flow nodes of their own kinds, frames first and behind, with ids that never meet node ids', () => {
    const doc = exampleDoc();
    doc.canvas = {
      notes: { circle: { text: 'same id as a node', pos: [5, 6] } },
      frames: { cast: { title: 'Cast', pos: [0, 0], size: [300, 200] } },
    };
    const extras = docToExtras(doc);
    expect(extras.map((n) => [n.id, n.type])).toEqual([['frame:cast', 'frame'], ['note:circle', 'note']]);
    expect(extras[0]).toMatchObject({ position: { x: 0, y: 0 }, width: 300, height: 200, zIndex: FRAME_Z, dragHandle: '.frame-head' });
    expect(extras[1]).toMatchObject({ width: 220, height: 120 });
    expect(extraRef('note:circle')).toEqual({ kind: 'note', id: 'circle' });
    expect(extraRef('circle')).toBeNull();
    expect(extraFlowId({ kind: 'frame', id: 'cast' })).toBe('frame:cast');
    expect(docToNodes(doc, catalog).map((n) => n.id)).toEqual(['circle', 'square', 'draw', 'morph', 'out']);
  });

  it('keeps unchanged ones and their selection', () => {
    const doc = exampleDoc();
    doc.canvas = { frames: { cast: { pos: [0, 0], size: [300, 200] } } };
    const first = docToExtras(doc).map((n) => ({ ...n, selected: true }));
    const again = docToExtras(doc, new Map(first.map((n) => [n.id, n])));
    expect(again[0]).toBe(first[0]);
    const moved = { ...doc, canvas: { frames: { cast: { pos: [9, 9] as [number, number], size: [300, 200] as [number, number] } } } };
    const next = docToExtras(moved, new Map(first.map((n) => [n.id, n])));
    expect(next[0].position).toEqual({ x: 9, y: 9 });
    expect(next[0].selected).toBe(true);
  });
});
