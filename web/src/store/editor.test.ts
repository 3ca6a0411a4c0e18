import { describe, expect, it, vi } from 'vitest';
import { ApiError, type Api, type LoadedGraph } from '../api/client';
import { catalog, exampleDoc } from '../lib/fixtures';
import type { GraphDoc } from '../lib/types';
import { Editor } from './editor';

/** A server in memory: one graph, ETags counting up. */
function fakeServer(initial: GraphDoc) {
  const state = { doc: initial, etag: 'e1', puts: [] as { doc: GraphDoc; etag: string }[] };
  const load = async (): Promise<LoadedGraph> => ({ name: 'g', format: 'yaml', graph: state.doc, errors: [], etag: state.etag });
  const api = {
    getGraph: vi.fn(load),
    putGraph: vi.fn(async (_name: string, doc: GraphDoc, etag: string) => {
      state.puts.push({ doc, etag });
      if (etag !== state.etag) throw new ApiError('stale', 412, { etag: state.etag });
      state.doc = doc;
      state.etag = `e${Number(state.etag.slice(1)) + 1}`;
      return { etag: state.etag, errors: [] };
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

async function openEditor(doc = exampleDoc()) {
  const server = fakeServer(doc);
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
