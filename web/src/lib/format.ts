/** Short text for a value shown on a node. */
import type { Literal } from './types';

export function formatNumber(n: number): string {
  if (Number.isInteger(n)) return String(n);
  const s = n.toFixed(3).replace(/0+$/, '').replace(/\.$/, '');
  return s === '-0' ? '0' : s;
}

export function formatValue(v: Literal | undefined, max = 18): string {
  if (v === undefined || v === null) return '';
  let s: string;
  if (typeof v === 'number') s = formatNumber(v);
  else if (typeof v === 'boolean') s = v ? 'on' : 'off';
  else if (typeof v === 'string') s = v.replace(/\s+/g, ' ');
  else if (Array.isArray(v)) s = `[${v.map((x) => formatValue(x, max)).join(', ')}]`;
  else s = '{…}';
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
