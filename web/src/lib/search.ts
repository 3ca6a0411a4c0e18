/** Ranking node types for the palette and the Ctrl+K search. */
import type { NodeSpec } from './types';

/** Higher is better; null when the query does not match. */
export function matchScore(spec: NodeSpec, query: string): number | null {
  const q = query.trim().toLowerCase();
  if (!q) return 0;
  const type = spec.type.toLowerCase();
  if (type === q) return 100;
  if (type.startsWith(q)) return 80;
  if (type.includes(q)) return 60;
  const cat = spec.category.toLowerCase();
  if (cat.includes(q)) return 30;
  if (spec.description.toLowerCase().includes(q)) return 20;
  // Letters in order: "fi" finds FadeIn, "mt" finds MathTex.
  let i = 0;
  for (const ch of type) if (ch === q[i]) i++;
  return i === q.length ? 10 : null;
}

export function searchTypes(specs: NodeSpec[], query: string): NodeSpec[] {
  const scored: [NodeSpec, number, number][] = [];
  specs.forEach((s, i) => {
    const score = matchScore(s, query);
    if (score !== null) scored.push([s, score, i]);
  });
  scored.sort((a, b) => b[1] - a[1] || a[2] - b[2]);
  return scored.map(([s]) => s);
}
