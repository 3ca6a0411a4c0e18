import { useEffect, useReducer, useRef } from 'react';
import { createDraftController, registerDraft, type DraftController, type DraftOptions, type DraftRules } from '../lib/fieldDraft';

/**
 * A field's draft (lib/fieldDraft): typing stays local, valid text is committed after a pause
 * (unless `commitOnPause: false`) or on blur, and a change of the document from elsewhere shows
 * up even while focused. `outside` is the document's value as text, `format(value)` of it.
 * While mounted, the draft is flushed by `flushAllDrafts` (Ctrl+S, switching graphs).
 */
export function useFieldDraft<T>(outside: string, rules: DraftRules<T>, commit: (value: T) => void, options?: DraftOptions) {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const ref = useRef<DraftController<T> | null>(null);
  ref.current ??= createDraftController(outside, { ...rules, commit }, rerender, options);
  const ctl = ref.current;
  ctl.rules = { ...rules, commit };
  useEffect(() => ctl.outside(outside), [ctl, outside]);
  useEffect(() => {
    const unregister = registerDraft(ctl);
    return () => {
      unregister();
      ctl.cancel();
    };
  }, [ctl]);
  const parsed = rules.parse(ctl.draft.text);
  return {
    text: ctl.draft.text,
    /** Why the text is not a value yet, or null. */
    error: parsed.ok ? null : parsed.message,
    setText: (text: string) => ctl.type(text),
    onBlur: () => ctl.blur(),
    flush: () => ctl.flush(),
    set: (value: T) => ctl.set(value),
  };
}
