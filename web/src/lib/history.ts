/** Undo/redo of document snapshots. Snapshots share structure, so they are cheap. */

export interface History<T> {
  past: T[];
  present: T;
  future: T[];
  /** Edits with the same key within `coalesceMs` merge into one undo step (typing, dragging). */
  lastKey: string | null;
  lastAt: number;
}

export const HISTORY_LIMIT = 200;

export function createHistory<T>(present: T): History<T> {
  return { past: [], present, future: [], lastKey: null, lastAt: 0 };
}

export function record<T>(h: History<T>, next: T, key: string | null = null, now = Date.now(), coalesceMs = 1000): History<T> {
  if (next === h.present) return h;
  const merge = key !== null && key === h.lastKey && now - h.lastAt < coalesceMs && h.past.length > 0;
  const past = merge ? h.past : [...h.past, h.present].slice(-HISTORY_LIMIT);
  return { past, present: next, future: [], lastKey: key, lastAt: now };
}

export function undo<T>(h: History<T>): History<T> {
  if (!h.past.length) return h;
  return { past: h.past.slice(0, -1), present: h.past[h.past.length - 1], future: [h.present, ...h.future], lastKey: null, lastAt: 0 };
}

export function redo<T>(h: History<T>): History<T> {
  if (!h.future.length) return h;
  return { past: [...h.past, h.present], present: h.future[0], future: h.future.slice(1), lastKey: null, lastAt: 0 };
}

/** Replace the present without an undo step (a document loaded from disk), keeping the old one undoable. */
export function replacePresent<T>(h: History<T>, next: T, keepUndo: boolean): History<T> {
  if (!keepUndo) return createHistory(next);
  return { past: [...h.past, h.present].slice(-HISTORY_LIMIT), present: next, future: [], lastKey: null, lastAt: 0 };
}
