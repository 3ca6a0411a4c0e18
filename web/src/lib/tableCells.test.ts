import { describe, expect, it } from 'vitest';
import { addColumn, addRow, asRows, cellText, parseCell, removeColumn, removeRow, withCell } from './tableCells';

describe('table cells', () => {
  it('keeps text as text in a Table, and reads plain numbers where numbers go', () => {
    expect(parseCell('1', 'string')).toEqual({ ok: true, value: '1' });
    expect(parseCell(' 2.5 ', 'any')).toEqual({ ok: true, value: 2.5 });
    expect(parseCell('\\pi', 'any')).toEqual({ ok: true, value: '\\pi' });
    expect(parseCell('1e3', 'any')).toEqual({ ok: true, value: '1e3' });
    expect(parseCell('-3', 'integer')).toEqual({ ok: true, value: -3 });
    expect(parseCell('0.25', 'number')).toEqual({ ok: true, value: 0.25 });
  });
  it('refuses what a matrix of numbers cannot hold, so half a number is never saved', () => {
    expect(parseCell('-', 'number')).toEqual({ ok: false, message: expect.stringContaining('"-"') }); // no value to save
    expect(parseCell('', 'integer')).toMatchObject({ ok: false });
    expect(parseCell('1.5', 'integer')).toEqual({ ok: false, message: expect.stringContaining('whole number') });
    expect(parseCell('x'.repeat(201), 'string')).toMatchObject({ ok: false });
  });
  it('reads only well-formed tables', () => {
    expect(asRows([['a', 1], ['b', 2]])).toEqual([['a', 1], ['b', 2]]);
    expect(asRows([['a', 1], ['b']])).toBeUndefined();
    expect(asRows([[true]])).toBeUndefined();
    expect(asRows([])).toBeUndefined();
    expect(asRows('ab')).toBeUndefined();
    expect(asRows(undefined)).toBeUndefined();
  });
  it('writes back what it reads', () => {
    const rows = [['+', 0], [1, 2.5]];
    const typed = rows.map((r) => r.map((c) => parseCell(cellText(c), 'any')));
    expect(typed.map((r) => r.map((p) => (p.ok ? p.value : null)))).toEqual(rows);
  });
  it('edits cells, rows and columns and keeps the table rectangular', () => {
    const rows = [['a', 'b']];
    expect(withCell(rows, 0, 1, 'c')).toEqual([['a', 'c']]);
    expect(addRow(rows, 'string')).toEqual([['a', 'b'], ['', '']]);
    expect(addColumn([[1], [2]], 'integer')).toEqual([[1, 0], [2, 0]]);
    expect(removeRow([[1], [2]])).toEqual([[1]]);
    expect(removeRow([[1]])).toEqual([[1]]);
    expect(removeColumn([[1, 2], [3, 4]])).toEqual([[1], [3]]);
    expect(removeColumn([[1], [2]])).toEqual([[1], [2]]);
    const wide = [Array.from({ length: 50 }, () => 0)];
    expect(addColumn(wide, 'number')).toBe(wide);
  });
});
