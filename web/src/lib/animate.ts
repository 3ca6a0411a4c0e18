/** "Create the matching animation" for a mobject node: which animation types fit it, best first. */
import type { Catalog, NodeSpec } from './types';

/** Categories whose mobject outputs are not things to show (a tracker, the camera's frame). */
const NOT_SHOWN = new Set(['Values', 'Camera', 'Animations', 'Composition', 'Output']);
/** Pictures are not vector shapes: Create cannot draw them, so they fade in. */
const PICTURES = new Set(['ImageMobject', 'ImageFromArray']);

export interface AnimationChoice {
  /** The animation node type. */
  type: string;
  /** Its input that takes the mobject. */
  port: string;
  /** The output of the node to animate. */
  output: string;
}

/** The animations that show a node of `spec`: the one that suits it first (Write for text and
 * formulas, FadeIn for pictures, Create for the rest), then FadeIn. Empty for non-mobjects. */
export function animationsFor(spec: NodeSpec | undefined, catalog: Catalog): AnimationChoice[] {
  const output = spec?.outputs.find((o) => o.kind === 'mobject');
  if (!spec || !output || NOT_SHOWN.has(spec.category)) return [];
  const best = PICTURES.has(spec.type) ? 'FadeIn' : spec.category === 'Text & math' ? 'Write' : 'Create';
  const out: AnimationChoice[] = [];
  for (const type of new Set([best, 'FadeIn'])) {
    const port = catalog.byType.get(type)?.inputs.find((i) => i.kind === 'mobject' && !i.list);
    if (port) out.push({ type, port: port.name, output: output.name });
  }
  return out;
}
