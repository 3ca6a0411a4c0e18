import { describe, expect, it, vi } from 'vitest';
import { ApiError, type Api, type LoadedGraph } from '../api/client';
import { catalog, exampleDoc } from '../lib/fixtures';
import type { GraphDoc } from '../lib/types';
import { Editor } from './editor';

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
      state.doc = doc;
      state.etag = `e${Number(state.etag.slice(1)) + 1}`;
      return { etag: state.etag, errors: [], live: [...state.live] };
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
  const editor = new Editor(server.api);
  editor.store.setState({ catalog });
  await editor.openGraph('g');
  return { editor, ...server };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

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
    (editor as unknown as { onEvent(e: unknown): void }).onEvent({ name: 'graph.changed', data: { name: 'g', etag, source: 'file' } });
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
    (editor as unknown as { onEvent(e: unknown): void }).onEvent({ name: 'graph.changed', data: { name: 'g', etag: state.etag, source: 'file' } });
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
const emit = (editor: Editor, name: string, data: Record<string, unknown>) =>
  (editor as unknown as { onEvent(e: unknown): void }).onEvent({ name, data });

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
