import { describe, expect, it, vi } from 'vitest';
import { ApiError, type Api, type LoadedGraph } from '../api/client';
import { catalog, exampleDoc } from '../lib/fixtures';
import type { GraphDoc } from '../lib/types';
import { readServerEvent } from '../api/events';
import { createEditor, type Editor } from './editor';

/** A server in memory: one graph, ETags counting up; `live` is what it says is live. */
function fakeServer(initial: GraphDoc) {
  const state = { doc: initial, etag: 'e1', puts: [] as { doc: GraphDoc; etag: string }[], live: [] as string[] };
  const load = async (): Promise<LoadedGraph> => ({
    name: 'g', format: 'yaml', graph: state.doc, errors: [], etag: state.etag, live: [...state.live],
  });
  const api = {
    getGraph: vi.fn(load),
    putGraph: vi.fn(async (_name: string, doc: GraphDoc, etag: string) => {
      state.puts.push({ doc, etag });
      if (etag !== state.etag) throw new ApiError('stale', 412, { etag: state.etag });
      const changed = JSON.stringify(doc) !== JSON.stringify(state.doc);
      state.doc = doc;
      state.etag = `e${Number(state.etag.slice(1)) + 1}`;
      return { etag: state.etag, errors: [], live: [...state.live], job: changed ? `p-${state.etag}` : null, graph: null };
    }),
    listGraphs: vi.fn(async () => []),
  } as unknown as Api;
  /** A text editor saves the file. */
  const diskWrite = (doc: GraphDoc) => {
    state.doc = doc;
    state.etag = `e${Number(state.etag.slice(1)) + 1}`;
    return state.etag;
  };
  return { api, state, diskWrite };
}

