/** A math expression in x or t, checked as you type; only valid text is saved, after a pause. */
import { memo } from 'react';
import { checkExpression, variableNames } from '../lib/expression';
import type { DraftRules } from '../lib/fieldDraft';
import { useFieldDraft } from './useFieldDraft';

/** Empty is the default; anything else is saved only once it checks, trimmed. */
export function expressionRules(variable: string): DraftRules<string | undefined> {
  return {
    parse(text) {
      const t = text.trim();
      if (!t) return { ok: true, value: undefined };
      const check = checkExpression(t, variable);
      if (check.ok) return { ok: true, value: t };
      return { ok: false, message: `${check.message} (at ${check.at + 1 + text.length - text.trimStart().length})` };
    },
    format: (v) => v ?? '',
  };
}

interface Props {
  value: string | undefined;
  placeholder?: string;
  id?: string;
  /** The port's free variables from the catalog, one letter each: x, t, or uv for surfaces. */
  variable: string;
  onChange(v: string | undefined): void;
}

export const ExpressionField = memo(function ExpressionField({ value, placeholder, id, variable, onChange }: Props) {
  const draft = useFieldDraft(value ?? '', expressionRules(variable), onChange);
  return (
    <span className={`exprfield${draft.error ? ' invalid' : ''}`}>
      <input
        id={id}
        type="text"
        className="mono"
        spellCheck={false}
        value={draft.text}
        placeholder={placeholder ?? `e.g. sin(${variable}) * 2`}
        onBlur={draft.onBlur}
        onChange={(e) => draft.setText(e.target.value)}
        onKeyDown={(e) => e.key === 'Enter' && draft.flush()}
        aria-invalid={draft.error !== null}
      />
      {draft.error === null ? (
        <span className="field-hint">in {[...variableNames(variable)].join(', ')}: + − * / ** %, sin, cos, exp, sqrt, log, abs, pi, e…</span>
      ) : (
        <span className="field-error" role="alert">
          {draft.error}
        </span>
      )}
    </span>
  );
});
