/** Which ports a node shows when folded. */
import type { DocNode, InputSpec, Problem } from './types';
import { isObjectKind } from './types';

/** Ports worth a row even when the node is folded: set, wired, required, lists, objects, or in trouble. */
export function alwaysShown(input: InputSpec, node: DocNode, problems: readonly Problem[] = []): boolean {
  return (
    input.required ||
    input.list ||
    isObjectKind(input.kind) ||
    node.params?.[input.name] !== undefined ||
    node.inputs?.[input.name] !== undefined ||
    problems.some((p) => p.port === input.name)
  );
}
