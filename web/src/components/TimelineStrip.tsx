/**
 * The timeline under the preview (issue 13.3): one block per animation, as wide as it lasts, with
 * its node's name and a picture of its last frame. Click a block to see the video there, "play from
 * here" to play it from there; the playhead marks the block the video shows. Where the editor lets
 * it, a block's right edge drags (or Shift+Left/Right on the block) to change its node's run_time.
 *
 * The strip knows nothing of the store: the editor and the preview window give it what it shows
 * and what to do, so both pages draw the same strip.
 */
import { Play } from 'lucide-react';
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import {
  KEY_STEP,
  MIN_RUN_TIME,
  blockAt,
  blockInfo,
  draggedRunTime,
  duration,
  fmtSeconds,
  layoutBlocks,
  nudgedRunTime,
  seekTime,
  timeToX,
  type BlockBox,
  type BlockInfo,
  type Retimed,
  type TimelineBlock,
} from '../lib/timeline';
import { usePlayerTime, type PreviewPlayer } from './previewPlayer';

/** No block is drawn narrower than this, however short it is. */
const MIN_BLOCK_PX = 14;
/** Below this width a block shows only its picture (its name is in its tooltip). */
const LABEL_MIN_PX = 44;

export interface TimelineStripProps {
  blocks: TimelineBlock[];
  player: PreviewPlayer;
  /** Why the strip is older than the graph (shown dimmed, with a badge); null when it is current. */
  stale: string | null;
  /** The `index` of the animation rendering now, or null. */
  rendering: number | null;
  /** There is a video to seek (else the blocks only tell what is in the scene). */
  canSeek: boolean;
  /** Called before a seek: the editor shows the video if the last frame was shown. */
  beforeSeek?: () => void;
  /** What a block says of its node (default: its id). */
  info?: (b: TimelineBlock) => BlockInfo;
  /** The run_time a retime of this block starts from; null when it cannot be retimed (no handle). */
  runTimeOf?: (b: TimelineBlock) => number | null;
  /** A drag or key press asked for a new run_time (already rounded, at least MIN_RUN_TIME). */
  onRetime?: (b: TimelineBlock, r: Retimed) => void;
  /** Nodes selected elsewhere (the canvas): their blocks are highlighted. */
  selected?: readonly string[];
  /** The node of the block under the playhead changed (null: none, or no video shows). */
  onActiveNode?: (node: string | null) => void;
}

interface Drag {
  index: number;
  x: number;
  from: number;
  pxPerSecond: number;
  now: Retimed;
  pointer: number;
}

