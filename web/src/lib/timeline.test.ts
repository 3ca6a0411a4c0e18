import { describe, expect, it } from 'vitest';
import { catalog } from './fixtures';
import {
  MIN_RUN_TIME,
  blockAt,
  blockInfo,
  canRetime,
  clampRunTime,
  draggedRunTime,
  layoutBlocks,
  nudgedRunTime,
  parseTimeline,
  seekTime,
  staleReason,
  startRunTime,
  timeToX,
  timelineEnd,
  type TimelineBlock,
} from './timeline';
import type { GraphDoc } from './types';

const block = (index: number, start: number, end: number, node: string | null = `a${index}`): TimelineBlock => ({
  index, node, start, end, cached: false, thumbnail: null,
});

/** draw 0–1 s, morph 1–3 s, the Scene's hold 3–4 s. */
const THREE = [block(0, 0, 1, 'draw'), block(1, 1, 3, 'morph'), block(2, 3, 4, 'out')];

describe('parseTimeline', () => {
  it('reads the server’s blocks, in order of time', () => {
    const raw = [
      { index: 1, node: 'morph', start: 1, end: 3, cached: true, thumbnail: '/previews/g/t1.jpg' },
      { index: 0, node: null, start: 0, end: 1, cached: false, thumbnail: null },
    ];
    expect(parseTimeline(raw)).toEqual([
      { index: 0, node: null, start: 0, end: 1, cached: false, thumbnail: null },
      { index: 1, node: 'morph', start: 1, end: 3, cached: true, thumbnail: '/previews/g/t1.jpg' },
    ]);
  });

  it('reads a missing or malformed timeline as none, never as part of one', () => {
    for (const bad of [undefined, null, 'x', {}, [], [null], [{ index: 0, start: 0 }], [{ index: 0, node: 3, start: 0, end: 1 }]]) {
      expect(parseTimeline(bad)).toBeNull();
    }
    const good = { index: 0, node: 'a', start: 0, end: 1 };
    expect(parseTimeline([good, { ...good, index: 1, start: 2, end: 1 }])).toBeNull(); // ends before it starts
    expect(parseTimeline([good, { ...good, index: 1, start: -1 }])).toBeNull();
    expect(parseTimeline([good, { ...good, index: 1, start: 1, end: Infinity }])).toBeNull();
  });

  it('takes what it can of a block’s optional fields', () => {
    expect(parseTimeline([{ index: 0, start: 0, end: 1, cached: 'yes', thumbnail: '' }])).toEqual([
      { index: 0, node: null, start: 0, end: 1, cached: false, thumbnail: null },
    ]);
  });
});

describe('layoutBlocks', () => {
  it('makes widths proportional to durations, edge to edge', () => {
    expect(layoutBlocks(THREE, 400)).toEqual([
      { left: 0, width: 100 },
      { left: 100, width: 200 },
      { left: 300, width: 100 },
    ]);
  });

  it('keeps a very short block clickable, the rest still in proportion', () => {
    const blocks = [block(0, 0, 0.01), block(1, 0.01, 3.01), block(2, 3.01, 6.01)];
    const boxes = layoutBlocks(blocks, 300, 20);
    expect(boxes[0].width).toBe(20);
    expect(boxes[1].width).toBeCloseTo(140);
    expect(boxes[2].width).toBeCloseTo(140);
    expect(boxes[2].left + boxes[2].width).toBeCloseTo(300);
  });

  it('shares equally when even the minimum does not fit, and copes with no width or no time', () => {
    expect(layoutBlocks(THREE, 30, 20).map((b) => b.width)).toEqual([10, 10, 10]);
    expect(layoutBlocks(THREE, 0)).toEqual([0, 0, 0].map(() => ({ left: 0, width: 0 })));
    expect(layoutBlocks([block(0, 1, 1), block(1, 1, 1)], 100).map((b) => b.width)).toEqual([50, 50]);
    expect(layoutBlocks([], 100)).toEqual([]);
  });
});

describe('blockAt and seekTime', () => {
  it('finds the block a time falls in; a boundary belongs to the block that starts there', () => {
    expect(blockAt(THREE, 0)).toBe(0);
    expect(blockAt(THREE, 0.999)).toBe(0);
    expect(blockAt(THREE, 1)).toBe(1);
    expect(blockAt(THREE, 3.5)).toBe(2);
    expect(blockAt(THREE, 4)).toBe(2); // the video rests on its last frame
    expect(blockAt(THREE, 99)).toBe(2);
    expect(blockAt(THREE, -1)).toBe(0);
    expect(blockAt([], 1)).toBeNull();
  });

  it('seeks a hair inside a block, so the time lands in it and not in the one before', () => {
    for (const [i, b] of THREE.entries()) {
      const t = seekTime(b);
      expect(t).toBeGreaterThan(b.start);
      expect(t).toBeLessThan(b.end);
      expect(blockAt(THREE, t)).toBe(i);
    }
    expect(seekTime(block(0, 2, 2))).toBe(2);
  });

  it('puts the playhead inside the box of its block', () => {
    const boxes = layoutBlocks(THREE, 400);
    expect(timeToX(THREE, boxes, 0)).toBe(0);
    expect(timeToX(THREE, boxes, 2)).toBe(200);
    expect(timeToX(THREE, boxes, 4)).toBe(400);
    expect(timelineEnd(THREE)).toBe(4);
  });
});

