import { describe, expect, it, vi } from 'vitest';
import { ApiError, type Api, type GraphSummary, type LoadedGraph } from '../api/client';
import { readServerEvent } from '../api/events';
import { catalog } from '../lib/fixtures';
import { parseInterface } from '../lib/subgraph';
import type { GraphDoc } from '../lib/types';
import { createEditor, type Editor } from './editor';

const DOT_INTERFACE = {
  inputs: [
    { name: 'color', kind: 'color', default: 'YELLOW', list: false },
    { name: 'shape', kind: 'mobject', list: false },
  ],
  outputs: [
    { name: 'group', kind: 'mobject' },
    { name: 'intro', kind: 'animation' },
  ],
};

function mainDoc(): GraphDoc {
  return {
    version: 1,
    nodes: {
      circle: { type: 'Circle', pos: [0, 0] },
      square: { type: 'Square', pos: [0, 200] },
      a: { type: 'Subgraph', graph: 'parts/labelled_dot', inputs: { shape: 'circle' }, pos: [300, 0] },
      draw: { type: 'Create', inputs: { mobject: 'square' }, pos: [300, 200] },
      out: { type: 'Scene', inputs: { animations: ['a.intro', 'draw'] }, pos: [600, 0] },
    },
  };
}

function dotDoc(): GraphDoc {
  return { version: 1, nodes: { dot: { type: 'Circle', pos: [0, 0] }, label: { type: 'Subgraph', graph: 'parts/label', pos: [200, 0] } } };
}

/** A folder in memory: graphs by name with ETags counting up, and the extract endpoint. */
function fakeProject() {
  const files = new Map<string, { doc: GraphDoc; etag: number; iface: unknown }>([
    ['main', { doc: mainDoc(), etag: 1, iface: null }],
    ['parts/labelled_dot', { doc: dotDoc(), etag: 1, iface: DOT_INTERFACE }],
    ['parts/label', { doc: { version: 1, nodes: {} }, etag: 1, iface: { inputs: [], outputs: [{ name: 'text', kind: 'mobject' }] } }],
  ]);
  const calls: string[] = [];
  const tag = (name: string) => `${name}@${files.get(name)!.etag}`;
  /** `duringExtract` runs while an extract request is out (an event arriving before its answer, an edit...). */
  const hooks: { duringExtract: (() => void) | null } = { duringExtract: null };
  const load = async (name: string): Promise<LoadedGraph> => {
    const f = files.get(name);
    if (!f) throw new ApiError(`No graph named ${name}`, 404);
    return { name, format: 'yaml', graph: f.doc, errors: [], etag: tag(name), live: [] };
  };
  const api = {
    getGraph: vi.fn(load),
    listGraphs: vi.fn(
      async (): Promise<GraphSummary[]> =>
        [...files].map(([name, f]) => ({
          name, format: 'yaml', title: name, modified: '', valid: true, errors: 0, preview: null, interface: parseInterface(f.iface),
        })),
    ),
    putGraph: vi.fn(async (name: string, doc: GraphDoc, etag: string) => {
      calls.push(`PUT ${name} ${etag}`);
      const f = files.get(name)!;
      if (etag !== tag(name)) throw new ApiError('stale', 412, {});
      f.doc = doc;
      f.etag += 1;
      return { etag: tag(name), errors: [], live: [], job: null, graph: null };
    }),
    extractSubgraph: vi.fn(async (name: string, nodes: string[], into: string, id: string, etag: string) => {
      calls.push(`EXTRACT ${name} ${etag} ${nodes.join(',')} -> ${into} as ${id}`);
      const f = files.get(name)!;
      if (etag !== tag(name)) throw new ApiError('The graph changed since', 412);
      if (files.has(into)) throw new ApiError(`A graph named ${into} exists`, 409);
      const kept = Object.fromEntries(Object.entries(f.doc.nodes).filter(([k]) => !nodes.includes(k)));
      kept[id] = { type: 'Subgraph', graph: into, inputs: { mobject: 'square' }, pos: [300, 200] };
      kept.out = { type: 'Scene', inputs: { animations: ['a.intro', `${id}.anim`] }, pos: [600, 0] };
      f.doc = { ...f.doc, nodes: kept };
      f.etag += 1;
      files.set(into, { doc: { version: 1, nodes: {} }, etag: 1, iface: { inputs: [{ name: 'mobject', kind: 'mobject' }], outputs: [{ name: 'anim', kind: 'animation' }] } });
      hooks.duringExtract?.();
      await Promise.resolve();
      return { parent: { name, format: 'yaml', graph: f.doc, errors: [], etag: tag(name), live: [] }, created: into };
    }),
  } as unknown as Api;
  return {
    api,
    files,
    calls,
    tag,
    hooks,
  };
}

