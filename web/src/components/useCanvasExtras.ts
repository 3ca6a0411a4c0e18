/**
 * Frames and notes on the canvas, beside the graph nodes of the store. Their flow state
 * (where they are mid-drag, which are selected) lives here, next to React Flow, because only
 * the canvas needs it; the document stays the truth and every finished gesture is one edit.
 *
 * Dragging a frame moves its members: the nodes, notes and frames whose top-left corner lies
 * inside it when the drag starts. The drag's end writes every position as one undo step.
 */
import { applyNodeChanges, type NodeChange, type NodePositionChange } from '@xyflow/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { docToExtras, extraFlowId, extraRef, type CanvasFlowNode, type ExtraFlowNode, type GraphFlowNode } from '../lib/convert';
import { insideBox, type ExtraRef } from '../lib/docEdit';
import { NODE_WIDTH } from '../lib/layout';
import { useEditor } from '../store/context';
import type { Editor } from '../store/editor';
import { requestEdit } from './canvasEditing';

type Point = { x: number; y: number };

interface Drag {
  /** Each dragged frame's position when the drag started. */
  frames: Map<string, Point>;
  /** Each member (by flow id): the frame it follows and where it started. */
  members: Map<string, { frame: string; start: Point }>;
}

function typing(target: EventTarget | null): boolean {
  const el = target instanceof HTMLElement ? target : null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

function positionChanges(changes: NodeChange<CanvasFlowNode>[], dragging: boolean): NodePositionChange[] {
  return changes.flatMap((c) => (c.type === 'position' && c.dragging === dragging && c.position ? [c] : []));
}

/** The members of every frame in `moving`, at their places before the drag. */
function startDrag(moving: NodePositionChange[], graph: GraphFlowNode[], extras: ExtraFlowNode[]): Drag | null {
  const dragged = new Set(moving.map((c) => c.id));
  if (![...dragged].some((id) => extraRef(id))) return null;
  const items: CanvasFlowNode[] = [...extras, ...graph];
  const drag: Drag = { frames: new Map(), members: new Map() };
  for (const frame of extras) {
    if (frame.type !== 'frame' || !dragged.has(frame.id)) continue;
    drag.frames.set(frame.id, frame.position);
    const box = { ...frame.position, width: frame.width ?? NODE_WIDTH, height: frame.height ?? 0 };
    for (const item of items) {
      if (item.id === frame.id || dragged.has(item.id) || drag.members.has(item.id)) continue;
      if (insideBox(item.position, box)) drag.members.set(item.id, { frame: frame.id, start: item.position });
    }
  }
  return drag;
}

/** Where the members of the frames moved by `changes` go. */
function memberMoves(drag: Drag, changes: NodePositionChange[], dragging: boolean | undefined): NodePositionChange[] {
  const out: NodePositionChange[] = [];
  for (const c of changes) {
    const from = drag.frames.get(c.id);
    if (!from || !c.position) continue;
    const dx = c.position.x - from.x;
    const dy = c.position.y - from.y;
    for (const [id, m] of drag.members) {
      if (m.frame === c.id) out.push({ id, type: 'position', position: { x: m.start.x + dx, y: m.start.y + dy }, dragging });
    }
  }
  return out;
}

export interface CanvasExtras {
  extras: ExtraFlowNode[];
  onNodesChange(changes: NodeChange<CanvasFlowNode>[]): void;
  /** Select these frames and notes (flow ids) and no others. */
  selectExtras(ids: string[]): void;
  selectedExtras(): ExtraRef[];
}

export function useCanvasExtras(editor: Editor): CanvasExtras {
  const canvas = useEditor((s) => s.doc?.canvas);
  const hasDoc = useEditor((s) => s.doc !== null);
  const [extras, setExtras] = useState<ExtraFlowNode[]>([]);
  const current = useRef<ExtraFlowNode[]>([]);
  const drag = useRef<Drag | null>(null);
  const pendingSelection = useRef<string[] | null>(null);

  const put = useCallback((next: ExtraFlowNode[]) => {
    current.current = next;
    setExtras(next);
  }, []);

  // The document changed (an edit, undo, a save from a text editor): show what it says now.
  useEffect(() => {
    const doc = editor.state.doc;
    put(doc ? docToExtras(doc, new Map(current.current.map((n) => [n.id, n]))) : []);
  }, [canvas, hasDoc, editor, put]);

  const onNodesChange = useCallback(
    (changes: NodeChange<CanvasFlowNode>[]) => {
      const moving = positionChanges(changes, true);
      if (moving.length && !drag.current) drag.current = startDrag(moving, editor.state.nodes, current.current);
      let all = changes;
      const d = drag.current;
      if (d && moving.length) all = [...all, ...memberMoves(d, moving, true)];
      const ended = positionChanges(changes, false);
      let finals: NodePositionChange[] = [];
      if (d && ended.length) {
        // The store does not write these one by one: the drag is written below, as one edit.
        finals = [...ended, ...memberMoves(d, ended, undefined)].map((c) => ({ ...c, dragging: undefined }));
        const done = new Set(ended.map((c) => c.id));
        all = [...all.filter((c) => !(c.type === 'position' && done.has(c.id))), ...finals];
        drag.current = null;
      }
      const graph: NodeChange<GraphFlowNode>[] = [];
      const own: NodeChange<ExtraFlowNode>[] = [];
      for (const c of all) {
        // Frames and notes only ever get position, size, select and remove changes, never items.
        if (c.type === 'add' || c.type === 'replace') continue;
        (extraRef(c.id) ? own : graph).push(c);
      }
      if (own.length) put(applyNodeChanges(own, current.current));
      if (graph.length) editor.onNodesChange(graph);
      if (finals.length) {
        const nodes = new Map<string, Point>();
        const moved: { ref: ExtraRef; to: Point }[] = [];
        for (const c of finals) {
          const ref = extraRef(c.id);
          if (ref && c.position) moved.push({ ref, to: c.position });
          else if (c.position) nodes.set(c.id, c.position);
        }
        editor.moveItems(nodes, moved);
      }
    },
    [editor, put],
  );

  const selectExtras = useCallback(
    (ids: string[]) => {
      const want = new Set(ids);
      put(current.current.map((n) => (!!n.selected === want.has(n.id) ? n : { ...n, selected: want.has(n.id) })));
    },
    [put],
  );

  const selectedExtras = useCallback(
    () => current.current.flatMap((n) => (n.selected ? [extraRef(n.id)].filter((r): r is ExtraRef => r !== null) : [])),
    [],
  );

  // Delete and duplicate act on selected frames and notes too (before the editor's own shortcuts,
  // so a mixed selection goes in one undo step); Enter on a focused frame or note edits it.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const s = editor.state;
      if (typing(e.target) || s.dialog !== null || s.conflict || s.contextMenu || s.menu) return;
      const key = e.key.toLowerCase();
      const mod = e.ctrlKey || e.metaKey;
      const focused = document.activeElement instanceof HTMLElement ? document.activeElement.dataset.id : undefined;
      if (!mod && key === 'enter' && focused && extraRef(focused)) {
        e.preventDefault();
        requestEdit(focused);
        return;
      }
      const picked = selectedExtras();
      if (!picked.length) return;
      if (!mod && (key === 'delete' || key === 'backspace')) {
        e.preventDefault();
        e.stopPropagation();
        editor.deleteItems(s.selection, picked);
      } else if (mod && key === 'd' && !s.selection.length) {
        e.preventDefault();
        e.stopPropagation();
        const made = editor.duplicateExtras(picked);
        pendingSelection.current = made.map(extraFlowId);
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [editor, selectedExtras]);

  // Copies made by Ctrl+D are selected once they are on the canvas.
  useEffect(() => {
    if (!pendingSelection.current) return;
    const ids = pendingSelection.current;
    if (ids.every((id) => current.current.some((n) => n.id === id))) {
      pendingSelection.current = null;
      selectExtras(ids);
    }
  }, [extras, selectExtras]);

  return { extras, onNodesChange, selectExtras, selectedExtras };
}