async function openEditor(doc = exampleDoc(), live: string[] = []) {
  const server = fakeServer(doc);
  server.state.live = live;
  const editor = createEditor(server.api);
  editor.store.setState({ catalog });
  await editor.openGraph('g');
  return { editor, ...server };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

/** The server sends an event (checked as the event stream checks it). */
function emit(editor: Editor, name: string, data: Record<string, unknown>) {
  const e = readServerEvent(name, data);
  if (!e) throw new Error(`not an event: ${name} ${JSON.stringify(data)}`);
  editor.onServerEvent(e);
}

describe('Editor', () => {
  it('opens a graph into flow nodes and edges', async () => {
    const { editor } = await openEditor();
    const s = editor.state;
    expect(s.nodes.map((n) => n.id)).toEqual(['circle', 'square', 'draw', 'morph', 'out']);
    expect(s.edges).toHaveLength(5);
    expect(s.saveState).toBe('saved');
  });

  it('saves edits with If-Match and keeps the new ETag', async () => {
    const { editor, state } = await openEditor();
    editor.setParam('circle', 'radius', 2);
    expect(editor.state.saveState).toBe('unsaved');
    await editor.flushSave();
    expect(state.puts).toHaveLength(1);
    expect(state.puts[0].etag).toBe('e1');
    expect(state.puts[0].doc.nodes.circle.params).toEqual({ radius: 2, color: '#58C4DD' });
    expect(editor.state.etag).toBe('e2');
    expect(editor.state.saveState).toBe('saved');
  });

  it('undoes and redoes edits, coalescing typing in one field', async () => {
    const { editor } = await openEditor();
    editor.setParam('circle', 'radius', 2);
    editor.setParam('circle', 'radius', 2.5);
    editor.addNode('Square', { x: 0, y: 0 });
    expect(Object.keys(editor.state.doc!.nodes)).toContain('square_2');
    editor.undo();
    expect(Object.keys(editor.state.doc!.nodes)).not.toContain('square_2');
    editor.undo();
    expect(editor.state.doc!.nodes.circle.params!.radius).toBe(1.5);
    editor.redo();
    expect(editor.state.doc!.nodes.circle.params!.radius).toBe(2.5);
  });

  it('updates in place when the file changes on disk, keeping the selection', async () => {
    const { editor, diskWrite } = await openEditor();
    editor.select(['square']);
    const changed = exampleDoc();
    changed.nodes.circle.params = { radius: 3 };
    const etag = diskWrite(changed);
    emit(editor, 'graph.changed', { name: 'g', etag, source: 'file' });
    await flush();
    expect(editor.state.doc!.nodes.circle.params).toEqual({ radius: 3 });
    expect(editor.state.selection).toEqual(['square']);
    expect(editor.state.nodes.find((n) => n.id === 'square')!.selected).toBe(true);
    expect(editor.state.conflict).toBeNull();
    expect(editor.state.etag).toBe(etag);
  });

  it('asks which version to keep when a save is stale, and loses nothing', async () => {
    const { editor, diskWrite, state } = await openEditor();
    const theirs = exampleDoc();
    theirs.nodes.square.params = { side_length: 9 };
    diskWrite(theirs);
    editor.setParam('circle', 'radius', 4);
    await editor.flushSave();
    const c = editor.state.conflict!;
    expect(c).not.toBeNull();
    expect(c.mine.nodes.circle.params!.radius).toBe(4);
    expect(c.theirs.nodes.square.params).toEqual({ side_length: 9 });
    expect(editor.state.saveState).toBe('conflict');

    await editor.resolveConflict('theirs');
    expect(editor.state.doc!.nodes.square.params).toEqual({ side_length: 9 });
    expect(editor.state.saveState).toBe('saved');
    editor.undo();
    expect(editor.state.doc!.nodes.circle.params!.radius).toBe(4);
    await editor.flushSave();
    await flush();
    expect(state.doc.nodes.circle.params!.radius).toBe(4);
  });

  it('keeps mine by saving over the new ETag', async () => {
    const { editor, diskWrite, state } = await openEditor();
    diskWrite({ ...exampleDoc(), name: 'theirs' });
    editor.setParam('circle', 'radius', 4);
    editor.select(['circle']);
    emit(editor, 'graph.changed', { name: 'g', etag: state.etag, source: 'file' });
    await flush();
    await flush();
    expect(editor.state.conflict?.reason).toBe('remote');
    await editor.resolveConflict('mine');
    expect(state.doc.nodes.circle.params!.radius).toBe(4);
    expect(state.doc.name).toBe('Circle to square');
    expect(editor.state.saveState).toBe('saved');
    editor.undo();
    expect(editor.state.doc!.name).toBe('theirs');
  });

  it('refuses invalid wires and writes valid ones', async () => {
    const { editor } = await openEditor();
    expect(editor.isValidConnection({ source: 'circle', sourceHandle: 'mobject', target: 'out', targetHandle: 'animations#2' })).toBe(false);
    editor.connect({ source: 'circle', sourceHandle: 'mobject', target: 'out', targetHandle: 'animations#2' });
    expect(editor.state.doc!.nodes.out.inputs!.animations).toEqual(['draw', 'morph']);
    editor.connect({ source: 'circle', sourceHandle: 'mobject', target: 'out', targetHandle: 'add#0' });
    expect(editor.state.doc!.nodes.out.inputs!.add).toEqual(['circle']);
  });

  it('adds a node from a wire dropped in empty space, already wired', async () => {
    const { editor } = await openEditor();
    const id = editor.addNode('Create', { x: 10, y: 10 }, { node: 'square', handle: 'mobject', type: 'source' }, 'mobject');
    expect(editor.state.doc!.nodes[id!].inputs).toEqual({ mobject: 'square' });
    const id2 = editor.addNode('Create', { x: 10, y: 10 }, { node: 'out', handle: 'animations#2', type: 'target' }, 'animation');
    expect(editor.state.doc!.nodes.out.inputs!.animations).toEqual(['draw', 'morph', id2]);
  });

  it('copies and pastes node groups', async () => {
    const { editor } = await openEditor();
    editor.select(['circle', 'draw']);
    const text = editor.copySelection();
    expect(editor.paste(text)).toBe(true);
    expect(editor.state.selection).toEqual(['circle_2', 'create']);
    expect(editor.state.doc!.nodes.create.inputs).toEqual({ mobject: 'circle_2' });
  });

  it('commits positions when a drag ends', async () => {
    const { editor } = await openEditor();
    editor.onNodesChange([{ type: 'position', id: 'square', position: { x: 10.4, y: 20.6 }, dragging: true }]);
    expect(editor.state.doc!.nodes.square.pos).toBeUndefined();
    editor.onNodesChange([{ type: 'position', id: 'square', dragging: false }]);
    expect(editor.state.doc!.nodes.square.pos).toEqual([10, 21]);
  });
});

/** A tracker drives a circle's radius; the square is not live. */
function trackerDoc(): GraphDoc {
  const doc = exampleDoc();
  doc.nodes = {
    t: { type: 'ValueTracker', params: { value: 1 } },
    circle: { type: 'Circle', inputs: { radius: 't.value' } },
    square: { type: 'Square' },
    draw: { type: 'Create', inputs: { mobject: 'circle' } },
    grow: { type: 'Create', inputs: { mobject: 'square' } },
    out: { type: 'Scene', inputs: { animations: ['draw', 'grow'] } },
  };
  return doc;
}

const liveIds = (editor: Editor) => [...editor.state.live].sort();
const liveEdges = (editor: Editor) => editor.state.edges.filter((e) => e.animated).map((e) => e.id);

describe('Editor: live nodes', () => {
  it('keeps the live list of a loaded graph and marks its nodes and wires', async () => {
    const { editor } = await openEditor(trackerDoc(), ['t', 'circle', 'draw']);
    expect(liveIds(editor)).toEqual(['circle', 'draw', 't']);
    const byId = new Map(editor.state.nodes.map((n) => [n.id, n]));
    expect(byId.get('t')!.data.live).toBe(true);
    expect(byId.get('circle')!.data.live).toBe(true);
    expect(byId.get('square')!.data.live).toBe(false);
    // Wires out of live nodes are animated; the others are not.
    expect(liveEdges(editor).sort()).toEqual(['circle:radius', 'draw:mobject', 'out:animations#0']);
    const wire = editor.state.edges.find((e) => e.id === 'circle:radius')!;
    expect(wire.className).toContain('live');
    expect(wire.data?.live).toBe(true);
    const still = editor.state.edges.find((e) => e.id === 'grow:mobject')!;
    expect(still.animated).toBeFalsy();
    expect(still.className).not.toContain('live');
  });

  it('takes the live list of every save', async () => {
    const { editor, state } = await openEditor(trackerDoc(), ['t', 'circle', 'draw']);
    // The square now follows the tracker too: the server says so when it is saved.
    editor.apply((d) => ({ ...d, nodes: { ...d.nodes, square: { type: 'Square', inputs: { side_length: 't.value' } } } }));
    expect(liveIds(editor)).toEqual(['circle', 'draw', 't']);
    state.live = ['t', 'circle', 'draw', 'square', 'grow'];
    await editor.flushSave();
    expect(liveIds(editor)).toEqual(['circle', 'draw', 'grow', 'square', 't']);
    expect(editor.state.nodes.find((n) => n.id === 'square')!.data.live).toBe(true);
    expect(liveEdges(editor)).toContain('grow:mobject');
  });

  it('re-reads the live list when the file changes elsewhere, and clears it when the graph is invalid', async () => {
    const { editor, state, diskWrite } = await openEditor(trackerDoc(), ['t', 'circle', 'draw']);
    const changed = trackerDoc();
    changed.nodes.circle = { type: 'Circle', params: { radius: 2 } };
    state.live = ['t'];
    const etag = diskWrite(changed);
    emit(editor, 'graph.changed', { name: 'g', etag, source: 'file' });
    await flush();
    expect(liveIds(editor)).toEqual(['t']);
    expect(editor.state.nodes.find((n) => n.id === 'circle')!.data.live).toBe(false);
    expect(liveEdges(editor)).toEqual([]);

    emit(editor, 'graph.invalid', { name: 'g', errors: [{ path: '/nodes/t', message: 'bad', node: 't' }] });
    expect(liveIds(editor)).toEqual([]);
    expect(editor.state.nodes.every((n) => !n.data.live)).toBe(true);
  });

  it('keeps node and wire objects when the live list does not change', async () => {
    const { editor, state } = await openEditor(trackerDoc(), ['t', 'circle', 'draw']);
    const before = editor.state;
    editor.setParam('square', 'side_length', 3);
    await editor.flushSave();
    expect(state.puts).toHaveLength(1);
    expect(editor.state.live).toBe(before.live);
    expect(editor.state.nodes.find((n) => n.id === 't')).toBe(before.nodes.find((n) => n.id === 't'));
    expect(editor.state.edges.find((e) => e.id === 'circle:radius')).toBe(before.edges.find((e) => e.id === 'circle:radius'));
  });

  it('takes their live list when a conflict is settled with their version', async () => {
    const { editor, state, diskWrite } = await openEditor(trackerDoc(), ['t', 'circle', 'draw']);
    state.live = [];
    diskWrite(exampleDoc());
    editor.setParam('square', 'side_length', 4);
    await editor.flushSave();
    expect(editor.state.conflict?.theirLive).toEqual([]);
    await editor.resolveConflict('theirs');
    expect(liveIds(editor)).toEqual([]);
  });
});

/** The next save waits at the server until `release()` is called. */
function holdNextPut(api: Api): () => void {
  const put = vi.mocked(api.putGraph);
  const real = put.getMockImplementation()!;
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  put.mockImplementationOnce(async (...args) => {
    await held;
    return real(...args);
  });
  return () => release();
}

describe('Editor: save and sync state', () => {
  it('shows a waiting save, the request in flight and the result as state', async () => {
    const { editor, api } = await openEditor();
    expect(editor.state).toMatchObject({ dirty: false, saving: false, timers: { save: false } });
    editor.setParam('circle', 'radius', 2);
    expect(editor.state).toMatchObject({ dirty: true, saving: false, saveState: 'unsaved', timers: { save: true } });
    const release = holdNextPut(api);
    const saved = editor.flushSave();
    expect(editor.state).toMatchObject({ saving: true, saveState: 'saving', timers: { save: false } });
    // Another edit while the save is in flight: it is saved after it.
    editor.setParam('circle', 'radius', 3);
    await editor.save();
    expect(editor.state.saveAgain).toBe(true);
    release();
    await saved;
    expect(editor.state).toMatchObject({ saving: false, saveAgain: false, dirty: true, saveState: 'unsaved', timers: { save: true } });
    await editor.flushSave();
    expect(editor.state).toMatchObject({ dirty: false, saveState: 'saved', timers: { save: false } });
    expect(editor.state.doc!.nodes.circle.params!.radius).toBe(3);
  });

  it('holds a change from elsewhere that arrives during a save until the save is done', async () => {
    const { editor, api, state, diskWrite } = await openEditor();
    editor.setParam('circle', 'radius', 2);
    const release = holdNextPut(api);
    const saved = editor.flushSave();
    emit(editor, 'graph.changed', { name: 'g', etag: 'elsewhere', source: 'file' });
    expect(editor.state.pendingRemote).toBe('elsewhere');
    release();
    await saved;
    expect(editor.state.pendingRemote).toBeNull();
    // The save won the race (the server took it); the file changes again afterwards.
    const changed = { ...state.doc, name: 'Renamed on disk' };
    const etag = diskWrite(changed);
    emit(editor, 'graph.changed', { name: 'g', etag, source: 'file' });
    await flush();
    expect(editor.state.doc!.name).toBe('Renamed on disk');
    expect(editor.state.conflict).toBeNull();
  });

  it('keeps a conflict in state and saves nothing until it is settled', async () => {
    const { editor, diskWrite, state } = await openEditor();
    diskWrite({ ...exampleDoc(), name: 'theirs' });
    editor.setParam('circle', 'radius', 4);
    await editor.flushSave();
    expect(editor.state.conflict?.reason).toBe('stale');
    expect(editor.state.timers.save).toBe(false);
    editor.setParam('circle', 'radius', 5);
    expect(editor.state.doc!.nodes.circle.params!.radius).toBe(4);
    expect(state.puts).toHaveLength(1);
  });
});

describe('Editor: edits for components', () => {
  it('moves the end of a wire to another input', async () => {
    const { editor } = await openEditor();
    const old = editor.state.edges.find((e) => e.id === 'morph:target')!;
    editor.reconnect(old, { source: 'square', sourceHandle: 'mobject', target: 'draw', targetHandle: 'mobject' });
    expect(editor.state.doc!.nodes.morph.inputs).toEqual({ mobject: 'circle' });
    expect(editor.state.doc!.nodes.draw.inputs).toEqual({ mobject: 'square' });
    editor.undo();
    expect(editor.state.doc!.nodes.morph.inputs).toEqual({ mobject: 'circle', target: 'square' });
  });

  it('removes a port the node type does not have', async () => {
    const doc = exampleDoc();
    doc.nodes.circle = { type: 'Circle', params: { radius: 1, bogus: 2 }, pos: [0, 0] };
    const { editor } = await openEditor(doc);
    editor.removePort('circle', 'bogus');
    expect(editor.state.doc!.nodes.circle.params).toEqual({ radius: 1 });
  });

  it('pastes where the pointer is', async () => {
    const { editor } = await openEditor();
    editor.select(['circle']);
    const text = editor.copySelection();
    editor.setPointer({ x: 500, y: 300 });
    editor.paste(text);
    expect(editor.state.doc!.nodes.circle_2.pos).toEqual([500, 300]);
  });
});

describe('Editor: render and export events', () => {
  it('follows a render of the open graph and ignores the others', async () => {
    const { editor } = await openEditor();
    emit(editor, 'render.started', { name: 'other', job: 'p0' });
    expect(editor.state.render.phase).toBe('idle');
    emit(editor, 'render.started', { name: 'g', job: 'p1' });
    expect(editor.state.render).toMatchObject({ phase: 'rendering', job: 'p1', percent: null });
    emit(editor, 'render.progress', { job: 'p1', percent: 30 });
    expect(editor.state.render.percent).toBe(30);
    emit(editor, 'render.progress', { job: 'p9', percent: 60 });
    expect(editor.state.render.percent).toBe(30);
    emit(editor, 'render.frame', { name: 'g', job: 'p1', image: '/previews/g/a.png', cached: false });
    expect(editor.state.render.image).toBe('/previews/g/a.png?v=p1');
    emit(editor, 'render.finished', { name: 'g', job: 'p1', image: '/previews/g/a.png', video: '/previews/g/a.mp4', seconds: 0.5, cached: false });
    expect(editor.state.render).toMatchObject({ phase: 'done', percent: 100, seconds: 0.5, video: '/previews/g/a.mp4?v=p1', stale: false });
    expect(editor.state.timers.list).toBe(true);
    editor.stop();
    expect(editor.state.timers.list).toBe(false);
  });

  it('waits for the preview job a save started, and for nothing when it started none', async () => {
    const { editor, api } = await openEditor();
    editor.setParam('circle', 'radius', 2);
    await editor.flushSave();
    const job = (await vi.mocked(api.putGraph).mock.results.at(-1)!.value).job;
    expect(editor.state.render).toMatchObject({ phase: 'queued', job });
    expect(editor.state.timers).not.toHaveProperty('queued'); // no timer guesses when to give up
    emit(editor, 'render.started', { name: 'g', job });
    expect(editor.state.render).toMatchObject({ phase: 'rendering', job });
    vi.mocked(api.putGraph).mockResolvedValueOnce({ etag: 'e9', errors: [], live: [], job: null, graph: null });
    editor.setParam('circle', 'radius', 2.5);
    await editor.flushSave();
    expect(editor.state.render).toMatchObject({ phase: 'rendering', job }); // unchanged by a save that started none
    editor.stop();
  });

  it('ignores the cancelled job a newer save superseded', async () => {
    const { editor } = await openEditor();
    emit(editor, 'render.started', { name: 'g', job: 'p2' });
    emit(editor, 'render.failed', { name: 'g', job: 'p1', error: 'cancelled: superseded', timeout: false, cancelled: true, node: null });
    expect(editor.state.render).toMatchObject({ phase: 'rendering', job: 'p2', error: null });
    editor.stop();
  });

  it('marks a failed render stale and points at its node', async () => {
    const { editor } = await openEditor();
    emit(editor, 'render.finished', { name: 'g', job: 'p1', image: '/a.png', video: null, seconds: 1, cached: true });
    emit(editor, 'render.failed', { name: 'g', job: 'p2', error: 'boom', timeout: false, node: 'square' });
    expect(editor.state.render).toMatchObject({ phase: 'failed', error: 'boom', node: 'square', stale: true, image: '/a.png?v=p1' });
    // The failure is a problem on its node (where the canvas marks it), carrying the engine's error.
    expect(editor.state.renderProblem).toMatchObject({ node: 'square', path: '/nodes/square', message: expect.stringContaining('boom') });
    expect(editor.state.problemsByNode.get('square')).toHaveLength(1);
    emit(editor, 'render.finished', { name: 'g', job: 'p3', image: '/b.png', video: null, seconds: 1, cached: false });
    expect(editor.state.renderProblem).toBeNull();
    editor.stop();
  });

  it('updates the exports it started', async () => {
    const { editor, api } = await openEditor();
    Object.assign(api, { exportGraph: vi.fn(async () => 'x1'), exports: vi.fn(async () => [{ file: 'g.mp4' }]) });
    await editor.startExport('high', 'mp4');
    emit(editor, 'export.progress', { name: 'g', job: 'x1', percent: 40 });
    emit(editor, 'export.progress', { name: 'g', job: 'x2', percent: 90 });
    expect(editor.state.exportJobs).toMatchObject([{ job: 'x1', percent: 40, state: 'running' }]);
    emit(editor, 'export.finished', { name: 'g', job: 'x1', file: '/exports/g.mp4' });
    expect(editor.state.exportJobs).toMatchObject([{ job: 'x1', percent: 100, state: 'done', file: '/exports/g.mp4' }]);
    await flush();
    expect(editor.state.pastExports).toEqual([{ file: 'g.mp4' }]);
  });
});

describe('Editor: saves that cross', () => {
  it('takes a save the server merged into a newer file, in place', async () => {
    const { editor, api } = await openEditor();
    const merged = exampleDoc();
    merged.nodes.circle.params = { radius: 2, color: '#58C4DD' };
    merged.nodes.square.params = { side_length: 9 };
    vi.mocked(api.putGraph).mockResolvedValueOnce({ etag: 'e7', errors: [], live: [], job: 'p', graph: merged });
    editor.setParam('circle', 'radius', 2);
    await editor.flushSave();
    expect(editor.state.doc).toEqual(merged);
    expect(editor.state).toMatchObject({ etag: 'e7', dirty: false, saveState: 'saved' });
    expect(editor.state.toast?.message).toMatch(/merged/);
    editor.undo(); // the version before the merge is one undo away
    expect(editor.state.doc!.nodes.square.params).toEqual({ side_length: 3, color: 'RED' });
  });

  it('saves unsaved edits at once when the file changes elsewhere, for the server to merge', async () => {
    const { editor, api, diskWrite } = await openEditor();
    editor.setParam('circle', 'radius', 2);
    const etag = diskWrite({ ...exampleDoc(), name: 'theirs' });
    emit(editor, 'graph.changed', { name: 'g', etag, source: 'file' });
    await flush();
    expect(vi.mocked(api.putGraph).mock.calls[0][2]).toBe('e1'); // from the version the edits started from
  });

  it('says what a save from elsewhere removed, and restores it with its wires', async () => {
    const { editor, diskWrite } = await openEditor();
    const theirs = exampleDoc();
    delete theirs.nodes.morph;
    theirs.nodes.out.inputs = { animations: ['draw'] };
    emit(editor, 'graph.changed', { name: 'g', etag: diskWrite(theirs), source: 'file' });
    await flush();
    expect(editor.state.doc!.nodes.morph).toBeUndefined();
    const toast = editor.state.toast!;
    expect(toast.message).toBe('A save from elsewhere removed morph');
    toast.action!.run();
    expect(editor.state.doc!.nodes.morph).toEqual(exampleDoc().nodes.morph);
    expect(editor.state.doc!.nodes.out.inputs).toEqual({ animations: ['draw', 'morph'] });
    expect(editor.state.saveState).toBe('unsaved');
  });

  it('offers the values a merge overrode back', async () => {
    const { editor, diskWrite } = await openEditor();
    const theirs = exampleDoc();
    theirs.nodes.circle.params = { radius: 7, color: '#58C4DD' };
    const etag = diskWrite(theirs);
    const conflict = { path: ['nodes', 'circle', 'params', 'radius'], node: 'circle', base: { value: 1 }, ours: { value: 1.5 }, theirs: { value: 7 } };
    emit(editor, 'graph.changed', { name: 'g', etag, source: 'merge', merge: { kept: { added: [], removed: [], changed: [] }, conflicts: [conflict] } });
    await flush();
    const toast = editor.state.toast!;
    expect(toast.message).toBe('A save from elsewhere changed circle · radius to 7 (yours was 1.5)');
    toast.action!.run();
    expect(editor.state.doc!.nodes.circle.params!.radius).toBe(1.5);
  });

  it('shows the node-level diff of a refused save and keeps theirs where both changed on request', async () => {
    const { editor, api, diskWrite } = await openEditor();
    const theirs = exampleDoc();
    theirs.nodes.circle.params = { radius: 7, color: '#58C4DD' };
    theirs.nodes.square.params = { side_length: 9 };
    const etag = diskWrite(theirs);
    const merged = exampleDoc();
    merged.nodes.circle.params = { radius: 4, color: '#58C4DD' };
    merged.nodes.square.params = { side_length: 9 };
    const conflict = { path: ['nodes', 'circle', 'params', 'radius'], node: 'circle', base: { value: 1.5 }, ours: { value: 4 }, theirs: { value: 7 } };
    vi.mocked(api.putGraph).mockRejectedValueOnce(
      new ApiError('stale', 412, {
        etag, graph: theirs, live: [], merged, conflicts: [conflict], base_known: true,
        diff: { added: [], removed: [], changed: [{ path: conflict.path, old: 7, new: 4 }] },
      }),
    );
    editor.setParam('circle', 'radius', 4);
    await editor.flushSave();
    const c = editor.state.conflict!;
    expect(c.conflicts).toHaveLength(1);
    expect(c.diff?.changed[0].path).toEqual(conflict.path);
    expect(vi.mocked(api.getGraph)).toHaveBeenCalledTimes(1); // the answer held theirs: no second read
    await editor.resolveConflict('merge-theirs');
    expect(editor.state.doc!.nodes.circle.params!.radius).toBe(7);
    expect(editor.state.doc!.nodes.square.params).toEqual({ side_length: 9 });
  });
});

describe('Editor: edits kept in the browser', () => {
  /** A localStorage for Node, as the browser's would hold it. */
  function withStorage(): Map<string, string> {
    const items = new Map<string, string>();
    const storage = {
      getItem: (k: string) => items.get(k) ?? null,
      setItem: (k: string, v: string) => void items.set(k, v),
      removeItem: (k: string) => void items.delete(k),
    };
    Object.defineProperty(globalThis, 'localStorage', { value: storage, configurable: true });
    return items;
  }

  it('merges edits from an earlier visit into a file changed since, through the server', async () => {
    const items = withStorage();
    try {
      const mine = exampleDoc();
      mine.nodes.circle.params = { radius: 9, color: '#58C4DD' };
      items.set('manim-nodes:unsaved:g', JSON.stringify({ doc: mine, etag: 'e0', at: 1 }));
      const merged = exampleDoc();
      merged.nodes.circle.params = { radius: 9, color: '#58C4DD' };
      merged.name = 'Renamed on disk';
      const server = fakeServer({ ...exampleDoc(), name: 'Renamed on disk' });
      vi.mocked(server.api.putGraph).mockResolvedValueOnce({ etag: 'e5', errors: [], live: [], job: null, graph: merged });
      const editor = createEditor(server.api);
      editor.store.setState({ catalog });
      await editor.openGraph('g');
      await flush();
      expect(vi.mocked(server.api.putGraph).mock.calls[0][2]).toBe('e0'); // from the version the edits started from
      expect(editor.state.conflict).toBeNull();
      expect(editor.state.doc).toEqual(merged);
      expect(editor.state).toMatchObject({ etag: 'e5', saveState: 'saved' });
      expect(items.has('manim-nodes:unsaved:g')).toBe(false);
    } finally {
      Reflect.deleteProperty(globalThis, 'localStorage');
    }
  });

  it('asks, with the node-level diff, when the server cannot merge them', async () => {
    const items = withStorage();
    try {
      const mine = exampleDoc();
      delete mine.nodes.square;
      items.set('manim-nodes:unsaved:g', JSON.stringify({ doc: mine, etag: 'e0', at: 1 }));
      const server = fakeServer({ ...exampleDoc(), name: 'Renamed on disk' });
      vi.mocked(server.api.putGraph).mockRejectedValueOnce(
        new ApiError('stale', 412, {
          etag: 'e1', graph: server.state.doc, live: [], merged: mine, conflicts: [], base_known: false,
          diff: { added: [], removed: ['square'], changed: [] },
        }),
      );
      const editor = createEditor(server.api);
      editor.store.setState({ catalog });
      await editor.openGraph('g');
      await flush();
      expect(editor.state.conflict?.reason).toBe('restored');
      expect(editor.state.conflict?.diff?.removed).toEqual(['square']);
    } finally {
      Reflect.deleteProperty(globalThis, 'localStorage');
    }
  });
});