async function openProject() {
  const project = fakeProject();
  const editor = createEditor(project.api);
  editor.store.setState({ catalog });
  await editor.refreshGraphs();
  await editor.openGraph('main');
  return { editor, ...project };
}

function emit(editor: Editor, name: string, data: Record<string, unknown>) {
  const e = readServerEvent(name, data);
  if (!e) throw new Error(`not an event: ${name}`);
  editor.onServerEvent(e);
}

const portsOf = (editor: Editor, id: string) => {
  const spec = editor.state.nodes.find((n) => n.id === id)!.data.spec!;
  return { inputs: spec.inputs.map((i) => i.name), outputs: spec.outputs.map((o) => o.name) };
};

describe('Subgraph nodes', () => {
  it('take their ports from the graph list, and draw their wires', async () => {
    const { editor } = await openProject();
    expect(portsOf(editor, 'a')).toEqual({ inputs: ['color', 'shape'], outputs: ['group', 'intro'] });
    expect(editor.state.edges.map((e) => e.id).sort()).toEqual(['a:shape', 'draw:mobject', 'out:animations#0', 'out:animations#1']);
    editor.setParam('a', 'color', 'RED');
    expect(editor.state.doc!.nodes.a).toMatchObject({ type: 'Subgraph', graph: 'parts/labelled_dot', params: { color: 'RED' } });
  });

  it('follow a change of the interface when the graph list is read again', async () => {
    const { editor, files } = await openProject();
    files.get('parts/labelled_dot')!.iface = { ...DOT_INTERFACE, outputs: [{ name: 'group', kind: 'mobject' }] };
    await editor.refreshGraphs();
    expect(portsOf(editor, 'a').outputs).toEqual(['group']);
    // the wire from the output that went is no longer drawn (the server reports it on the node)
    expect(editor.state.edges.map((e) => e.id)).not.toContain('out:animations#0');
  });

  it('read the open graph\'s problems again when a graph it uses changes (its own file did not)', async () => {
    const { editor, api, tag } = await openProject();
    editor.setProblems([{ message: "no graph named 'parts/labelled_dot'", path: '/nodes/a/graph', node: 'a', port: null, severity: 'error' }] as never);
    expect(editor.state.problems).toHaveLength(1);
    const reads = vi.mocked(api.getGraph).mock.calls.length;
    emit(editor, 'graph.changed', { name: 'main', etag: tag('main'), source: 'subgraph', subgraph: 'parts/labelled_dot' });
    await vi.waitFor(() => expect(editor.state.problems).toHaveLength(0));
    expect(vi.mocked(api.getGraph).mock.calls.length).toBe(reads + 1);
  });

  it('show as missing when their graph is not in the folder', async () => {
    const { editor, files } = await openProject();
    files.delete('parts/labelled_dot');
    await editor.refreshGraphs();
    const spec = editor.state.nodes.find((n) => n.id === 'a')!.data.spec!;
    expect(spec.subgraph).toMatchObject({ graph: 'parts/labelled_dot', missing: true });
  });

  it('are added from the project with their graph set', async () => {
    const { editor } = await openProject();
    const id = editor.addSubgraph('parts/label', { x: 900, y: 0 })!;
    expect(id).toBe('label');
    expect(editor.state.doc!.nodes.label).toMatchObject({ type: 'Subgraph', graph: 'parts/label' });
    expect(portsOf(editor, 'label').outputs).toEqual(['text']);
    expect(editor.state.selection).toEqual(['label']);
  });
});

