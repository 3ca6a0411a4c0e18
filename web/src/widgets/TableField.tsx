/** Rows of cells (Table, Matrix): a grid of small inputs, with buttons for rows and columns. */
import { memo } from 'react';
import type { DraftRules } from '../lib/fieldDraft';
import type { Cell, CellKind, Rows } from '../lib/tableCells';
import {
  MAX_CELL_CHARS,
  MAX_COLUMNS,
  MAX_ROWS,
  addColumn,
  addRow,
  asRows,
  cellKind,
  cellText,
  parseCell,
  removeColumn,
  removeRow,
  withCell,
} from '../lib/tableCells';
import type { WidgetProps } from './types';
import { useFieldDraft } from './useFieldDraft';

/** A cell of `kind`: a number that does not parse yet is not a value, so it is never saved. */
export function cellRules(kind: CellKind): DraftRules<Cell> {
  return { parse: (text) => parseCell(text, kind), format: cellText };
}

/** One cell: a number that does not parse yet is shown as typed, with its error, and not saved. */
const CellInput = memo(function CellInput(props: { cell: Cell; kind: CellKind; id?: string; label: string; onChange(c: Cell): void }) {
  const draft = useFieldDraft(cellText(props.cell), cellRules(props.kind), props.onChange);
  const error = draft.error;
  return (
    <input
      id={props.id}
      type="text"
      aria-label={props.label}
      aria-invalid={error !== null}
      title={error ?? props.label}
      maxLength={MAX_CELL_CHARS}
      spellCheck={false}
      value={draft.text}
      onBlur={draft.onBlur}
      onKeyDown={(e) => e.key === 'Enter' && draft.flush()}
      onChange={(e) => draft.setText(e.target.value)}
    />
  );
});

export const TableField = memo(function TableField({ value, input, onChange, id }: WidgetProps) {
  const kind = cellKind(input.cells);
  const own = asRows(value);
  const rows: Rows = own ?? asRows(input.default ?? undefined) ?? [[kind === 'string' || kind === 'any' ? '' : 0]];
  const set = (next: Rows) => onChange(next);
  return (
    <div className="tablefield">
      <div className="table-grid" style={{ gridTemplateColumns: `repeat(${rows[0].length}, minmax(36px, 1fr))` }}>
        {rows.map((row, i) =>
          row.map((cell, j) => (
            <CellInput
              key={`${i}-${j}`}
              id={i === 0 && j === 0 ? id : undefined}
              label={`row ${i + 1}, column ${j + 1}`}
              cell={cell}
              kind={kind}
              onChange={(c) => set(withCell(rows, i, j, c))}
            />
          )),
        )}
      </div>
      <div className="table-buttons">
        <button type="button" className="small" disabled={rows.length >= MAX_ROWS} onClick={() => set(addRow(rows, kind))}>
          + row
        </button>
        <button type="button" className="small" disabled={rows.length <= 1} onClick={() => set(removeRow(rows))}>
          − row
        </button>
        <button type="button" className="small" disabled={rows[0].length >= MAX_COLUMNS} onClick={() => set(addColumn(rows, kind))}>
          + column
        </button>
        <button type="button" className="small" disabled={rows[0].length <= 1} onClick={() => set(removeColumn(rows))}>
          − column
        </button>
        {own === undefined && <span className="field-hint">default</span>}
      </div>
    </div>
  );
});
