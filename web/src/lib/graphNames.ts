/**
 * Graph names with folders (`gallery/MovingAngle`): the server's rules (manim_nodes/store.py,
 * generated into ../generated/rules.ts), URLs that carry them, and the graph list's folder groups.
 */
import { GRAPH_NAME_MAX_DEPTH, GRAPH_NAME_RESERVED, GRAPH_NAME_SEGMENT } from '../generated/rules';

/** What `/api/graphs/{name}/{action}` can do: the words a graph in a folder cannot be called. */
export type GraphAction = (typeof GRAPH_NAME_RESERVED)[number];
const RESERVED: readonly string[] = GRAPH_NAME_RESERVED;

/** Why `name` is not a valid graph name, or null when it is one. */
export function nameProblem(name: string): string | null {
  if (!name) return 'Give the graph a name';
  if (name.includes('\\')) return 'Use / between folders, not \\';
  if (name.startsWith('/')) return 'No leading /';
  const parts = name.split('/');
  if (parts.length > GRAPH_NAME_MAX_DEPTH) return `Folders nest at most ${GRAPH_NAME_MAX_DEPTH - 1} deep`;
  for (const part of parts) {
    if (part === '') return 'No empty folder names';
    if (part.startsWith('.')) return 'Names cannot start with .';
    if (!GRAPH_NAME_SEGMENT.test(part)) return 'Letters, digits, - and _ (up to 64 per folder or name), / between folders';
  }
  if (parts.length > 1 && RESERVED.includes(parts[parts.length - 1])) {
    return `In a folder, a graph cannot be called ${RESERVED.join(', ')}`;
  }
  return null;
}

export function isValidGraphName(name: string): boolean {
  return nameProblem(name) === null;
}

/** `gallery/deep/x` -> `gallery/deep`; `x` -> `` (the top level). */
export function folderOf(name: string): string {
  const i = name.lastIndexOf('/');
  return i < 0 ? '' : name.slice(0, i);
}

/** `gallery/deep/x` -> `x`. */
export function leafOf(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}

/** Each segment percent-encoded, joined by `/`: readable, and safe whatever the segment holds. */
export function encodeGraphName(name: string): string {
  return name.split('/').map(encodeURIComponent).join('/');
}

/** `/api/graphs/gallery/x`, or with an action `/api/graphs/gallery/x/code`. */
export function graphApiUrl(name: string, action?: GraphAction): string {
  return `/api/graphs/${encodeGraphName(name)}${action ? `/${action}` : ''}`;
}

/** The editor's query string for a graph: `?graph=gallery/x` (the / left readable). */
export function editorQuery(name: string): string {
  return `?graph=${encodeURIComponent(name).replace(/%2F/gi, '/')}`;
}

export interface FolderGroup<T> {
  /** `` for the top level, else the folder path (`gallery/deep`). */
  folder: string;
  items: T[];
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function compare(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Graphs grouped by folder: the top level first, then each folder by its path
 * (so `gallery/deep` follows `gallery`), graphs sorted by name inside each group.
 */
export function groupByFolder<T extends { name: string }>(graphs: readonly T[]): FolderGroup<T>[] {
  const groups = new Map<string, T[]>();
  for (const g of graphs) {
    const folder = folderOf(g.name);
    const list = groups.get(folder);
    if (list) list.push(g);
    else groups.set(folder, [g]);
  }
  const folders = [...groups.keys()].sort((a, b) => {
    if (a === '' || b === '') return a === '' ? -1 : 1;
    const pa = a.split('/');
    const pb = b.split('/');
    for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
      const c = compare(pa[i], pb[i]);
      if (c) return c;
    }
    return pa.length - pb.length;
  });
  return folders.map((folder) => ({
    folder,
    items: [...groups.get(folder)!].sort((x, y) => compare(leafOf(x.name), leafOf(y.name))),
  }));
}

/** A free name like `base`, `base-2`, ... in `base`'s folder, given the names taken. */
export function uniqueName(base: string, taken: ReadonlySet<string>): string {
  const folder = folderOf(base);
  const stem = (folder ? `${folder}/` : '') + leafOf(base).slice(0, 56);
  if (!taken.has(stem)) return stem;
  for (let i = 2; ; i++) if (!taken.has(`${stem}-${i}`)) return `${stem}-${i}`;
}

/**
 * The graph name (file path without extension) for what someone typed as a new graph's name:
 * "My first scene" is `My-first-scene`, "gallery/Moving angle" is `gallery/Moving-angle`.
 * Each segment keeps letters, digits, `-` and `_`; anything else becomes one `-`.
 */
export function fileNameFor(typed: string): string {
  return typed
    .split('/')
    .map((segment) =>
      segment
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .replace(/[^A-Za-z0-9_-]+/g, '-')
        .replace(/^[-_]+|-+$/g, '')
        .slice(0, 64),
    )
    .filter(Boolean)
    .join('/');
}
