import { describe, expect, it } from 'vitest';
import { specOf } from './catalog';
import { checkConnection } from './connect';
import { docToEdges, docToNodes, flowToDoc } from './convert';
import { addSubgraphNode } from './docEdit';
import { catalog } from './fixtures';
import {
  changedSubgraphs,
  interfaceSummary,
  offeredSubgraphs,
  parseInterface,
  subgraphSpec,
  usedGraphs,
  withSubgraphs,
  type InterfaceRow,
} from './subgraph';
import type { GraphDoc } from './types';

/** The interface of the contract's example, as `GET /api/graphs` sends it. */
const DOT_INTERFACE = {
  inputs: [
    { name: 'color', kind: 'color', default: 'YELLOW', description: 'Colour of the dot', list: false },
    { name: 'shape', kind: 'mobject', list: false },
  ],
  outputs: [
    { name: 'group', kind: 'mobject' },
    { name: 'intro', kind: 'animation' },
  ],
};

const dotRow: InterfaceRow = { name: 'parts/labelled_dot', title: 'Labelled dot', interface: parseInterface(DOT_INTERFACE) };
const plainRow: InterfaceRow = { name: 'intro', title: 'Intro', interface: null };

function parentDoc(): GraphDoc {
  return {
    version: 1,
    nodes: {
      circle: { type: 'Circle', pos: [0, 0] },
      a: { type: 'Subgraph', graph: 'parts/labelled_dot', params: { color: 'RED' }, inputs: { shape: 'circle' }, pos: [300, 0] },
      out: { type: 'Scene', inputs: { animations: ['a.intro'] }, pos: [600, 0] },
    },
  };
}

describe('parseInterface', () => {
  it('reads inputs with and without defaults, and outputs', () => {
    const iface = parseInterface(DOT_INTERFACE)!;
    expect(iface.inputs).toEqual([
      { name: 'color', kind: 'color', default: 'YELLOW', description: 'Colour of the dot', list: false, choices: null },
      { name: 'shape', kind: 'mobject', description: '', list: false, choices: null },
    ]);
    expect(iface.outputs).toEqual([{ name: 'group', kind: 'mobject' }, { name: 'intro', kind: 'animation' }]);
  });

  it('is null for none, and skips entries without a name or kind', () => {
    expect(parseInterface(null)).toBeNull();
    expect(parseInterface('x')).toBeNull();
    const iface = parseInterface({ inputs: [{ name: 'ok', kind: 'number', default: 0 }, { kind: 'number' }, 'junk'], outputs: [{ name: 'x' }] })!;
    expect(iface.inputs.map((i) => i.name)).toEqual(['ok']);
    expect(iface.outputs).toEqual([]);
  });
});

describe('subgraphSpec', () => {
  it('turns the interface into ports: inputs by kind, object inputs required, outputs', () => {
    const spec = subgraphSpec(dotRow, catalog.byType.get('Subgraph'));
    expect(spec.type).toBe('Subgraph');
    expect(spec.subgraph).toEqual({ graph: 'parts/labelled_dot', title: 'Labelled dot', missing: false });
    const [color, shape] = spec.inputs;
    expect(color).toMatchObject({ name: 'color', kind: 'color', default: 'YELLOW', required: false, description: 'Colour of the dot', list: false });
    expect(shape).toMatchObject({ name: 'shape', kind: 'mobject', default: undefined, required: true });
    expect(spec.outputs.map((o) => `${o.name}:${o.kind}`)).toEqual(['group:mobject', 'intro:animation']);
  });

  it('gives a graph without an interface no ports', () => {
    const spec = subgraphSpec(plainRow);
    expect(spec.inputs).toEqual([]);
    expect(spec.outputs).toEqual([]);
    expect(spec.category).toBe('Subgraph');
  });
});

describe('specOf', () => {
  const project = withSubgraphs(catalog, [dotRow, plainRow]);

  it('reads catalog types as before', () => {
    expect(specOf(project, { type: 'Circle' })).toBe(catalog.byType.get('Circle'));
    expect(specOf(project, undefined)).toBeUndefined();
    expect(specOf(project, { type: 'Nope' })).toBeUndefined();
  });

  it('gives a Subgraph node the spec of the graph it uses', () => {
    const spec = specOf(project, { type: 'Subgraph', graph: 'parts/labelled_dot' })!;
    expect(spec.outputs.map((o) => o.name)).toEqual(['group', 'intro']);
    expect(spec).toBe(project.subgraphs!.get('parts/labelled_dot'));
  });

  it('gives a Subgraph node whose graph is missing a portless spec flagged missing, the same each time', () => {
    const spec = specOf(project, { type: 'Subgraph', graph: 'parts/gone' })!;
    expect(spec.subgraph).toEqual({ graph: 'parts/gone', title: 'parts/gone', missing: true });
    expect(spec.inputs).toEqual([]);
    expect(specOf(project, { type: 'Subgraph', graph: 'parts/gone' })).toBe(spec);
    const none = specOf(project, { type: 'Subgraph' })!;
    expect(none.subgraph?.missing).toBe(true);
    expect(none.description).toMatch(/names no graph/);
  });
});

