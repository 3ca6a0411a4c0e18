/** Which output kind fits which input kind: the wiring rule of docs/api.md, as manim_nodes/catalog/model.py has it. */
import type { Kind } from './types';

const NUMERIC_SOURCES = new Set(['number', 'integer', 'vector', 'numeric']);

/** An output of kind `out` fits an input of kind `input` (docs/api.md, wiring rule). */
export function kindFits(out: Kind, input: Kind): boolean {
  if (out === input) return true;
  if (out === 'integer' && input === 'number') return true;
  if (input === 'numeric' && NUMERIC_SOURCES.has(out)) return true;
  if (out === 'numeric' && (input === 'number' || input === 'vector')) return true;
  if ((out === 'vector' || out === 'numeric') && input === 'direction') return true;
  return false;
}
