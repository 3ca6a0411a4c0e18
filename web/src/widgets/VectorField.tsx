/** A vector [x, y] or [x, y, z]: one number field per axis; leave z empty for 2D. */
import { memo } from 'react';
import { NumberField } from './NumberField';

interface Props {
  value: number[] | undefined;
  placeholder?: number[];
  id?: string;
  onChange(v: number[] | undefined): void;
}

export const VectorField = memo(function VectorField({ value, placeholder, id, onChange }: Props) {
  const cur = value ?? placeholder ?? [0, 0];
  const axes = ['x', 'y', 'z'];
  const set = (i: number, v: number | undefined) => {
    const next = [...cur];
    while (next.length < 2) next.push(0);
    if (i === 2 && v === undefined) {
      onChange(next.slice(0, 2));
      return;
    }
    next[i] = v ?? 0;
    onChange(next);
  };
  return (
    <span className="vecfield">
      {axes.map((a, i) => (
        <NumberField
          key={a}
          id={i === 0 ? id : undefined}
          label={a}
          value={value ? value[i] : undefined}
          placeholder={placeholder?.[i] !== undefined ? String(placeholder[i]) : i === 2 ? '–' : '0'}
          onChange={(v) => set(i, v)}
        />
      ))}
    </span>
  );
});
