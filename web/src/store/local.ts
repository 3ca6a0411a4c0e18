/** Unsaved edits kept in localStorage while the server is away, per graph. */
import { storage } from '../lib/prefs';
import type { GraphDoc } from '../lib/types';

const PREFIX = 'manim-nodes:unsaved:';
const CLIP = 'manim-nodes:clipboard';

export interface PendingEdit {
  doc: GraphDoc;
  /** The ETag the edit was based on. */
  etag: string;
  at: number;
}

export function readPending(name: string): PendingEdit | null {
  const raw = storage()?.getItem(PREFIX + name);
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as PendingEdit;
    if (typeof v?.doc !== 'object' || v.doc === null || typeof v.etag !== 'string') return null;
    return v;
  } catch {
    return null;
  }
}

export function writePending(name: string, doc: GraphDoc, etag: string): void {
  try {
    storage()?.setItem(PREFIX + name, JSON.stringify({ doc, etag, at: Date.now() }));
  } catch {
    // Quota or privacy mode: nothing else to do; the banner still says "unsaved".
  }
}

export function clearPending(name: string): void {
  storage()?.removeItem(PREFIX + name);
}

export function readClipboard(): string | null {
  return storage()?.getItem(CLIP) ?? null;
}

export function writeClipboard(text: string): void {
  try {
    storage()?.setItem(CLIP, text);
  } catch {
    /* ignore */
  }
}
