/**
 * Literal lists typed as text: numbers comma separated on one line ("1, 2.5, -3"), words one
 * per line (LaTeX pieces may hold commas). Parsing says what is wrong instead of guessing.
 */
import type { Kind, Literal } from './types';

export type ListParse = { ok: true; value: Literal[] | undefined } | { ok: false; message: string };

export function isNumberKind(kind: Kind): boolean {
  return kind === 'number' || kind === 'integer';
}

export function listToText(value: Literal | undefined, kind: Kind): string {
  if (!Array.isArray(value)) return '';
  return value.map(String).join(isNumberKind(kind) ? ', ' : '\n');
}

export function parseListText(text: string, kind: Kind): ListParse {
  if (!isNumberKind(kind)) {
    const items = text.split('\n').filter((line) => line.trim() !== '');
    return { ok: true, value: items.length ? items : undefined };
  }
  const parts = text.split(',').map((p) => p.trim());
  if (parts.every((p) => p === '')) return { ok: true, value: undefined };
  const numbers: number[] = [];
  for (const [i, part] of parts.entries()) {
    const n = Number(part);
    if (part === '' || !Number.isFinite(n)) return { ok: false, message: `item ${i + 1} is not a number: "${part}"` };
    if (kind === 'integer' && !Number.isInteger(n)) return { ok: false, message: `item ${i + 1} is not a whole number` };
    numbers.push(n);
  }
  return { ok: true, value: numbers };
}
