/** A note on the canvas: plain text, several lines. Double-click (or Enter) to edit; each change
 * is saved as you type, and a burst of typing is one undo step. */
import { NodeResizer, type NodeProps } from '@xyflow/react';
import { memo, useCallback, useState } from 'react';
import type { NoteFlowNode } from '../lib/convert';
import { useEditorApi } from '../store/context';
import { useEditRequest } from './canvasEditing';

function NoteNodeView({ id, data, selected }: NodeProps<NoteFlowNode>) {
  const editor = useEditorApi();
  const [editing, setEditing] = useState(false);
  const start = useCallback(() => setEditing(true), []);
  useEditRequest(id, start);
  const text = data.note.text;
  return (
    <div className="canvas-note" data-testid={`note-${data.id}`} onDoubleClick={start}>
      <NodeResizer
        isVisible={selected}
        minWidth={100}
        minHeight={50}
        onResizeEnd={(_, box) => editor.resizeExtra({ kind: 'note', id: data.id }, box)}
      />
      {editing ? (
        <textarea
          className="note-text nodrag nopan nowheel"
          aria-label="Note text"
          placeholder="Write a note…"
          value={text}
          autoFocus
          onChange={(e) => editor.setNoteText(data.id, e.target.value)}
          onBlur={() => setEditing(false)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') e.currentTarget.blur();
          }}
        />
      ) : (
        <div className={text ? 'note-text' : 'note-text empty'}>{text || 'Empty note: double-click to write'}</div>
      )}
    </div>
  );
}

export const NoteNode = memo(NoteNodeView);
