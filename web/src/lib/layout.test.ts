import { describe, expect, it, vi } from 'vitest';
import type { Api, LoadedGraph } from '../api/client';
import { createEditor } from '../store/editor';
import { catalog } from './fixtures';
import { boundsOf, estimateHeight, freeSpot, type Box } from './layout';
import type { GraphDoc } from './types';

const overlap = (a: Box, b: Box) => a.x < b.x + b.width && a.x + a.width > b.x && a.y < b.y + b.height && a.y + a.height > b.y;

describe('freeSpot', () => {
  it('places a group box clear of every other box', () => {
    const boxes = [
      { x: 0, y: 0, width: 220, height: 100 },
      { x: 260, y: 0, width: 220, height: 100 },
    ];
    const size = { width: 480, height: 200 };
    const spot = freeSpot({ x: 0, y: 0 }, boxes, size);
    expect(boxes.some((b) => overlap({ ...spot, ...size }, b))).toBe(false);
  });

  it('goes below everything when the neighbourhood is full', () => {
    const wall = { x: -5000, y: -5000, width: 10000, height: 10000 };
    expect(freeSpot({ x: 0, y: 0 }, [wall])).toEqual({ x: 0, y: 5020 });
  });

  it('bounds boxes', () => {
    expect(boundsOf([{ x: 0, y: 10, width: 10, height: 10 }, { x: -5, y: 30, width: 10, height: 5 }])).toEqual({ x: -5, y: 10, width: 15, height: 25 });
  });

  it('counts the formula a MathTex node draws', () => {
    const doc: GraphDoc = { version: 1, nodes: { f: { type: 'MathTex' }, c: { type: 'Axes' } } };
    expect(estimateHeight(doc, catalog, 'f')).toBeGreaterThan(estimateHeight(doc, catalog, 'c') + 22);
  });
});

/** An editor on a one-graph server in memory. */
async function openEditor(doc: GraphDoc) {
  let etag = 1;
  const loaded = async (): Promise<LoadedGraph> => ({ name: 'g', format: 'yaml', graph: doc, errors: [], etag: `e${etag}`, live: [] });
  const api = {
    getGraph: vi.fn(loaded),
    putGraph: vi.fn(async () => ({ etag: `e${++etag}`, errors: [], live: [], job: null })),
    listGraphs: vi.fn(async () => []),
  } as unknown as Api;
  const editor = createEditor(api);
  editor.store.setState({ catalog });
  await editor.openGraph('g');
  return editor;
}

function boxes(doc: GraphDoc | null): Box[] {
  return Object.entries(doc?.nodes ?? {}).map(([id, n]) => ({
    x: n.pos![0], y: n.pos![1], width: 220, height: estimateHeight(doc!, catalog, id),
  }));
}

function noneOverlap(list: Box[]): boolean {
  return list.every((a, i) => list.every((b, j) => i === j || !overlap(a, b)));
}

describe('new and pasted nodes', () => {
  it('never land on other nodes', async () => {
    const editor = await openEditor({ version: 1, nodes: { c: { type: 'Circle', pos: [0, 0] } } });
    editor.addNode('Square', { x: 0, y: 0 });
    editor.addNode('Square', { x: 10, y: 10 });
    editor.addNodeNear('Circle', { x: 110, y: 60 });
    editor.select(['c', 'square']);
    editor.duplicateSelection();
    editor.duplicateSelection();
    const text = editor.copySelection();
    editor.paste(text);
    const doc = editor.state.doc;
    expect(Object.keys(doc?.nodes ?? {})).toHaveLength(10);
    expect(noneOverlap(boxes(doc))).toBe(true);
  });
});
