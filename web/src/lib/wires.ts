/** Wire strings ("node" or "node.port") and React Flow handle ids. */
import type { NodeSpec, WireValue } from './types';

export const ID_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface WireRef {
  node: string;
  /** The output port, or null for the node's default (first) output. */
  port: string | null;
}

export function parseWire(wire: string): WireRef {
  const dot = wire.indexOf('.');
  if (dot < 0) return { node: wire, port: null };
  return { node: wire.slice(0, dot), port: wire.slice(dot + 1) };
}

/** The output name a wire points at, resolving the default output through the spec. */
export function resolveOutput(ref: WireRef, spec: NodeSpec | undefined): string | null {
  if (ref.port !== null) return ref.port;
  return spec?.outputs[0]?.name ?? null;
}

/** The wire string for an output: just the id when it is the node's first output. */
export function formatWire(node: string, output: string, spec: NodeSpec | undefined): string {
  const first = spec?.outputs[0]?.name;
  if (first === undefined || first === output) return node;
  return `${node}.${output}`;
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
