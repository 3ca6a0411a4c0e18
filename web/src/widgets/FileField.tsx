/** A picture's path in the data dir, picked from the files there or typed. */
import { memo, useCallback, useId, useState } from 'react';
import { api } from '../api/client';
import type { Literal } from '../lib/types';
import { pictureProblem } from '../lib/pictures';
import { useDraft } from './useDraft';

interface Props {
  id: string;
  value: Literal | undefined;
  /** The suffixes this port takes, e.g. ['.png', '.jpg', '.jpeg']. */
  suffixes: string[];
  onChange(value: Literal | undefined): void;
}

/**
 * Saves only a whole path: a file from the list as soon as it is picked, anything else typed
 * when the field is left or Enter is pressed, so a half-typed name never reaches the file.
 */
export const FileField = memo(function FileField({ id, value, suffixes, onChange }: Props) {
  const outside = typeof value === 'string' ? value : '';
  const draft = useDraft(outside);
  const listId = useId();
  const [choices, setChoices] = useState<string[]>([]);
  const load = useCallback(() => {
    api.pictures().then(
      (all) => setChoices(all.filter((p) => suffixes.some((s) => p.toLowerCase().endsWith(s)))),
      () => setChoices([]),
    );
  }, [suffixes]);
  const problem = draft.text ? pictureProblem(draft.text, suffixes) : null;
  const commit = (text: string) => {
    if (text === outside) return;
    if (text === '') onChange(undefined);
    else if (!pictureProblem(text, suffixes)) onChange(text);
  };
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
        onFocus={() => {
          draft.onFocus();
          load();
        }}
        onBlur={() => {
          commit(draft.text);
          draft.onBlur();
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit(draft.text);
        }}
        onChange={(e) => {
          draft.setText(e.target.value);
          if (choices.includes(e.target.value)) commit(e.target.value);
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
