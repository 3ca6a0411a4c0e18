/** A math expression in x or t, checked as you type; only valid text is saved. */
import { memo } from 'react';
import { checkExpression, variableNames } from '../lib/expression';
import { useDraft } from './useDraft';

interface Props {
  value: string | undefined;
  placeholder?: string;
  id?: string;
  /** The port's free variables from the catalog, one letter each: x, t, or uv for surfaces. */
  variable: string;
  onChange(v: string | undefined): void;
}

export const ExpressionField = memo(function ExpressionField({ value, placeholder, id, variable, onChange }: Props) {
  const draft = useDraft(value ?? '');
  const check = draft.text.trim() ? checkExpression(draft.text, variable) : { ok: true as const };
  return (
    <span className={`exprfield${check.ok ? '' : ' invalid'}`}>
      <input
        id={id}
        type="text"
        className="mono"
        spellCheck={false}
        value={draft.text}
        placeholder={placeholder ?? `e.g. sin(${variable}) * 2`}
        onFocus={draft.onFocus}
        onBlur={draft.onBlur}
        onChange={(e) => {
          draft.setText(e.target.value);
          const t = e.target.value.trim();
          if (!t) onChange(undefined);
          else if (checkExpression(t, variable).ok) onChange(t);
        }}
        aria-invalid={!check.ok}
      />
      {check.ok ? (
        <span className="field-hint">in {[...variableNames(variable)].join(', ')}: + − * / ** %, sin, cos, exp, sqrt, log, abs, pi, e…</span>
      ) : (
        <span className="field-error" role="alert">
          {check.message} (at {check.at + 1})
        </span>
      )}
    </span>
  );
});
