import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { expressionRules } from '../widgets/ExpressionField';
import { numberRules } from '../widgets/NumberField';
import { COMMIT_DELAY, createDraftController, initDraft, outsideChanged, pendingCommit, settled, TEXT_RULES, type DraftRules, type FieldDraft } from './fieldDraft';

/** A field on a fake document: commits write `doc`, and its echo comes back as a render would. */
function field<T>(rules: DraftRules<T>, initial: T) {
  let doc = initial;
  const commits: T[] = [];
  const ctl = createDraftController<T>(rules.format(doc), { ...rules, commit: (v) => { commits.push(v); doc = v; ctl.outside(rules.format(v)); } }, () => {});
  return {
    ctl,
    commits,
    get doc() { return doc; },
    /** Someone else changed the document (a file edited on disk, undo). */
    external(v: T) { doc = v; ctl.outside(rules.format(v)); },
    /** Type the text one keystroke at a time, `gap` ms apart. */
    type(text: string, gap = 30) {
      for (let i = 1; i <= text.length; i++) {
        ctl.type(ctl.draft.text + text[i - 1]);
        vi.advanceTimersByTime(gap);
      }
    },
  };
}

describe('field drafts', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('never commits a valid prefix of an incomplete expression (issue 14.1)', () => {
    const f = field(expressionRules('x'), 'sin(x)' as string | undefined);
    f.ctl.type('');
    f.type('sin(x) * exp(-x**2 / 20');
    vi.advanceTimersByTime(5 * COMMIT_DELAY);
    expect(f.commits).toEqual([]); // `sin(x) * e` was valid on the way, but never after a pause
    expect(f.doc).toBe('sin(x)');
    expect(pendingCommit(f.ctl.draft, expressionRules('x'))).toBeNull();
    expect(expressionRules('x').parse(f.ctl.draft.text)).toMatchObject({ ok: false, message: expect.stringContaining('missing') });
    f.ctl.blur(); // leaving keeps the text and its error; the document keeps its value
    expect(f.ctl.draft.text).toBe('sin(x) * exp(-x**2 / 20');
    expect(f.doc).toBe('sin(x)');
    f.type(')');
    vi.advanceTimersByTime(COMMIT_DELAY);
    expect(f.commits).toEqual(['sin(x) * exp(-x**2 / 20)']);
  });

  it('commits after a pause, once, and on blur at once', () => {
    const f = field(numberRules(false), 3 as number | undefined);
    f.ctl.type('');
    f.type('12');
    expect(f.commits).toEqual([]);
    vi.advanceTimersByTime(COMMIT_DELAY);
    expect(f.commits).toEqual([12]);
    f.type('.50');
    f.ctl.blur();
    expect(f.commits).toEqual([12, 12.5]);
    expect(f.ctl.draft.text).toBe('12.5'); // the canonical form once it is left
  });

  it('keeps the text while its own commit echoes back', () => {
    const f = field(numberRules(false), 3 as number | undefined);
    f.ctl.type('3.0');
    vi.advanceTimersByTime(COMMIT_DELAY);
    expect(f.commits).toEqual([]); // 3.0 is 3: nothing to write
    f.ctl.type('4.0');
    vi.advanceTimersByTime(COMMIT_DELAY);
    expect(f.commits).toEqual([4]);
    expect(f.ctl.draft.text).toBe('4.0');
  });

  it('shows a change from elsewhere in a focused field, so typing builds on it (issue 14.2)', () => {
    const f = field(numberRules(false), 3 as number | undefined);
    f.external(5);
    expect(f.ctl.draft.text).toBe('5');
    f.type('3');
    vi.advanceTimersByTime(COMMIT_DELAY);
    expect(f.commits).toEqual([53]);
  });

  it('drops uncommitted typing when the document changes from elsewhere', () => {
    const f = field(TEXT_RULES, 'a' as string | undefined);
    f.type('bc');
    f.external('from disk');
    vi.advanceTimersByTime(5 * COMMIT_DELAY);
    expect(f.commits).toEqual([]);
    expect(f.ctl.draft.text).toBe('from disk');
    expect(f.doc).toBe('from disk');
  });

  it('sets a value at once (arrow keys, dragging)', () => {
    const f = field(numberRules(true), 1 as number | undefined);
    f.ctl.set(2);
    expect(f.commits).toEqual([2]);
    expect(f.ctl.draft.text).toBe('2');
    f.ctl.set(2);
    expect(f.commits).toEqual([2]);
  });

  it('empties to the default', () => {
    const f = field(expressionRules('t'), 't' as string | undefined);
    f.ctl.type('  ');
    f.ctl.flush();
    expect(f.commits).toEqual([undefined]);
  });

  it('pure steps', () => {
    const d: FieldDraft = { text: 'x+', synced: 'x', awaiting: 'x+1' };
    expect(outsideChanged(d, 'x')).toBe(d);
    expect(outsideChanged(d, 'x+1')).toEqual({ text: 'x+', synced: 'x+1', awaiting: null });
    expect(outsideChanged(d, 'y')).toEqual(initDraft('y'));
    expect(settled(d, expressionRules('x'))).toBe(d);
    expect(settled({ ...d, text: ' x+1 ' }, expressionRules('x')).text).toBe('x+1');
    expect(expressionRules('x').parse(' x+')).toEqual({ ok: false, message: 'expression ends too early (at 4)' });
  });
});
