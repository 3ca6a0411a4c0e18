/** A number with drag-to-change: drag the label sideways (Shift: x10, Alt: x0.1). */
import { memo, useRef } from 'react';
import type { DraftRules } from '../lib/fieldDraft';
import { formatNumber } from '../lib/format';
import { useFieldDraft } from './useFieldDraft';

interface Props {
  value: number | undefined;
  placeholder?: string;
  integer?: boolean;
  suffix?: string;
  label?: string;
  id?: string;
  onChange(v: number | undefined): void;
}

export function parseNumber(text: string, integer = false): number | null {
  const t = text.trim();
  if (!t) return null;
  const n = Number(t);
  if (!Number.isFinite(n)) return null;
  if (integer && !Number.isInteger(n)) return null;
  return n;
}

/** Empty is the default; otherwise a finite number (whole for `integer`). */
export function numberRules(integer: boolean): DraftRules<number | undefined> {
  return {
    parse(text) {
      if (!text.trim()) return { ok: true, value: undefined };
      const n = parseNumber(text, integer);
      return n === null ? { ok: false, message: integer ? 'not a whole number' : 'not a number' } : { ok: true, value: n };
    },
    format: (v) => (v === undefined ? '' : formatNumber(v)),
  };
}

function stepFor(v: number, integer: boolean): number {
  if (integer) return 1;
  const mag = Math.abs(v);
  return mag >= 10 ? 0.1 : mag >= 1 ? 0.05 : 0.01;
}

export const NumberField = memo(function NumberField({ value, placeholder, integer = false, suffix, label, id, onChange }: Props) {
  const rules = numberRules(integer);
  const draft = useFieldDraft(rules.format(value), rules, onChange);
  const drag = useRef<{ x: number; start: number; moved: boolean } | null>(null);
  const valid = draft.error === null;

  const onPointerDown = (e: React.PointerEvent<HTMLSpanElement>) => {
    const start = value ?? parseNumber(placeholder ?? '', integer) ?? 0;
    drag.current = { x: e.clientX, start, moved: false };
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const onPointerMove = (e: React.PointerEvent<HTMLSpanElement>) => {
    const d = drag.current;
    if (!d) return;
    const dx = e.clientX - d.x;
    if (!d.moved && Math.abs(dx) < 3) return;
    d.moved = true;
    const mult = e.shiftKey ? 10 : e.altKey ? 0.1 : 1;
    let next = d.start + Math.round(dx / 2) * stepFor(d.start, integer) * mult;
    next = integer ? Math.round(next) : Math.round(next * 1000) / 1000;
    draft.set(next);
  };
  const onPointerUp = () => {
    drag.current = null;
  };

  return (
    <span className={`numfield${valid ? '' : ' invalid'}`}>
      <span
        className="drag-grip"
        title="Drag sideways to change (Shift: faster, Alt: finer)"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        aria-hidden
      >
        {label ?? '⇔'}
      </span>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        spellCheck={false}
        value={draft.text}
        placeholder={placeholder}
        onBlur={draft.onBlur}
        onChange={(e) => draft.setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') return draft.flush();
          if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
          e.preventDefault();
          const cur = parseNumber(draft.text, integer) ?? value ?? parseNumber(placeholder ?? '', integer) ?? 0;
          const step = stepFor(cur, integer) * (e.shiftKey ? 10 : 1) * (e.key === 'ArrowUp' ? 1 : -1);
          const next = integer ? Math.round(cur + step) : Math.round((cur + step) * 1000) / 1000;
          draft.set(next);
        }}
        aria-invalid={!valid}
        aria-label={id === undefined ? label : undefined}
      />
      {suffix && <span className="suffix">{suffix}</span>}
    </span>
  );
});
