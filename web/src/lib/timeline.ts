/**
 * The preview's timeline (issue 13): one block per animation of the rendered scene, as the server
 * sends it in `render.finished` and in the graph list. Pure logic for the strip under the preview:
 * reading the server's data, laying blocks out, which block a video time falls in, and the
 * `run_time` a drag or a key press asks for.
 */
import type { DocNode, GraphDoc, NodeSpec } from './types';

/** One animation of the preview: a `self.play`, or a `self.wait` (the compiler's hold included). */
export interface TimelineBlock {
  index: number;
  /** The graph node this animation comes from (the Scene node for the compiler's hold), or null. */
  node: string | null;
  /** Seconds into the preview video. */
  start: number;
  end: number;
  /** Taken from the cache rather than rendered again. */
  cached: boolean;
  /** URL of a small picture of the animation's last frame. */
  thumbnail: string | null;
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function parseBlock(v: unknown): TimelineBlock | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const o = v as Record<string, unknown>;
  const { index, start, end } = o;
  if (!finite(index) || !finite(start) || !finite(end) || start < 0 || end < start) return null;
  if (o.node !== null && o.node !== undefined && typeof o.node !== 'string') return null;
  return {
    index,
    node: typeof o.node === 'string' ? o.node : null,
    start,
    end,
    cached: o.cached === true,
    thumbnail: typeof o.thumbnail === 'string' && o.thumbnail ? o.thumbnail : null,
  };
}

/**
 * The server's `timeline`, or null for none. One malformed block drops the whole timeline: a strip
 * with a block missing would put every later block at the wrong time.
 */
export function parseTimeline(v: unknown): TimelineBlock[] | null {
  if (!Array.isArray(v) || v.length === 0) return null;
  const blocks: TimelineBlock[] = [];
  for (const item of v) {
    const block = parseBlock(item);
    if (!block) return null;
    blocks.push(block);
  }
  return blocks.sort((a, b) => a.start - b.start || a.index - b.index);
}

/** Where the timeline ends: the length of the video it describes. */
export function timelineEnd(blocks: readonly TimelineBlock[]): number {
  return blocks.reduce((end, b) => Math.max(end, b.end), 0);
}

export const duration = (b: TimelineBlock): number => b.end - b.start;

/** A block's place in the strip, in px from its left edge. */
export interface BlockBox {
  left: number;
  width: number;
}

/**
 * Each block's box in a strip `width` px wide: widths proportional to durations, except that no
 * block is narrower than `minWidth` (a 0.1 s block in a minute would be unclickable); the others
 * share what is left, still in proportion. When even that cannot fit, every block gets an equal share.
 */
export function layoutBlocks(blocks: readonly TimelineBlock[], width: number, minWidth = 0): BlockBox[] {
  const n = blocks.length;
  if (n === 0 || width <= 0) return blocks.map(() => ({ left: 0, width: 0 }));
  if (minWidth * n >= width) return blocks.map((_, i) => ({ left: (i * width) / n, width: width / n }));
  const durations = blocks.map(duration);
  const pinned = new Set<number>();
  let widths: number[] = [];
  // Pin the blocks that come out too narrow, then share again among the rest: at most n rounds.
  for (let round = 0; round <= n; round++) {
    const free = durations.reduce((sum, d, i) => (pinned.has(i) ? sum : sum + d), 0);
    const room = width - minWidth * pinned.size;
    const freeCount = n - pinned.size;
    widths = durations.map((d, i) => (pinned.has(i) ? minWidth : free > 0 ? (room * d) / free : room / freeCount));
    const narrow = widths.findIndex((w, i) => !pinned.has(i) && w < minWidth);
    if (narrow < 0) break;
    widths.forEach((w, i) => {
      if (w < minWidth) pinned.add(i);
    });
  }
  let left = 0;
  return widths.map((w) => {
    const box = { left, width: w };
    left += w;
    return box;
  });
}

/**
 * The block (its position in `blocks`) that shows at video time `time`: the one whose [start, end)
 * holds it. Past the end, the last block (the video rests on its last frame); in a gap, the block
 * before it; before the first, the first. Null only for an empty timeline.
 */
export function blockAt(blocks: readonly TimelineBlock[], time: number): number | null {
  if (blocks.length === 0) return null;
  let found = 0;
  for (let i = 0; i < blocks.length; i++) {
    if (blocks[i].start <= time) found = i;
    else break;
  }
  return found;
}

/** A hair past a block's start, so that the video's time lands inside the block and not on the end
 * of the one before (which shares that instant). */
export const SEEK_INSIDE = 0.001;

