/** How the user laid out the editor (minimap, side panels, the preview), remembered in this browser. Stored
 * values are checked field by field: an old or hand-edited entry falls back to the defaults. */

export type Side = 'left' | 'right';

export interface PanelPrefs {
  collapsed: boolean;
  /** Width in px; null keeps the stylesheet's width (which follows the window size). */
  width: number | null;
}

export interface LayoutPrefs {
  /** Shown or hidden by the user; null until they choose, when it follows the canvas' width. */
  minimap: boolean | null;
  left: PanelPrefs;
  right: PanelPrefs;
}

const KEY = 'manim-nodes:layout';

/** How wide each side panel may be dragged. */
export const PANEL_LIMITS: Record<Side, { min: number; max: number }> = {
  left: { min: 160, max: 480 },
  right: { min: 260, max: 720 },
};

/** Below this canvas width the minimap hides unless the user asked for it: it would cover nodes. */
export const MINIMAP_MIN_CANVAS = 900;

export const DEFAULT_LAYOUT: LayoutPrefs = {
  minimap: null,
  left: { collapsed: false, width: null },
  right: { collapsed: false, width: null },
};

export function clampWidth(side: Side, width: number): number {
  const { min, max } = PANEL_LIMITS[side];
  return Math.round(Math.min(max, Math.max(min, width)));
}

function panel(side: Side, v: unknown): PanelPrefs {
  if (typeof v !== 'object' || v === null) return DEFAULT_LAYOUT[side];
  const o = v as Record<string, unknown>;
  const width = typeof o.width === 'number' && Number.isFinite(o.width) ? clampWidth(side, o.width) : null;
  return { collapsed: o.collapsed === true, width };
}

/** This browser's localStorage, or null where there is none (privacy mode, tests in Node). */
export function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** A stored JSON object; null for nothing stored or anything else. */
function storedObject(raw: string | null): Record<string, unknown> | null {
  if (!raw) return null;
  try {
    const v: unknown = JSON.parse(raw);
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function readStored<T>(key: string, parse: (raw: string | null) => T, fallback: T): T {
  try {
    return parse(storage()?.getItem(key) ?? null);
  } catch {
    return fallback;
  }
}

function writeStored(key: string, value: unknown): void {
  try {
    storage()?.setItem(key, JSON.stringify(value));
  } catch {
    // Quota or privacy mode: the choice still applies until the page reloads.
  }
}

/** Layout prefs from stored JSON; anything unreadable gives the defaults. */
export function parseLayout(raw: string | null): LayoutPrefs {
  const o = storedObject(raw);
  if (!o) return DEFAULT_LAYOUT;
  return {
    minimap: typeof o.minimap === 'boolean' ? o.minimap : null,
    left: panel('left', o.left),
    right: panel('right', o.right),
  };
}

/** Whether the minimap shows: the user's choice, else only on a wide canvas. */
export function minimapShown(choice: LayoutPrefs['minimap'], canvasWidth: number): boolean {
  return choice ?? canvasWidth >= MINIMAP_MIN_CANVAS;
}

/** How the preview panel was left: the height of its picture, and last frame or video. */
export interface PreviewPrefs {
  /** Height of the picture in px; null keeps the stylesheet's 16:9 box. */
  height: number | null;
  /** `frame` only when the user chose the last frame: otherwise a video plays when there is one. */
  mode: 'frame' | 'video';
}

const PREVIEW_KEY = 'manim-nodes:preview';

/** How tall the preview's picture may be dragged (the panel's own height caps it further). */
export const PREVIEW_HEIGHT = { min: 120, max: 1400 };

export const DEFAULT_PREVIEW: PreviewPrefs = { height: null, mode: 'video' };

export function clampPreviewHeight(height: number): number {
  return Math.round(Math.min(PREVIEW_HEIGHT.max, Math.max(PREVIEW_HEIGHT.min, height)));
}

/** Preview prefs from stored JSON; anything unreadable gives the defaults. */
export function parsePreviewPrefs(raw: string | null): PreviewPrefs {
  const o = storedObject(raw);
  if (!o) return DEFAULT_PREVIEW;
  return {
    height: typeof o.height === 'number' && Number.isFinite(o.height) ? clampPreviewHeight(o.height) : null,
    mode: o.mode === 'frame' ? 'frame' : 'video',
  };
}

export function readLayout(): LayoutPrefs {
  return readStored(KEY, parseLayout, DEFAULT_LAYOUT);
}

export function writeLayout(prefs: LayoutPrefs): void {
  writeStored(KEY, prefs);
}

export function readPreviewPrefs(): PreviewPrefs {
  return readStored(PREVIEW_KEY, parsePreviewPrefs, DEFAULT_PREVIEW);
}

export function writePreviewPrefs(prefs: PreviewPrefs): void {
  writeStored(PREVIEW_KEY, prefs);
}
