import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { colorRules } from '../widgets/ColorField';
import { expressionRules } from '../widgets/ExpressionField';
import { fileRules } from '../widgets/FileField';
import { nodeIdRules } from '../widgets/IdField';
import { listRules } from '../widgets/ListField';
import { numberRules } from '../widgets/NumberField';
import { cellRules } from '../widgets/TableField';
import {
  COMMIT_DELAY,
  createDraftController,
  flushAllDrafts,
  initDraft,
  outsideChanged,
  pendingCommit,
  registerDraft,
  settled,
  TEXT_RULES,
  type DraftOptions,
  type DraftRules,
  type FieldDraft,
} from './fieldDraft';
import type { Api, LoadedGraph } from '../api/client';
import { createEditor } from '../store/editor';
import { catalog, exampleDoc } from './fixtures';
import type { GraphDoc, Literal } from './types';

/** A field on a fake document: commits write `doc`, and its echo comes back as a render would. */
function field<T>(rules: DraftRules<T>, initial: T, options?: DraftOptions) {
  let doc = initial;
  const commits: T[] = [];
  const ctl = createDraftController<T>(rules.format(doc), { ...rules, commit: (v) => { commits.push(v); doc = v; ctl.outside(rules.format(v)); } }, () => {}, options);
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

  it('commits only on blur or Enter when a pause must not (a node rename)', () => {
    const f = field(TEXT_RULES, 'ring' as string | undefined, { commitOnPause: false });
    f.type('2');
    vi.advanceTimersByTime(10 * COMMIT_DELAY);
    expect(f.commits).toEqual([]);
    expect(f.ctl.pending).toBe(false);
    f.ctl.flush(); // Enter
    expect(f.commits).toEqual(['ring2']);
    f.type('x');
    f.ctl.blur();
    expect(f.commits).toEqual(['ring2', 'ring2x']);
  });

  it('flushes every registered draft waiting for its pause, and only those (Ctrl+S)', () => {
    const a = field(numberRules(false), 3 as number | undefined);
    const b = field(TEXT_RULES, 'b' as string | undefined);
    const id = field(TEXT_RULES, 'ring' as string | undefined, { commitOnPause: false });
    const gone = field(TEXT_RULES, 'g' as string | undefined);
    const off = [registerDraft(a.ctl), registerDraft(b.ctl), registerDraft(id.ctl), registerDraft(gone.ctl)];
    off[3](); // unmounted
    a.type('4', 0);
    id.type('2', 0);
    gone.type('!', 0);
    expect(a.ctl.pending).toBe(true);
    flushAllDrafts(); // no pause: the keystroke is committed before the save
    expect(a.commits).toEqual([34]);
    expect(a.ctl.pending).toBe(false);
    expect(b.commits).toEqual([]); // nothing typed, nothing to commit
    expect(id.commits).toEqual([]); // saving is not renaming
    expect(gone.commits).toEqual([]);
    vi.advanceTimersByTime(COMMIT_DELAY);
    expect(a.commits).toEqual([34]); // the pause does not commit it again
    expect(gone.commits).toEqual(['g!']); // its own timer; unmounting cancels it in the hook
    a.type('x', 0); // invalid: flushing keeps the last valid value
    flushAllDrafts();
    expect(a.commits).toEqual([34]);
    off.forEach((o) => o());
  });

  it('colors: #RRGGBB or a Manim name, in capitals', () => {
    const rules = colorRules({ BLUE: '#58C4DD', BLUE_E: '#1C758A' });
    expect(rules.parse(' blue ')).toEqual({ ok: true, value: 'BLUE' });
    expect(rules.parse('#58c4dd')).toEqual({ ok: true, value: '#58C4DD' });
    expect(rules.parse('')).toEqual({ ok: true, value: undefined });
    expect(rules.parse('BLU')).toMatchObject({ ok: false });
    expect(rules.parse('#58C4D')).toMatchObject({ ok: false, message: expect.stringContaining('six') });
    const f = field(rules, 'BLUE' as string | undefined);
    f.external('#1C758A');
    f.ctl.type('BLUE_'); // a half-typed name is not saved
    vi.advanceTimersByTime(COMMIT_DELAY);
    expect(f.commits).toEqual([]);
    f.type('e');
    vi.advanceTimersByTime(COMMIT_DELAY);
    expect(f.commits).toEqual(['BLUE_E']);
  });

  it('lists: typing builds on a change from disk', () => {
    const rules = listRules('number');
    const f = field(rules, [1, 2] as Literal[] | undefined);
    expect(f.ctl.draft.text).toBe('1, 2');
    f.external([1, 2, 5]);
    expect(f.ctl.draft.text).toBe('1, 2, 5');
    f.type(',');
    vi.advanceTimersByTime(COMMIT_DELAY);
    expect(f.commits).toEqual([]); // `1, 2, 5,` is not a list yet
    f.type(' 7');
    vi.advanceTimersByTime(COMMIT_DELAY);
    expect(f.commits).toEqual([[1, 2, 5, 7]]);
    expect(listRules('string').parse('a\n\nb\n')).toEqual({ ok: true, value: ['a', 'b'] });
    expect(listRules('integer').parse('1, 2.5')).toMatchObject({ ok: false });
  });

  it('table cells and picture paths take only whole values', () => {
    expect(cellRules('number').parse('1.')).toEqual({ ok: true, value: 1 });
    expect(cellRules('number').parse('1e')).toMatchObject({ ok: false });
    expect(cellRules('string').parse('30')).toEqual({ ok: true, value: '30' });
    const svg = fileRules(['.svg']);
    expect(svg.parse('')).toEqual({ ok: true, value: undefined });
    expect(svg.parse('pictures/b')).toMatchObject({ ok: false, message: 'only svg files' });
    expect(svg.parse('pictures/b.svg')).toEqual({ ok: true, value: 'pictures/b.svg' });
  });

  it('node ids: the id pattern, and not another node', () => {
    const rules = nodeIdRules('ring', (to) => ['ring', 'curve'].includes(to));
    expect(rules.parse(' ring ')).toEqual({ ok: true, value: 'ring' });
    expect(rules.parse('ring2')).toEqual({ ok: true, value: 'ring2' });
    expect(rules.parse('curve')).toEqual({ ok: false, message: '“curve” is taken' });
    expect(rules.parse('2ring')).toMatchObject({ ok: false, message: expect.stringContaining('Letters') });
    expect(rules.parse('')).toMatchObject({ ok: false });
  });

  it('saves a draft waiting for its pause before another graph is opened', async () => {
    const puts: GraphDoc[] = [];
    const load = async (): Promise<LoadedGraph> => ({ name: 'g', format: 'yaml', graph: exampleDoc(), errors: [], etag: 'e1', live: [] });
    const api = {
      getGraph: vi.fn(load),
      putGraph: vi.fn(async (_name: string, doc: GraphDoc) => {
        puts.push(doc);
        return { etag: 'e2', errors: [], live: [], job: null, graph: null };
      }),
      listGraphs: vi.fn(async () => []),
    } as unknown as Api;
    const editor = createEditor(api);
    editor.store.setState({ catalog });
    await editor.openGraph('g');
    const rules = numberRules(false);
    const radius = createDraftController(rules.format(1.5), { ...rules, commit: (v) => editor.setParam('circle', 'radius', v) }, () => {});
    const off = registerDraft(radius);
    radius.type('1.75');
    await editor.openGraph('h'); // no pause: the keystroke is saved into the graph being left
    expect(puts.map((d) => d.nodes.circle.params?.radius)).toEqual([1.75]);
    off();
  });
});
