/** The file changed on disk while there were unsaved edits here: the user picks; nothing is lost. */
import { useEditor, useEditorApi } from '../store/context';
import { Modal } from './Modal';

function countNodes(doc: { nodes: Record<string, unknown> }): number {
  return Object.keys(doc.nodes).length;
}

export function ConflictDialog() {
  const editor = useEditorApi();
  const conflict = useEditor((s) => s.conflict);
  const name = useEditor((s) => s.name);
  if (!conflict) return null;
  const why =
    conflict.reason === 'restored'
      ? `This browser kept edits to ${name} that were never saved, and the file has changed since.`
      : `${name} was changed on disk (e.g. in a text editor) while you had unsaved edits here.`;
  return (
    <Modal title="Which version do you want to keep?" testId="conflict-dialog">
      <p>{why}</p>
      <div className="conflict-sides">
        <div>
          <strong>Yours</strong>
          <span className="field-hint">{countNodes(conflict.mine)} nodes, edited in this browser</span>
        </div>
        <div>
          <strong>On disk</strong>
          <span className="field-hint">{countNodes(conflict.theirs)} nodes, the file as saved now</span>
        </div>
      </div>
      <p className="field-hint">Whichever you keep, the other stays one Undo (Ctrl+Z) away.</p>
      <div className="button-row">
        <button type="button" className="primary" onClick={() => void editor.resolveConflict('mine')}>
          Keep mine
        </button>
        <button type="button" onClick={() => void editor.resolveConflict('theirs')}>
          Keep the file on disk
        </button>
        <button type="button" onClick={() => void editor.resolveConflict('copy')}>
          Keep disk, save mine as a copy
        </button>
      </div>
    </Modal>
  );
}
