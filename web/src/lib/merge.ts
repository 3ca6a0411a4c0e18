/**
 * What the server says when saves cross (docs/api.md, "Merging"): the node-level diff and
 * the conflicts of its merge, read once from JSON, put in plain words, and the small edits
 * that bring back what another program's save removed or overrode. The merging itself is
 * the server's (manim_nodes/graph_merge.py): one set of rules for every client.
 */
import type { DocNode, GraphDoc, Literal } from './types';
import { parseWire, wireList } from './wires';

/** One side of a conflict: `has` false where that side deleted the value. */
export interface Side {
  has: boolean;
  value: unknown;
}

export interface MergeConflict {
  /** From the top of the document: ['nodes', 'circle', 'params', 'radius']. */
  path: string[];
  node: string | null;
  base: Side;
  ours: Side;
  theirs: Side;
}

export interface Change {
  path: string[];
  old: Side;
  new: Side;
}

export interface GraphDiff {
  added: string[];
  removed: string[];
  changed: Change[];
}

/** A save refused with 412: the file as it is now and what keeping each side means. */
export interface StaleSave {
  etag: string;
  theirs: GraphDoc;
  theirLive: string[];
  /** Mine merged into theirs, conflicts settled for mine: what "Keep mine" saves. */
  merged: GraphDoc;
  conflicts: MergeConflict[];
  /** From the file on disk to `merged`. */
  diff: GraphDiff;
  /** False when the server no longer knew the version this browser started from. */
  baseKnown: boolean;
}

/** What the server kept of this browser's saves when another program saved an older copy. */
export interface MergeNote {
  kept: GraphDiff;
  conflicts: MergeConflict[];
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

function side(v: unknown): Side {
  return isObj(v) && 'value' in v ? { has: true, value: v.value } : { has: false, value: undefined };
}

function parseConflicts(v: unknown): MergeConflict[] {
  if (!Array.isArray(v)) return [];
  return v.filter(isObj).map((c) => ({
    path: strings(c.path),
    node: typeof c.node === 'string' ? c.node : null,
    base: side(c.base),
    ours: side(c.ours),
    theirs: side(c.theirs),
  }));
}

export function parseDiff(v: unknown): GraphDiff {
  const d = isObj(v) ? v : {};
  const changed = Array.isArray(d.changed) ? d.changed.filter(isObj) : [];
  return {
    added: strings(d.added),
    removed: strings(d.removed),
    changed: changed.map((c) => ({
      path: strings(c.path),
      old: 'old' in c ? { has: true, value: c.old } : { has: false, value: undefined },
      new: 'new' in c ? { has: true, value: c.new } : { has: false, value: undefined },
    })),
  };
}

function isGraph(v: unknown): v is GraphDoc {
  return isObj(v) && isObj(v.nodes);
}

/** The details of a 412 answer to a save; null from an older server (no graph in it). */
export function parseStaleSave(details: Record<string, unknown>): StaleSave | null {
  const { etag, graph, merged } = details;
  if (typeof etag !== 'string' || !isGraph(graph) || !isGraph(merged)) return null;
  return {
    etag,
    theirs: graph,
    theirLive: strings(details.live),
    merged,
    conflicts: parseConflicts(details.conflicts),
    diff: parseDiff(details.diff),
    baseKnown: details.base_known === true,
  };
}

/** The `merge` member of a `graph.changed` event; null when there is none. */
export function parseMergeNote(v: unknown): MergeNote | null {
  if (!isObj(v)) return null;
  return { kept: parseDiff(v.kept), conflicts: parseConflicts(v.conflicts) };
}

// ---------------------------------------------------------------- in plain words

/** `circle · radius`, `circle · position`, `background`: where a value sits, as the editor names it. */
export function placeOf(path: string[]): string {
  if (path[0] === 'nodes' && path.length >= 2) {
    const rest = path.slice(2).filter((p) => p !== 'params' && p !== 'inputs');
    const what = rest.length === 0 ? 'the node' : rest.map((p) => (p === 'pos' ? 'position' : p)).join(' · ');
    return `${path[1]} · ${what}`;
  }
  return path.join(' · ');
}

/** A value short enough for one line of a dialog. */
export function shortValue(s: Side): string {
  if (!s.has) return '(none)';
  const text = typeof s.value === 'string' ? s.value : JSON.stringify(s.value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

export function nodeList(ids: string[], max = 4): string {
  const shown = ids.slice(0, max).join(', ');
  return ids.length > max ? `${shown} and ${ids.length - max} more` : shown;
}

// ---------------------------------------------------------------- bringing things back

/** Nodes of `before` that `now` lacks, put back, with the wires to them that were cut with them. */
export function restoreNodes(now: GraphDoc, before: GraphDoc, ids: string[]): GraphDoc {
  const back = new Set(ids.filter((id) => before.nodes[id] && !now.nodes[id]));
  if (!back.size) return now;
  const nodes: Record<string, DocNode> = { ...now.nodes };
  for (const id of back) nodes[id] = before.nodes[id];
  for (const [id, node] of Object.entries(now.nodes)) {
    const old = before.nodes[id]?.inputs;
    if (!old) continue;
    let inputs = node.inputs;
    for (const [port, value] of Object.entries(old)) {
      const toBack = (w: string) => back.has(parseWire(w).node);
      if (!wireList(value).some(toBack)) continue;
      const current = inputs?.[port];
      if (current === undefined) inputs = { ...inputs, [port]: value };
      else if (Array.isArray(value) && Array.isArray(current)) {
        // a list port: the cut wires go back where they were, what was added since stays
        const list = [...value.filter((w) => current.includes(w) || toBack(w)), ...current.filter((w) => !value.includes(w))];
        inputs = { ...inputs, [port]: list };
      }
    }
    if (inputs !== node.inputs) nodes[id] = { ...node, inputs };
  }
  return { ...now, nodes };
}

/** `doc` with the value at each conflict's path set to one side's (removed where it has none). */
export function withValues(doc: GraphDoc, conflicts: MergeConflict[], side: 'ours' | 'theirs'): GraphDoc {
  let out = doc;
  for (const c of conflicts) out = setAt(out, c.path, c[side]);
  return out;
}

function setAt(doc: GraphDoc, path: string[], s: Side): GraphDoc {
  if (!path.length) return doc;
  const write = (obj: Obj, i: number): Obj => {
    const key = path[i];
    const copy: Obj = { ...obj };
    if (i === path.length - 1) {
      if (s.has) copy[key] = s.value as Literal;
      else delete copy[key];
      return copy;
    }
    const inner = obj[key];
    copy[key] = write(isObj(inner) ? inner : {}, i + 1);
    return copy;
  };
  return write(doc as Obj, 0) as GraphDoc;
}
