/** Ranking node types for the palette and the Ctrl+K search. */
import type { NodeSpec } from './types';

/** The text of a node type's ports that a search reads: their descriptions ("add_updater"...). */
function portText(spec: NodeSpec): string {
  return spec.inputs
    .map((i) => i.description)
    .join('\n')
    .toLowerCase();
}

/** A query without spaces, underscores or dashes: "value tracker" reads as "valuetracker". */
function compact(q: string): string {
  return q.replace(/[\s_-]+/g, '');
}

/**
 * Higher is better; null when the query does not match. The type name first (whole,
 * start, anywhere, ignoring spaces), then the category, the description, the port
 * descriptions, every word of the query somewhere, and last letters of the type in order.
 */
export function matchScore(spec: NodeSpec, query: string): number | null {
  const q = query.trim().toLowerCase();
  if (!q) return 0;
  const type = spec.type.toLowerCase();
  const c = compact(q);
  if (!c) return 0;
  if (type === q || type === c) return 100;
  if (type.startsWith(c)) return 80;
  if (type.includes(c)) return 60;
  const cat = spec.category.toLowerCase();
  if (cat.includes(q)) return 30;
  const description = spec.description.toLowerCase();
  if (description.includes(q)) return 20;
  const ports = portText(spec);
  if (ports.includes(q)) return 15;
  const words = q.split(/\s+/);
  if (words.length > 1 && words.every((w) => [type, cat, description, ports].some((text) => text.includes(w)))) return 12;
  // Letters in order: "fi" finds FadeIn, "mt" finds MathTex.
  let i = 0;
  for (const ch of type) if (ch === c[i]) i++;
  return i === c.length ? 10 : null;
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