/** Where a click on a block takes the video. */
export function seekTime(b: TimelineBlock): number {
  return b.start + Math.min(SEEK_INSIDE, duration(b) / 2);
}

/** Px from the strip's left edge of video time `time`, inside the box of the block that holds it
 * (the boxes are not all in proportion, so one scale for the whole strip would not do). */
export function timeToX(blocks: readonly TimelineBlock[], boxes: readonly BlockBox[], time: number): number {
  const i = blockAt(blocks, time);
  if (i === null) return 0;
  const b = blocks[i];
  const box = boxes[i];
  const d = duration(b);
  const f = d > 0 ? Math.min(1, Math.max(0, (time - b.start) / d)) : 1;
  return box.left + f * box.width;
}

// ------------------------------------------------------------------ retiming

/** The shortest `run_time` a drag may set: zero or less is no animation at all, and Manim refuses it. */
export const MIN_RUN_TIME = 0.1;
/** A drag moves `run_time` in steps of this, so the file gets `2.35`, not `2.3466666`. */
export const DRAG_STEP = 0.05;
/** What Shift+Left/Right changes `run_time` by. */
export const KEY_STEP = 0.1;

export interface Retimed {
  seconds: number;
  /** The user asked for less than MIN_RUN_TIME: `seconds` is that minimum instead. */
  refused: boolean;
}

const roundTo = (x: number, step: number): number => Number((Math.round(x / step) * step).toFixed(6));

/** `seconds` rounded to `step`, or the minimum (and a refusal) when that is below it. */
export function clampRunTime(seconds: number, step = DRAG_STEP): Retimed {
  const snapped = roundTo(seconds, step);
  return snapped < MIN_RUN_TIME ? { seconds: MIN_RUN_TIME, refused: true } : { seconds: snapped, refused: false };
}

/** The `run_time` after dragging a block's right edge `dx` px, where its box draws `pxPerSecond`. */
export function draggedRunTime(from: number, dx: number, pxPerSecond: number): Retimed {
  if (!(pxPerSecond > 0)) return clampRunTime(from);
  return clampRunTime(from + dx / pxPerSecond);
}

/** The `run_time` after one Shift+Arrow press (`direction` -1 or 1). */
export function nudgedRunTime(from: number, direction: -1 | 1): Retimed {
  return clampRunTime(from + direction * KEY_STEP, KEY_STEP / 2);
}

/**
 * Whether a drag may retime this node: its type takes a `run_time` (the compiler's hold and a Scene
 * do not) and the port holds a value rather than a wire (which the strip cannot change).
 */
export function canRetime(node: DocNode | undefined, spec: NodeSpec | null | undefined): boolean {
  if (!node || !spec?.inputs.some((i) => i.name === 'run_time')) return false;
  return node.inputs?.run_time === undefined;
}

/** The `run_time` a drag starts from: the node's own value when it has one, else what the block lasts. */
export function startRunTime(node: DocNode | undefined, block: TimelineBlock): number {
  const own = node?.params?.run_time;
  return finite(own) && own > 0 ? own : roundTo(duration(block), 0.001);
}

// ------------------------------------------------------------------ what a block shows

export interface BlockInfo {
  /** The node's id, or a word for a block without one. */
  label: string;
  /** The node's type, when known. */
  detail: string | null;
  /** The node is no longer in the graph (renamed or deleted since this timeline was rendered). */
  missing: boolean;
}

/** What a block says of its node, looked up in the open graph `doc` (null: not known here). */
export function blockInfo(block: TimelineBlock, doc: GraphDoc | null): BlockInfo {
  if (block.node === null) return { label: `#${block.index + 1}`, detail: null, missing: false };
  if (!doc) return { label: block.node, detail: null, missing: false };
  const node = doc.nodes[block.node];
  if (!node) return { label: block.node, detail: null, missing: true };
  return { label: block.node, detail: node.type === 'Scene' ? 'hold' : node.type, missing: false };
}

/** Why the strip is older than the graph, or null when it shows the graph as it is. */
export function staleReason(render: { phase: string; stale: boolean }, errors: number): string | null {
  if (render.phase === 'failed') return 'The last render failed: this timeline is from the last preview that rendered.';
  if (errors > 0) return 'The graph has errors: this timeline is from its last valid version.';
  if (render.stale) return 'The preview is older than the graph: this timeline may not match it.';
  return null;
}

/** A duration as the strip shows it: `2 s`, `0.35 s`. */
export function fmtSeconds(s: number): string {
  return `${Number(s.toFixed(2))} s`;
}
