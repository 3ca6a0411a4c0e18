/**
 * The text of a field as it is typed, and when it reaches the document (issue 14, points 1–2).
 *
 * - Typing changes only the draft. The draft commits after a pause (`COMMIT_DELAY`) or on
 *   blur, and only when it parses: a half-typed `exp(-x` never reaches the document, which
 *   keeps its last valid value while the field shows the error.
 * - The document's value (`outside`, as text) may change while the field has focus: undo, a
 *   file edited on disk, another browser. Echoes of the field's own commits are recognised
 *   (`awaiting`) and leave the text alone (so `3.0` stays `3.0` until blur). Any other change
 *   is shown at once, focused or not, and any uncommitted typing is dropped with its pending
 *   commit: the field never shows, nor later saves, text built on a stale value.
 * - A field whose commit is costly to take back (renaming a node rewrites its wires) commits
 *   only on blur or Enter (`commitOnPause: false`).
 * - Saving now (Ctrl+S, switching graphs) first commits every draft waiting for its pause
 *   (`flushAllDrafts`), so the last keystrokes are in what is saved.
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

export interface DraftRules<T> {
  /** The value of a text, or why it is not one yet. */
  parse(text: string): Parsed<T>;
  /** The text of a value; `format(parse(t).value)` is the canonical form of `t`. */
  format(value: T): string;
}

export interface FieldDraft {
  /** What the field shows. */
  text: string;
  /** The document's value (as text) the draft last agreed with. */
  synced: string;
  /** The text of a value this field committed whose echo has not come back yet. */
  awaiting: string | null;
}

/** Milliseconds of quiet after the last keystroke before a valid draft is committed. */
export const COMMIT_DELAY = 350;

export function initDraft(outside: string): FieldDraft {
  return { text: outside, synced: outside, awaiting: null };
}

export function typed(d: FieldDraft, text: string): FieldDraft {
  return text === d.text ? d : { ...d, text };
}

/** The document's value is now `outside`. */
export function outsideChanged(d: FieldDraft, outside: string): FieldDraft {
  if (outside === d.synced) return d;
  if (outside === d.awaiting) return { ...d, synced: outside, awaiting: null };
  return initDraft(outside);
}

/** What to commit now: the parsed draft when valid and different from the document. */
export function pendingCommit<T>(d: FieldDraft, rules: DraftRules<T>): { value: T; text: string } | null {
  const p = rules.parse(d.text);
  if (!p.ok) return null;
  const text = rules.format(p.value);
  return text === d.synced ? null : { value: p.value, text };
}

/** The field committed a value whose text is `text`. */
export function committed(d: FieldDraft, text: string): FieldDraft {
  return { ...d, awaiting: text };
}

/** Leaving the field: valid text takes its canonical form; invalid text stays, with its error. */
export function settled<T>(d: FieldDraft, rules: DraftRules<T>): FieldDraft {
  const p = rules.parse(d.text);
  return p.ok ? typed(d, rules.format(p.value)) : d;
}

export interface DraftOptions {
  /** Milliseconds of quiet before a valid draft is committed. */
  delay?: number;
  /** False: only blur and Enter (`flush`) commit, never a pause. */
  commitOnPause?: boolean;
}

export interface DraftController<T> {
  readonly draft: FieldDraft;
  /** A commit is waiting for the pause after the last keystroke. */
  readonly pending: boolean;
  /** The rules and the commit of the latest render. */
  rules: DraftRules<T> & { commit(value: T): void };
  type(text: string): void;
  /** Commit now if the draft is valid (blur, Enter). */
  flush(): void;
  blur(): void;
  /** Set a value at once (arrow keys, dragging): shown and committed. */
  set(value: T): void;
  outside(text: string): void;
  /** Drop a pending commit (unmount: the document may be another graph's by now). */
  cancel(): void;
}

/** The draft with its debounce timer; `changed` is called whenever the draft changes. */
export function createDraftController<T>(
  outside: string,
  rules: DraftController<T>['rules'],
  changed: (d: FieldDraft) => void,
  { delay = COMMIT_DELAY, commitOnPause = true }: DraftOptions = {},
): DraftController<T> {
  let draft = initDraft(outside);
  let timer: ReturnType<typeof setTimeout> | null = null;
  const update = (next: FieldDraft) => {
    if (next === draft) return;
    draft = next;
    changed(next);
  };
  const cancel = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };
  const ctl: DraftController<T> = {
    get draft() {
      return draft;
    },
    get pending() {
      return timer !== null;
    },
    rules,
    type(text) {
      update(typed(draft, text));
      cancel();
      if (commitOnPause) timer = setTimeout(() => ctl.flush(), delay);
    },
    flush() {
      cancel();
      const c = pendingCommit(draft, ctl.rules);
      if (!c) return;
      update(committed(draft, c.text)); // before the commit: its echo may arrive synchronously
      ctl.rules.commit(c.value);
    },
    blur() {
      ctl.flush();
      update(settled(draft, ctl.rules));
    },
    set(value) {
      cancel();
      const text = ctl.rules.format(value);
      if (text === draft.synced) return update(typed(draft, text));
      update(committed(typed(draft, text), text));
      ctl.rules.commit(value);
    },
    outside(text) {
      if (text !== draft.synced && text !== draft.awaiting) cancel(); // from elsewhere: typing is dropped
      update(outsideChanged(draft, text));
    },
    cancel,
  };
  return ctl;
}

/** The drafts of the fields on screen (`registerDraft`), for `flushAllDrafts`. */
const live = new Set<Flushable>();

/** What `flushAllDrafts` needs of a draft: any `DraftController`. */
export interface Flushable {
  readonly pending: boolean;
  flush(): void;
}

/** Count a mounted field's draft in `flushAllDrafts`; returns its removal (for unmount). */
export function registerDraft(ctl: Flushable): () => void {
  live.add(ctl);
  return () => {
    live.delete(ctl);
  };
}

/**
 * Commit now every draft waiting for its pause, before the document is saved or left: a
 * keystroke made just before Ctrl+S is saved with it. A field that commits only on blur or
 * Enter (a node's id) keeps its draft: saving is not renaming.
 */
export function flushAllDrafts(): void {
  for (const ctl of [...live]) if (ctl.pending) ctl.flush();
}

/** Free text; empty is the port's default (`undefined`). */
export const TEXT_RULES: DraftRules<string | undefined> = {
  parse: (text) => ({ ok: true, value: text === '' ? undefined : text }),
  format: (v) => v ?? '',
};

/** Free text kept as typed, empty included. */
export const PLAIN_TEXT_RULES: DraftRules<string> = {
  parse: (text) => ({ ok: true, value: text }),
  format: (v) => v,
};
