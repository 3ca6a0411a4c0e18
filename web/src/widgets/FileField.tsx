/** A picture's path in the data dir, picked from the files there or typed. */
import { memo, useCallback, useId, useState } from 'react';
import { api } from '../api/client';
import type { DraftRules } from '../lib/fieldDraft';
import type { Literal } from '../lib/types';
import { pictureProblem } from '../lib/pictures';
import { useFieldDraft } from './useFieldDraft';

interface Props {
  id: string;
  value: Literal | undefined;
  /** The suffixes this port takes, e.g. ['.png', '.jpg', '.jpeg']. */
  suffixes: string[];
  onChange(value: Literal | undefined): void;
}

/**
 * Empty is the default; otherwise a path the server takes (`pictureProblem`). The suffix comes
 * last, so a half-typed name (`pictures/lo`) is never valid and never saved.
 */
export function fileRules(suffixes: readonly string[]): DraftRules<string | undefined> {
  return {
    parse(text) {
      if (text === '') return { ok: true, value: undefined };
      const problem = pictureProblem(text, suffixes);
      return problem === null ? { ok: true, value: text } : { ok: false, message: problem };
    },
    format: (v) => v ?? '',
  };
}

/** Saves a whole path: a file from the list as soon as it is picked, a typed one after a pause. */
export const FileField = memo(function FileField({ id, value, suffixes, onChange }: Props) {
  const draft = useFieldDraft(typeof value === 'string' ? value : '', fileRules(suffixes), onChange);
  const listId = useId();
  const [choices, setChoices] = useState<string[]>([]);
  const load = useCallback(() => {
    api.pictures().then(
      (all) => setChoices(all.filter((p) => suffixes.some((s) => p.toLowerCase().endsWith(s)))),
      () => setChoices([]),
    );
  }, [suffixes]);
  const problem = draft.error;
  return (
    <span className="filefield">
      <input
        id={id}
        type="text"
        list={listId}
        value={draft.text}
        placeholder={suffixes.map((s) => s.slice(1)).join(', ') + ' in the data directory'}
        spellCheck={false}
        aria-invalid={problem ? true : undefined}
        onFocus={load}
        onBlur={draft.onBlur}
        onKeyDown={(e) => e.key === 'Enter' && draft.flush()}
        onChange={(e) => {
          draft.setText(e.target.value);
          if (choices.includes(e.target.value)) draft.flush();
        }}
      />
      <datalist id={listId}>
        {choices.map((p) => (
          <option key={p} value={p} />
        ))}
      </datalist>
      {problem && <span className="field-error">{problem}</span>}
      {!problem && choices.length === 0 && draft.text === '' && (
        <span className="field-hint">Put PNG, JPEG or SVG files in the data directory to pick them here.</span>
      )}
    </span>
  );
});
