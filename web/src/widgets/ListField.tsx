/** A list of numbers (one line, comma separated) or of words (one per line). */
import { memo, useState } from 'react';
import { isNumberKind, listToText, parseListText } from '../lib/listText';
import type { WidgetProps } from './types';
import { useDraft } from './useDraft';

export const ListField = memo(function ListField({ value, input, onChange, id }: WidgetProps) {
  const draft = useDraft(listToText(value, input.kind));
  const [error, setError] = useState<string | null>(null);
  const numeric = isNumberKind(input.kind);
  const placeholder = Array.isArray(input.default) ? listToText(input.default, input.kind) : 'Manim default';
  const props = {
    id,
    value: draft.text,
    placeholder,
    spellCheck: false,
    'aria-invalid': error !== null,
    title: numeric ? 'Numbers separated by commas' : 'One item per line',
    onFocus: draft.onFocus,
    onBlur: () => {
      draft.onBlur();
      setError(null);
    },
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
      draft.setText(e.target.value);
      const parsed = parseListText(e.target.value, input.kind);
      setError(parsed.ok ? null : parsed.message);
      if (parsed.ok) onChange(parsed.value);
    },
  };
  return (
    <span className="listfield">
      {numeric ? <input type="text" {...props} /> : <textarea rows={3} {...props} />}
      {error && <span className="field-error">{error}</span>}
    </span>
  );
});
