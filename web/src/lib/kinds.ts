/** Which output kind fits which input kind: the wiring rule of docs/api.md, generated from manim_nodes/catalog/model.py. */
import { KIND_FITS } from '../generated/rules';
import type { Kind } from './types';

/** An output of kind `out` fits an input of kind `input`; an unknown kind fits only itself. */
export function kindFits(out: Kind, input: Kind): boolean {
  return (KIND_FITS[out] ?? [out]).includes(input);
}
