/** A vector [x, y] or [x, y, z], or a range [min, max] or [min, max, step]: one number field per
 * entry; leave the third empty to drop it (a 2D point, a range without a step). */
import { memo } from 'react';
import { NumberField } from './NumberField';

/** The entries' names: a point's axes, or a range's bounds and step (the file holds both as lists). */
export const AXIS_LABELS = ['x', 'y', 'z'] as const;
export const RANGE_LABELS = ['min', 'max', 'step'] as const;

interface Props {
  value: number[] | undefined;
  placeholder?: number[];
  id?: string;
  labels?: readonly [string, string, string];
  onChange(v: number[] | undefined): void;
}

export const VectorField = memo(function VectorField({ value, placeholder, id, labels = AXIS_LABELS, onChange }: Props) {
  const cur = value ?? placeholder ?? [0, 0];
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
      {labels.map((a, i) => (
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

/** A range port: the same list as a vector, labelled min/max/step. */
export const RangeField = memo(function RangeField(props: Omit<Props, 'labels'>) {
  return <VectorField {...props} labels={RANGE_LABELS} />;
});
