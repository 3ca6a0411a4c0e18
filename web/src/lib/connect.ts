/** Connection rules: which output fits which input, and why a wire is refused. */
import { inputSpec, outputSpec, specOf } from './catalog';
import type { Catalog, GraphDoc, InputSpec, Kind, NodeSpec, OutputSpec } from './types';
import { kindFits } from './kinds';
import { parseTargetHandle, parseWire, wireList } from './wires';

export { kindFits };

/** A port fits when the kinds fit and, for object ports with `accepts`, the node type is listed. */
export function portFits(out: OutputSpec, sourceType: string, input: InputSpec): boolean {
  if (!kindFits(out.kind, input.kind)) return false;
  return input.accepts === null || input.accepts.includes(sourceType);
}

export function kindLabel(kind: Kind): string {
  const article = /^[aeiou]/.test(kind) ? 'an' : 'a';
  return `${article} ${kind}`;
}

export interface ConnectionLike {
  source: string | null;
  sourceHandle?: string | null;
  target: string | null;
  targetHandle?: string | null;
}

export type ConnectionCheck = { ok: true } | { ok: false; reason: string };

/** Ids of every node `id` depends on, directly or not. */
export function upstreamOf(doc: GraphDoc, id: string): Set<string> {
  const seen = new Set<string>();
  const stack = [id];
  while (stack.length) {
    const cur = stack.pop()!;
    const node = doc.nodes[cur];
    if (!node?.inputs) continue;
    for (const v of Object.values(node.inputs)) {
      for (const w of wireList(v)) {
        const src = parseWire(w).node;
        if (!seen.has(src)) {
          seen.add(src);
          stack.push(src);
        }
      }
    }
  }
  return seen;
}

export function checkConnection(doc: GraphDoc, catalog: Catalog, c: ConnectionLike): ConnectionCheck {
  if (!c.source || !c.target) return { ok: false, reason: 'Drop on a port' };
  if (c.source === c.target) return { ok: false, reason: "A node can't feed itself" };
  const src = doc.nodes[c.source];
  const dst = doc.nodes[c.target];
  if (!src || !dst) return { ok: false, reason: 'Unknown node' };
  const srcSpec = specOf(catalog, src);
  const dstSpec = specOf(catalog, dst);
  const out = outputSpec(srcSpec, c.sourceHandle ?? srcSpec?.outputs[0]?.name ?? '');
  const th = parseTargetHandle(c.targetHandle);
  const input = th ? inputSpec(dstSpec, th.port) : undefined;
  if (!out || !input) return { ok: false, reason: 'Unknown port' };
  if (!kindFits(out.kind, input.kind)) {
    return {
      ok: false,
      reason: `${input.name} takes ${kindLabel(input.kind)}, ${srcSpec?.subgraph?.title ?? src.type}.${out.name} is ${kindLabel(out.kind)}`,
    };
  }
  if (input.accepts !== null && !input.accepts.includes(src.type)) {
    return { ok: false, reason: `${input.name} takes only ${input.accepts.join(' or ')}` };
  }
  if (upstreamOf(doc, c.source).has(c.target)) {
    return { ok: false, reason: 'That wire would make a loop' };
  }
  return { ok: true };
}

export interface Suggestion {
  spec: NodeSpec;
  /** The port of the new node to wire: an input when dragging from an output, and vice versa. */
  port: string;
}

/** Node types that can take the output being dragged, each with the first input that fits. */
export function typesTakingOutput(catalog: Catalog, out: OutputSpec, sourceType: string): Suggestion[] {
  const result: Suggestion[] = [];
  for (const spec of catalog.nodes) {
    const input = spec.inputs.find((i) => portFits(out, sourceType, i));
    if (input) result.push({ spec, port: input.name });
  }
  return result;
}

/** Node types that can feed the input being dragged, each with the first output that fits. */
export function typesFeedingInput(catalog: Catalog, input: InputSpec): Suggestion[] {
  const result: Suggestion[] = [];
  for (const spec of catalog.nodes) {
    const out = spec.outputs.find((o) => portFits(o, spec.type, input));
    if (out) result.push({ spec, port: out.name });
  }
  return result;
}
