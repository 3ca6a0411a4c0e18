/** A LaTeX formula as KaTeX HTML for the canvas, remembered per source: a graph with many
 * formulas re-renders its nodes often, and KaTeX's layout is the expensive part. */

/** The part of KaTeX the canvas uses (the module is loaded lazily, so it is passed in). */
export interface KatexRenderer {
  renderToString(tex: string, options: Record<string, unknown>): string;
}

/** The node types whose LaTeX is drawn on the node: the port it is in, and whether it is math
 * mode (MathTex) or text mode with $...$ math (Tex). */
export const FORMULA_TYPES: Readonly<Record<string, { port: string; math: boolean } | undefined>> = {
  MathTex: { port: 'tex', math: true },
  Tex: { port: 'tex', math: false },
};

/** About how tall the drawn formula makes its node, for placing nodes before they are measured. */
export const FORMULA_HEIGHT = 34;

const OPTIONS = { throwOnError: true, displayMode: false, output: 'html', strict: 'ignore', trust: false, maxExpand: 200 };
const CACHE_LIMIT = 300;
const cache = new Map<string, string | null>();

/** The source KaTeX reads: math as it is; Tex's text mode (with $...$ math) inside `\text{}`. */
export function katexSource(src: string, math: boolean): string {
  return math ? src : `\\text{${src}}`;
}

/** KaTeX's HTML for `src`, or null when KaTeX cannot render it (Manim's LaTeX may still). */
export function formulaHtml(katex: KatexRenderer, src: string, math: boolean): string | null {
  const key = `${math ? 'm' : 't'}:${src}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  let html: string | null;
  try {
    html = src.trim() ? katex.renderToString(katexSource(src, math), OPTIONS) : null;
  } catch {
    html = null;
  }
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, html);
  return html;
}