describe('withSubgraphs', () => {
  it('keeps the catalog and each spec when nothing changed, so nodes are not redrawn', () => {
    const first = withSubgraphs(catalog, [dotRow, plainRow]);
    const again = withSubgraphs(first, [{ ...dotRow, interface: parseInterface(DOT_INTERFACE) }, plainRow]);
    expect(again).toBe(first);
    expect(changedSubgraphs(first, again)).toEqual(new Set());
  });

  it('makes a new spec for a graph whose interface changed, and says which', () => {
    const first = withSubgraphs(catalog, [dotRow, plainRow]);
    const more = { ...DOT_INTERFACE, outputs: [...DOT_INTERFACE.outputs, { name: 'label', kind: 'mobject' }] };
    const next = withSubgraphs(first, [{ ...dotRow, interface: parseInterface(more) }, plainRow]);
    expect(next).not.toBe(first);
    expect(next.subgraphs!.get('intro')).toBe(first.subgraphs!.get('intro'));
    expect(next.subgraphs!.get('parts/labelled_dot')!.outputs).toHaveLength(3);
    expect(changedSubgraphs(first, next)).toEqual(new Set(['parts/labelled_dot']));
    const gone = withSubgraphs(next, [plainRow]);
    expect(changedSubgraphs(next, gone)).toEqual(new Set(['parts/labelled_dot']));
  });

  it('leaves byType alone', () => {
    expect(withSubgraphs(catalog, [dotRow]).byType).toBe(catalog.byType);
  });
});

describe('offeredSubgraphs', () => {
  const rows: InterfaceRow[] = [
    dotRow,
    plainRow,
    { name: 'main', title: 'Main', interface: parseInterface(DOT_INTERFACE) },
    { name: 'parts/empty', title: 'Empty', interface: { inputs: [], outputs: [] } },
    { name: 'parts/arrow', title: 'Arrow with tip', interface: parseInterface({ outputs: [{ name: 'arrow', kind: 'mobject' }] }) },
  ];

  it('offers the graphs that declare ports, except the open one', () => {
    expect(offeredSubgraphs(rows, 'main').map((r) => r.name)).toEqual(['parts/labelled_dot', 'parts/arrow']);
    expect(offeredSubgraphs(rows, null).map((r) => r.name)).toEqual(['parts/labelled_dot', 'main', 'parts/arrow']);
  });

  it('filters by name or title', () => {
    expect(offeredSubgraphs(rows, 'main', 'tip').map((r) => r.name)).toEqual(['parts/arrow']);
    expect(offeredSubgraphs(rows, 'main', ' PARTS/ ').map((r) => r.name)).toEqual(['parts/labelled_dot', 'parts/arrow']);
    expect(offeredSubgraphs(rows, 'main', 'zzz')).toEqual([]);
  });

  it('summarises ports for a tooltip', () => {
    expect(interfaceSummary(dotRow.interface)).toBe('in: color, shape · out: group, intro');
    expect(interfaceSummary(null)).toBe('no inputs or outputs');
  });
});

describe('Subgraph nodes in the document', () => {
  const project = withSubgraphs(catalog, [dotRow]);

  it('draw their wires in and out like any node', () => {
    const doc = parentDoc();
    const edges = docToEdges(doc, project);
    expect(edges.map((e) => `${e.source}.${e.sourceHandle}->${e.target}.${e.targetHandle}`).sort()).toEqual([
      'a.intro->out.animations#0',
      'circle.mobject->a.shape',
    ]);
    const [node] = docToNodes(doc, project).filter((n) => n.id === 'a');
    expect(node.data.spec?.subgraph?.title).toBe('Labelled dot');
  });

  it('check wire kinds against the interface', () => {
    const doc = parentDoc();
    expect(checkConnection(doc, project, { source: 'a', sourceHandle: 'group', target: 'out', targetHandle: 'add#0' }).ok).toBe(true);
    const bad = checkConnection(doc, project, { source: 'a', sourceHandle: 'intro', target: 'out', targetHandle: 'add#0' });
    expect(bad).toEqual({ ok: false, reason: 'add takes a mobject, Labelled dot.intro is an animation' });
  });

  it('keep their graph key through a round trip of the flow', () => {
    const doc = parentDoc();
    const edges = docToEdges(doc, project);
    const back = flowToDoc(doc, project, [], edges);
    expect(back.nodes.a).toBe(doc.nodes.a);
  });

  it('are added with the graph after the type and an id from the file name', () => {
    const { doc, id } = addSubgraphNode(parentDoc(), 'parts/labelled_dot', [10.4, 20.6]);
    expect(id).toBe('labelled_dot');
    expect(Object.keys(doc.nodes[id])).toEqual(['type', 'graph', 'pos']);
    expect(doc.nodes[id]).toEqual({ type: 'Subgraph', graph: 'parts/labelled_dot', pos: [10, 21] });
    expect(addSubgraphNode(doc, 'other/labelled_dot', [0, 0]).id).toBe('labelled_dot_2');
    expect(usedGraphs(doc.nodes)).toEqual(new Set(['parts/labelled_dot']));
  });
});
