/** A list of numbers (one line, comma separated) or of words (one per line). */
import { memo } from 'react';
import type { DraftRules } from '../lib/fieldDraft';
import { isNumberKind, listToText, parseListText } from '../lib/listText';
import type { Kind, Literal } from '../lib/types';
import type { WidgetProps } from './types';
import { useFieldDraft } from './useFieldDraft';

/** Empty is the default; numbers must all parse, so `1, 2,` is not saved as `[1, 2]` mid-typing. */
export function listRules(kind: Kind): DraftRules<Literal[] | undefined> {
  return { parse: (text) => parseListText(text, kind), format: (v) => listToText(v, kind) };
}

export const ListField = memo(function ListField({ value, input, onChange, id }: WidgetProps) {
  const rules = listRules(input.kind);
  const draft = useFieldDraft(listToText(value, input.kind), rules, onChange);
  const numeric = isNumberKind(input.kind);
  const placeholder = Array.isArray(input.default) ? listToText(input.default, input.kind) : 'Manim default';
  const props = {
    id,
    value: draft.text,
    placeholder,
    spellCheck: false,
    'aria-invalid': draft.error !== null,
    title: numeric ? 'Numbers separated by commas' : 'One item per line',
    onBlur: draft.onBlur,
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => draft.setText(e.target.value),
  };
  return (
    <span className="listfield">
      {numeric ? <input type="text" {...props} onKeyDown={(e) => e.key === 'Enter' && draft.flush()} /> : <textarea rows={3} {...props} />}
      {draft.error && (
        <span className="field-error" role="alert">
          {draft.error}
        </span>
      )}
    </span>
  );
});