describe('retiming by drag and by key', () => {
  it('turns px dragged into seconds at the block’s own scale, in steps of 0.05 s', () => {
    // 2 s drawn 200 px wide: 100 px a second.
    expect(draggedRunTime(2, 50, 100)).toEqual({ seconds: 2.5, refused: false });
    expect(draggedRunTime(2, -33, 100)).toEqual({ seconds: 1.65, refused: false });
    expect(draggedRunTime(2, 1, 100)).toEqual({ seconds: 2, refused: false });
  });

  it('refuses zero and negative durations: the shortest is kept, and it says so', () => {
    expect(draggedRunTime(2, -200, 100)).toEqual({ seconds: MIN_RUN_TIME, refused: true });
    expect(draggedRunTime(2, -500, 100)).toEqual({ seconds: MIN_RUN_TIME, refused: true });
    expect(clampRunTime(0)).toEqual({ seconds: MIN_RUN_TIME, refused: true });
    expect(clampRunTime(MIN_RUN_TIME)).toEqual({ seconds: MIN_RUN_TIME, refused: false });
  });

  it('nudges by 0.1 s a press, never below the shortest', () => {
    expect(nudgedRunTime(2, 1)).toEqual({ seconds: 2.1, refused: false });
    expect(nudgedRunTime(0.35, -1)).toEqual({ seconds: 0.25, refused: false });
    expect(nudgedRunTime(0.1, -1)).toEqual({ seconds: MIN_RUN_TIME, refused: true });
  });

  it('retimes only nodes whose type takes a run_time set as a value', () => {
    const spec = (type: string) => catalog.byType.get(type);
    expect(canRetime({ type: 'Create' }, spec('Create'))).toBe(true);
    expect(canRetime({ type: 'Scene' }, spec('Scene'))).toBe(false); // the compiler's hold
    expect(canRetime({ type: 'Create', inputs: { run_time: 'slider' } }, spec('Create'))).toBe(false); // a wire
    expect(canRetime(undefined, spec('Create'))).toBe(false); // no longer in the graph
    expect(canRetime({ type: 'Nope' }, undefined)).toBe(false);
  });

  it('starts from the node’s own run_time, else from what the block lasts', () => {
    expect(startRunTime({ type: 'Transform', params: { run_time: 2 } }, block(1, 1, 3.0667))).toBe(2);
    expect(startRunTime({ type: 'Create' }, block(0, 0, 1))).toBe(1);
    expect(startRunTime({ type: 'Create', params: { run_time: 'x' } }, block(0, 0, 1.5))).toBe(1.5);
  });
});

describe('what a block says', () => {
  const doc: GraphDoc = { version: 1, nodes: { draw: { type: 'Create' }, out: { type: 'Scene' } } };

  it('names the node and its type; the Scene’s block is its hold', () => {
    expect(blockInfo(THREE[0], doc)).toEqual({ label: 'draw', detail: 'Create', missing: false });
    expect(blockInfo(THREE[2], doc)).toEqual({ label: 'out', detail: 'hold', missing: false });
    expect(blockInfo(block(4, 0, 1, null), doc)).toEqual({ label: '#5', detail: null, missing: false });
    expect(blockInfo(THREE[0], null)).toEqual({ label: 'draw', detail: null, missing: false });
  });

  it('marks a block whose node is no longer in the graph', () => {
    expect(blockInfo(THREE[1], doc)).toEqual({ label: 'morph', detail: null, missing: true });
  });

  it('says why a timeline is older than the graph, and nothing when it is current', () => {
    expect(staleReason({ phase: 'done', stale: false }, 0)).toBeNull();
    expect(staleReason({ phase: 'rendering', stale: false }, 0)).toBeNull();
    expect(staleReason({ phase: 'failed', stale: true }, 0)).toMatch(/last render failed/);
    expect(staleReason({ phase: 'done', stale: false }, 2)).toMatch(/errors/);
    expect(staleReason({ phase: 'done', stale: true }, 0)).toMatch(/older than the graph/);
  });
});
