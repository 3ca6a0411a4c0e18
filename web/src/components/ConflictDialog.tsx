/**
 * The file changed on disk and the server could not merge the edits made here into it: the
 * user sees, node by node, what keeping theirs would change, and picks. Nothing is lost.
 */
import type { Conflict } from '../store/editor';
import { useEditor, useEditorApi } from '../store/context';
import { type Change, type GraphDiff, placeOf, shortValue } from '../lib/merge';
import { Modal } from './Modal';

const MAX_ROWS = 12;

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The changes of the diff that are not conflicts (those are listed first, on their own). */
function otherChanges(diff: GraphDiff, conflict: Conflict): Change[] {
  const clashing = new Set(conflict.conflicts.map((c) => c.path.join('/')));
  return diff.changed.filter((c) => !clashing.has(c.path.join('/')));
}

function DiffList({ conflict }: { conflict: Conflict }) {
  const diff = conflict.diff;
  if (!diff) {
    const mine = Object.keys(conflict.mine.nodes).length;
    const theirs = Object.keys(conflict.theirs.nodes).length;
    return (
      <p className="field-hint">
        Yours has {mine} nodes, the file on disk {theirs}.
      </p>
    );
  }
  const rows: { key: string; kind: string; text: string }[] = [];
  for (const c of conflict.conflicts) {
    rows.push({
      key: `c:${c.path.join('/')}`,
      kind: 'both',
      text: `${placeOf(c.path)}: yours ${shortValue(c.ours)}, on disk ${shortValue(c.theirs)}`,
    });
  }
  for (const id of diff.added) rows.push({ key: `a:${id}`, kind: 'added', text: `${id}: only in yours` });
  for (const id of diff.removed) rows.push({ key: `r:${id}`, kind: 'removed', text: `${id}: only on disk` });
  for (const c of otherChanges(diff, conflict)) {
    if (sameValue(c.old.value, c.new.value) && c.old.has === c.new.has) continue;
    rows.push({
      key: `v:${c.path.join('/')}`,
      kind: 'changed',
      text: `${placeOf(c.path)}: yours ${shortValue(c.new)}, on disk ${shortValue(c.old)}`,
    });
  }
  if (!rows.length) return <p className="field-hint">Both versions hold the same nodes and values.</p>;
  const label = { both: 'Changed on both sides', added: 'Added here', removed: 'Not in yours', changed: 'Yours differs' };
  return (
    <ul className="conflict-diff" data-testid="conflict-diff">
      {rows.slice(0, MAX_ROWS).map((r) => (
        <li key={r.key} className={`conflict-row ${r.kind}`}>
          <span className="conflict-kind">{label[r.kind as keyof typeof label]}</span>
          <span className="conflict-text">{r.text}</span>
        </li>
      ))}
      {rows.length > MAX_ROWS && <li className="field-hint">and {rows.length - MAX_ROWS} more</li>}
    </ul>
  );
}

export function ConflictDialog() {
  const editor = useEditorApi();
  const conflict = useEditor((s) => s.conflict);
  const name = useEditor((s) => s.name);
  if (!conflict) return null;
  const why =
    conflict.reason === 'restored'
      ? `This browser kept edits to ${name} that were never saved, and the file has changed since.`
      : conflict.conflicts.length
        ? `${name} was changed elsewhere (e.g. in a text editor) in some of the same places you changed here.`
        : `${name} was changed elsewhere (e.g. in a text editor) while you had unsaved edits here.`;
  const merging = conflict.conflicts.length > 0;
  const mineLabel = merging ? 'Keep mine where both changed' : 'Keep mine';
  return (
    <Modal title="Which version do you want to keep?" testId="conflict-dialog">
      <p>{why}</p>
      <DiffList conflict={conflict} />
      <p className="field-hint">
        {merging ? 'The first two keep every change made on only one side. ' : ''}
        Whichever you keep, the other stays one Undo (Ctrl+Z) away.
      </p>
      <div className="button-row">
        <button type="button" className="primary" onClick={() => void editor.resolveConflict('mine')}>
          {mineLabel}
        </button>
        {merging && (
          <button type="button" onClick={() => void editor.resolveConflict('merge-theirs')}>
            Keep the file's where both changed
          </button>
        )}
        <button type="button" onClick={() => void editor.resolveConflict('theirs')}>
          {merging ? 'Drop my edits, keep the file' : 'Keep the file on disk'}
        </button>
        <button type="button" onClick={() => void editor.resolveConflict('copy')}>
          Keep disk, save mine as a copy
        </button>
      </div>
    </Modal>
  );
}
