/** Wire strings ("node" or "node.port", as manim_nodes/wires.py reads them) and React Flow handle ids. */
import { NODE_ID, WIRE_SEPARATOR } from '../generated/rules';
import { kindFits } from './kinds';
import type { Kind, NodeSpec, WireValue } from './types';

/** A node id, matched whole (the server's pattern). */
export const ID_PATTERN = NODE_ID;

export interface WireRef {
  node: string;
  /** The output port, or null for the node's default (first) output. */
  port: string | null;
}

/** Split at the first separator, as the server does: `a.` names no port, like `a`. */
export function parseWire(wire: string): WireRef {
  const at = wire.indexOf(WIRE_SEPARATOR);
  if (at < 0) return { node: wire, port: null };
  return { node: wire.slice(0, at), port: wire.slice(at + WIRE_SEPARATOR.length) || null };
}

/**
 * The output a wire points at. An unnamed one is the first output that fits the input's kind
 * (a ValueTracker wired into a number port gives its value, into a mobject port itself),
 * else the first output, as the validator resolves it.
 */
export function resolveOutput(ref: WireRef, spec: NodeSpec | undefined, into?: Kind): string | null {
  if (ref.port !== null) return ref.port;
  const fitting = into === undefined ? undefined : spec?.outputs.find((o) => kindFits(o.kind, into));
  return fitting?.name ?? spec?.outputs[0]?.name ?? null;
}

/** The wire string for an output: just the id when that is the output the id alone resolves to. */
export function formatWire(node: string, output: string, spec: NodeSpec | undefined, into?: Kind): string {
  const implied = resolveOutput({ node, port: null }, spec, into);
  if (implied === null || implied === output) return node;
  return `${node}${WIRE_SEPARATOR}${output}`;
}

/** All wires of an input value, in order. */
export function wireList(v: WireValue | undefined): string[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? v.filter((w): w is string => typeof w === 'string') : [v];
}

export interface TargetHandle {
  port: string;
  /** Slot index for list ports, null for single ports. */
  slot: number | null;
}

export function targetHandleId(port: string, slot: number | null = null): string {
  return slot === null ? port : `${port}#${slot}`;
}

export function parseTargetHandle(id: string | null | undefined): TargetHandle | null {
  if (!id) return null;
  const hash = id.lastIndexOf('#');
  if (hash < 0) return { port: id, slot: null };
  const slot = Number(id.slice(hash + 1));
  if (!Number.isInteger(slot) || slot < 0) return { port: id, slot: null };
  return { port: id.slice(0, hash), slot };
}
