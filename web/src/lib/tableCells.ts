/**
 * The cells of a `table` port (Table, MathTable, Matrix...): rows of strings or numbers, every
 * row as long as the first, at most 50 × 50 (manim_nodes/catalog/model.py). A cell is typed as
 * text; parsing says what is wrong instead of saving half a number.
 */
import type { Literal } from './types';

export type Cell = string | number;
export type Rows = Cell[][];
/** What a port's cells may be: its `cells` in the catalog. */
export type CellKind = 'any' | 'string' | 'number' | 'integer';

export const MAX_ROWS = 50;
export const MAX_COLUMNS = 50;
export const MAX_CELL_CHARS = 200;

export type CellParse = { ok: true; value: Cell } | { ok: false; message: string };

const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)$/;

export function cellKind(cells: string | null | undefined): CellKind {
  return cells === 'string' || cells === 'number' || cells === 'integer' ? cells : 'any';
}

/** The rows of a literal when it is a well-formed table, else undefined. */
export function asRows(value: Literal | undefined): Rows | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const rows: Rows = [];
  for (const row of value) {
    if (!Array.isArray(row) || row.length === 0 || row.length !== (value[0] as Literal[]).length) return undefined;
    if (!row.every((c) => typeof c === 'string' || typeof c === 'number')) return undefined;
    rows.push(row as Cell[]);
  }
  return rows;
}

export function cellText(cell: Cell): string {
  return String(cell);
}

/** A typed cell: text stays text in a Table; a plain number becomes a number where numbers go. */
export function parseCell(text: string, kind: CellKind): CellParse {
  if (text.length > MAX_CELL_CHARS) return { ok: false, message: `at most ${MAX_CELL_CHARS} characters` };
  const trimmed = text.trim();
  const numeric = PLAIN_NUMBER.test(trimmed);
  if (kind === 'string') return { ok: true, value: text };
  if (kind === 'any') return { ok: true, value: numeric ? Number(trimmed) : text };
  if (!numeric) return { ok: false, message: `"${text}" is not a number` };
  const n = Number(trimmed);
  if (kind === 'integer' && !Number.isInteger(n)) return { ok: false, message: `"${text}" is not a whole number` };
  return { ok: true, value: n };
}

function blank(kind: CellKind): Cell {
  return kind === 'number' || kind === 'integer' ? 0 : '';
}

export function withCell(rows: Rows, row: number, column: number, cell: Cell): Rows {
  return rows.map((r, i) => (i === row ? r.map((c, j) => (j === column ? cell : c)) : r));
}

export function addRow(rows: Rows, kind: CellKind): Rows {
  if (rows.length >= MAX_ROWS) return rows;
  return [...rows, rows[0].map(() => blank(kind))];
}

export function addColumn(rows: Rows, kind: CellKind): Rows {
  if (rows[0].length >= MAX_COLUMNS) return rows;
  return rows.map((r) => [...r, blank(kind)]);
}

/** Without its last row; a table keeps at least one. */
export function removeRow(rows: Rows): Rows {
  return rows.length > 1 ? rows.slice(0, -1) : rows;
}

/** Without its last column; a table keeps at least one. */
export function removeColumn(rows: Rows): Rows {
  return rows[0].length > 1 ? rows.map((r) => r.slice(0, -1)) : rows;
}
