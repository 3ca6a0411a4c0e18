/** Readable node ids made from the type: circle, circle_2, math_tex, ... */
import { NODE_ID } from '../generated/rules';

export function baseId(type: string): string {
  let s = type
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    // "ThreeDAxes" -> three_d_axes, but a leading capital run stays whole ("VGroup" -> vgroup).
    .replace(/([A-Z]+)([A-Z][a-z])/g, (m, run: string, rest: string, offset: number) =>
      offset === 0 ? m : `${run}_${rest}`,
    )
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '');
  if (!s || !NODE_ID.test(s)) s = `n_${s}`;
  return NODE_ID.test(s) ? s : 'node';
}

export function uniqueId(type: string, taken: Record<string, unknown> | Set<string>): string {
  const has = (k: string) => (taken instanceof Set ? taken.has(k) : k in taken);
  const base = baseId(type);
  if (!has(base)) return base;
  for (let i = 2; ; i++) {
    const id = `${base}_${i}`;
    if (!has(id)) return id;
  }
}