/** The strip's width in px, followed as the panel resizes. */
function useWidth<T extends HTMLElement>(): [React.RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

const defaultInfo = (b: TimelineBlock): BlockInfo => blockInfo(b, null);

function blockTitle(b: TimelineBlock, info: BlockInfo, retimable: boolean, canSeek: boolean): string {
  const what = info.detail ? `${info.label} (${info.detail})` : info.label;
  const lines = [`${what}: ${fmtSeconds(b.start)} to ${fmtSeconds(b.end)}, ${fmtSeconds(duration(b))}${b.cached ? ' · from the cache' : ''}`];
  if (info.missing) lines.push('This node is no longer in the graph.');
  lines.push(canSeek ? 'Click to show the video here · double-click to play from here' : 'No video to show yet');
  if (retimable) lines.push(`Drag the right edge, or press Shift+←/→, to change run_time (by ${KEY_STEP} s)`);
  return lines.join('\n');
}

interface BlockProps {
  i: number;
  block: TimelineBlock;
  box: BlockBox;
  info: BlockInfo;
  retimable: boolean;
  active: boolean;
  selected: boolean;
  rendering: boolean;
  rendered: boolean;
  canSeek: boolean;
  /** While its edge is dragged: the run_time asked for, and the width that shows it. */
  dragged: { now: Retimed; width: number } | null;
  onSeek(i: number, play: boolean): void;
  onKey(i: number, e: React.KeyboardEvent<HTMLElement>): void;
  onEdgeDown(i: number, e: React.PointerEvent<HTMLDivElement>): void;
  onEdgeMove(e: React.PointerEvent<HTMLDivElement>): void;
  onEdgeUp(e: React.PointerEvent<HTMLDivElement>): void;
}

const Block = memo(function Block(p: BlockProps) {
  const { block, box, info, dragged } = p;
  const width = dragged ? dragged.width : box.width;
  const classes = [
    'tl-block',
    p.active && 'active',
    p.selected && 'selected',
    info.missing && 'missing',
    block.cached && 'cached',
    p.rendering && 'rendering',
    p.rendered && 'rendered',
    dragged && 'dragging',
    width < LABEL_MIN_PX && 'compact',
  ]
    .filter(Boolean)
    .join(' ');
  const label = info.detail ? `${info.label} ${info.detail}` : info.label;
  return (
    <div
      className={classes}
      style={{ left: box.left, width }}
      data-testid={`timeline-block-${p.i}`}
      data-node={block.node ?? ''}
      data-start={block.start}
      data-end={block.end}
      data-cached={block.cached}
      aria-busy={p.rendering || undefined}
    >
      <button
        type="button"
        className="tl-seek"
        onClick={() => p.onSeek(p.i, false)}
        onDoubleClick={() => p.onSeek(p.i, true)}
        onKeyDown={(e) => p.onKey(p.i, e)}
        aria-label={`${label}, ${fmtSeconds(duration(block))}${info.missing ? ', no longer in the graph' : ''}`}
        aria-current={p.active || undefined}
        title={blockTitle(block, info, p.retimable, p.canSeek)}
      >
        {block.thumbnail && <img className="tl-thumb" src={block.thumbnail} alt="" loading="lazy" draggable={false} />}
        <span className="tl-label">
          <span className="tl-name">{info.label}</span>
          {info.detail && <span className="tl-type">{info.detail}</span>}
        </span>
        {dragged && <span className={`tl-live${dragged.now.refused ? ' refused' : ''}`}>{fmtSeconds(dragged.now.seconds)}</span>}
      </button>
      {p.canSeek && (
        <button
          type="button"
          className="tl-play"
          onClick={() => p.onSeek(p.i, true)}
          aria-label={`Play from ${info.label}`}
          title="Play from here"
        >
          <Play size={9} aria-hidden />
        </button>
      )}
      {p.retimable && (
        <div
          className="tl-edge"
          role="separator"
          aria-orientation="vertical"
          aria-label={`run_time of ${info.label}`}
          aria-valuemin={MIN_RUN_TIME}
          aria-valuenow={dragged?.now.seconds}
          title="Drag to change run_time"
          data-testid={`timeline-edge-${p.i}`}
          onPointerDown={(e) => p.onEdgeDown(p.i, e)}
          onPointerMove={p.onEdgeMove}
          onPointerUp={p.onEdgeUp}
          onPointerCancel={p.onEdgeUp}
        />
      )}
    </div>
  );
});

/** The line at the video's time; re-renders on every frame while the video plays, alone. */
const Playhead = memo(function Playhead({ player, blocks, boxes }: { player: PreviewPlayer; blocks: TimelineBlock[]; boxes: BlockBox[] }) {
  const time = usePlayerTime(player);
  if (time === null) return null;
  return <div className="tl-playhead" style={{ transform: `translateX(${timeToX(blocks, boxes, time)}px)` }} data-testid="timeline-playhead" aria-hidden />;
});

export const TimelineStrip = memo(function TimelineStrip({
  blocks,
  player,
  stale,
  rendering,
  canSeek,
  beforeSeek,
  info = defaultInfo,
  runTimeOf,
  onRetime,
  selected,
  onActiveNode,
}: TimelineStripProps) {
  const [track, width] = useWidth<HTMLDivElement>();
  const boxes = useMemo(() => layoutBlocks(blocks, width, MIN_BLOCK_PX), [blocks, width]);
  const active = usePlayerTime(player, (t) => (t === null ? null : blockAt(blocks, t)));
  const [drag, setDrag] = useState<Drag | null>(null);
  const [hint, setHint] = useState<string | null>(null);
  const infos = useMemo(() => blocks.map(info), [blocks, info]);
  const runTimes = useMemo(() => blocks.map((b) => runTimeOf?.(b) ?? null), [blocks, runTimeOf]);
  const picked = useMemo(() => new Set(selected ?? []), [selected]);

  // What the handlers read: the latest props, without making the memoized blocks redraw.
  const latest = useRef({ blocks, boxes, runTimes, onRetime, beforeSeek, player, drag, canSeek });
  latest.current = { blocks, boxes, runTimes, onRetime, beforeSeek, player, drag, canSeek };

  const activeNode = active === null ? null : (blocks[active]?.node ?? null);
  useEffect(() => {
    onActiveNode?.(activeNode);
  }, [activeNode, onActiveNode]);
  useEffect(() => () => onActiveNode?.(null), [onActiveNode]);

  const commit = useCallback((i: number, r: Retimed) => {
    const { blocks: bs, onRetime: retime } = latest.current;
    retime?.(bs[i], r);
    setHint(r.refused ? `run_time must be more than 0: kept at the shortest, ${fmtSeconds(MIN_RUN_TIME)}` : null);
  }, []);

  const onSeek = useCallback((i: number, play: boolean) => {
    const { blocks: bs, beforeSeek: before, player: pl, canSeek: seekable } = latest.current;
    if (!seekable) return;
    before?.();
    pl.seek(seekTime(bs[i]), play);
  }, []);

  const onKey = useCallback(
    (i: number, e: React.KeyboardEvent<HTMLElement>) => {
      if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
      const direction = e.key === 'ArrowLeft' ? -1 : 1;
      e.preventDefault();
      const from = latest.current.runTimes[i];
      if (e.shiftKey && from !== null) {
        const r = nudgedRunTime(from, direction);
        if (r.seconds !== from) commit(i, r);
        else if (r.refused) setHint(`run_time is at its shortest, ${fmtSeconds(MIN_RUN_TIME)}`);
        return;
      }
      // Left and right move between blocks.
      const strip = e.currentTarget.closest('.tl-track');
      const next = strip?.querySelectorAll<HTMLButtonElement>('.tl-seek')[i + direction];
      next?.focus();
    },
    [commit],
  );

  const onEdgeDown = useCallback((i: number, e: React.PointerEvent<HTMLDivElement>) => {
    const { blocks: bs, boxes: bx, runTimes: rt } = latest.current;
    const from = rt[i];
    if (e.button !== 0 || from === null) return;
    e.preventDefault();
    e.stopPropagation();
    e.currentTarget.setPointerCapture(e.pointerId);
    const pxPerSecond = bx[i].width / Math.max(duration(bs[i]), 0.05);
    setDrag({ index: i, x: e.clientX, from, pxPerSecond, now: { seconds: from, refused: false }, pointer: e.pointerId });
    setHint(null);
  }, []);

  const onEdgeMove = useCallback((e: React.PointerEvent<HTMLDivElement>) => {
    const d = latest.current.drag;
    if (!d || e.pointerId !== d.pointer) return;
    const now = draggedRunTime(d.from, e.clientX - d.x, d.pxPerSecond);
    if (now.seconds !== d.now.seconds || now.refused !== d.now.refused) setDrag({ ...d, now });
  }, []);

  const onEdgeUp = useCallback(
    (e: React.PointerEvent<HTMLDivElement>) => {
      const d = latest.current.drag;
      if (!d || e.pointerId !== d.pointer) return;
      setDrag(null);
      if (e.type === 'pointercancel') return;
      if (d.now.seconds !== d.from) commit(d.index, d.now);
      else if (d.now.refused) setHint(`run_time must be more than 0: it stays at ${fmtSeconds(d.from)}`);
    },
    [commit],
  );

  // Escape drops a drag under way.
  useEffect(() => {
    if (!drag) return;
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setDrag(null);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [drag]);

  // A refusal stays a few seconds, then goes.
  useEffect(() => {
    if (!hint) return;
    const t = setTimeout(() => setHint(null), 4000);
    return () => clearTimeout(t);
  }, [hint]);

  const liveHint = drag
    ? drag.now.refused
      ? `run_time must be more than 0: the shortest is ${fmtSeconds(MIN_RUN_TIME)}`
      : `run_time ${fmtSeconds(drag.now.seconds)} (was ${fmtSeconds(drag.from)}) · Esc cancels`
    : hint;

  return (
    <div
      className={`timeline${stale ? ' stale' : ''}`}
      data-testid="timeline"
      data-stale={stale ? 'true' : 'false'}
      role="group"
      aria-label="Timeline: one block per animation"
    >
      <div className="tl-track" ref={track}>
        {width > 0 &&
          blocks.map((b, i) => {
            const d = drag?.index === i ? drag : null;
            return (
              <Block
                key={`${i}:${b.index}`}
                i={i}
                block={b}
                box={boxes[i]}
                info={infos[i]}
                retimable={runTimes[i] !== null && !!onRetime}
                active={active === i}
                selected={b.node !== null && picked.has(b.node)}
                rendering={rendering !== null && b.index === rendering}
                rendered={rendering !== null && b.index < rendering}
                canSeek={canSeek}
                dragged={d ? { now: d.now, width: Math.max(MIN_BLOCK_PX, boxes[i].width + (d.now.seconds - d.from) * d.pxPerSecond) } : null}
                onSeek={onSeek}
                onKey={onKey}
                onEdgeDown={onEdgeDown}
                onEdgeMove={onEdgeMove}
                onEdgeUp={onEdgeUp}
              />
            );
          })}
        {width > 0 && <Playhead player={player} blocks={blocks} boxes={boxes} />}
        {stale && (
          <span className="tl-stale-badge" title={stale} data-testid="timeline-stale">
            stale
          </span>
        )}
      </div>
      {(liveHint || stale) && (
        <div className={`tl-hint${drag?.now.refused || hint ? ' refused' : ''}`} role="status">
          {liveHint ?? stale}
        </div>
      )}
    </div>
  );
});