describe('Opening subgraphs', () => {
  it('opens the graph a node uses and comes back along the trail, the node selected', async () => {
    const { editor } = await openProject();
    await editor.openSubgraph('a');
    expect(editor.state.name).toBe('parts/labelled_dot');
    expect(editor.state.trail).toEqual([{ graph: 'main', node: 'a', into: 'parts/labelled_dot' }]);
    await editor.openSubgraph('label');
    expect(editor.state.name).toBe('parts/label');
    expect(editor.state.trail).toHaveLength(2);

    await editor.goBack();
    expect(editor.state.name).toBe('parts/labelled_dot');
    expect(editor.state.selection).toEqual(['label']);
    await editor.goBack(0);
    expect(editor.state.name).toBe('main');
    expect(editor.state.trail).toEqual([]);
    expect(editor.state.selection).toEqual(['a']);
  });

  it('saves edits before going in', async () => {
    const { editor, files } = await openProject();
    editor.setParam('circle', 'radius', 3);
    await editor.openSubgraph('a');
    expect(files.get('main')!.doc.nodes.circle.params).toEqual({ radius: 3 });
  });

  it('drops the trail when another graph is opened from the list', async () => {
    const { editor } = await openProject();
    await editor.openSubgraph('a');
    await editor.openGraph('parts/label');
    expect(editor.state.trail).toEqual([]);
  });

  it('stays put when the graph cannot be opened', async () => {
    const { editor, files } = await openProject();
    files.delete('parts/labelled_dot');
    await editor.openSubgraph('a');
    expect(editor.state.name).toBe('main');
    expect(editor.state.trail).toEqual([]);
    expect(editor.state.toast?.message).toMatch(/Could not open parts\/labelled_dot/);
  });
});

describe('Making a subgraph', () => {
  it('saves pending edits first, then extracts from the saved version and shows the parent in place', async () => {
    const { editor, calls, files, tag } = await openProject();
    editor.setParam('circle', 'radius', 2); // waiting to be saved
    expect(editor.state.saveState).toBe('unsaved');
    const ok = await editor.extractSubgraph(['square', 'draw'], 'parts/drawn', 'drawn');
    expect(ok).toBe(true);
    expect(calls).toEqual(['PUT main main@1', 'EXTRACT main main@2 square,draw -> parts/drawn as drawn']);
    const s = editor.state;
    expect(s.etag).toBe(tag('main'));
    expect(s.dirty).toBe(false);
    expect(s.saveState).toBe('saved');
    expect(Object.keys(s.doc!.nodes).sort()).toEqual(['a', 'circle', 'drawn', 'out']);
    expect(s.doc!.nodes.circle.params).toEqual({ radius: 2 });
    expect(portsOf(editor, 'drawn')).toEqual({ inputs: ['mobject'], outputs: ['anim'] }); // the new graph's ports, at once
    expect(s.selection).toEqual(['drawn']);
    expect(files.has('parts/drawn')).toBe(true);
    // one undo step brings the nodes back
    editor.undo();
    expect(Object.keys(editor.state.doc!.nodes)).toContain('square');
  });

  it('takes its own change event, arriving before the answer, as no change from elsewhere', async () => {
    const project = await openProject();
    const { editor } = project;
    project.hooks.duringExtract = () => emit(editor, 'graph.changed', { name: 'main', etag: project.tag('main'), source: 'browser' });
    await editor.extractSubgraph(['square', 'draw'], 'parts/drawn', 'drawn');
    await new Promise((r) => setTimeout(r, 0));
    expect(editor.state.toast?.message).toMatch(/^Moved square, draw into parts\/drawn/);
    expect(editor.state.conflict).toBeNull();
  });

  it('merges an edit made while the request was out by saving it from its own version', async () => {
    const project = await openProject();
    const { editor, calls } = project;
    project.hooks.duringExtract = () => editor.setParam('circle', 'radius', 5);
    await editor.extractSubgraph(['square', 'draw'], 'parts/drawn', 'drawn');
    expect(editor.state.saveState).toBe('unsaved');
    await editor.flushSave();
    // saved from the version the edit started from: the server merges it into the new file
    expect(calls[calls.length - 1]).toBe('PUT main main@1');
  });

  it('says why and changes nothing when the server refuses', async () => {
    const { editor } = await openProject();
    const before = editor.state.doc;
    expect(await editor.extractSubgraph(['square'], 'parts/labelled_dot', 'dot2')).toBe(false);
    expect(editor.state.toast?.message).toBe('Could not make parts/labelled_dot: A graph named parts/labelled_dot exists');
    expect(editor.state.doc).toBe(before);
    expect(editor.state.saving).toBe(false);
    expect(editor.state.saveState).toBe('saved');
  });

  it('asks for a name for the selected nodes that exist', async () => {
    const { editor } = await openProject();
    editor.askExtract(['square', 'nope', 'draw']);
    expect(editor.state.dialog).toBe('extract');
    expect(editor.state.extractIds).toEqual(['square', 'draw']);
  });
});
