/** A frame on the canvas: a titled box behind the nodes. Its title bar drags it (and the nodes
 * inside, see useCanvasExtras); its body lets clicks through to the canvas. */
import { NodeResizer, type NodeProps } from '@xyflow/react';
import { memo, useCallback, useRef, useState, type CSSProperties } from 'react';
import { colorHex } from '../lib/colors';
import type { FrameFlowNode } from '../lib/convert';
import { useEditor, useEditorApi } from '../store/context';
import { useEditRequest } from './canvasEditing';

const NO_COLORS: Record<string, string> = {};

function TitleInput({ title, done }: { title: string; done: (title: string | null) => void }) {
  const [draft, setDraft] = useState(title);
  const closed = useRef(false); // Enter closes the input, and its blur must not close it again
  const close = (value: string | null) => {
    if (closed.current) return;
    closed.current = true;
    done(value);
  };
  return (
    <input
      className="frame-title-input nodrag nopan"
      aria-label="Frame title"
      value={draft}
      autoFocus
      onFocus={(e) => e.currentTarget.select()}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={() => close(draft)}
      onKeyDown={(e) => {
        if (e.key !== 'Enter' && e.key !== 'Escape') return;
        e.stopPropagation();
        close(e.key === 'Enter' ? draft : null);
      }}
    />
  );
}

function FrameNodeView({ id, data, selected }: NodeProps<FrameFlowNode>) {
  const editor = useEditorApi();
  const colors = useEditor((s) => s.catalog?.colors ?? NO_COLORS);
  const [editing, setEditing] = useState(false);
  const start = useCallback(() => setEditing(true), []);
  useEditRequest(id, start);
  const title = data.frame.title ?? '';
  const color = colorHex(data.frame.color, colors);
  const style = color ? ({ '--frame-color': color } as CSSProperties) : undefined;
  const finish = (next: string | null) => {
    setEditing(false);
    if (next !== null && next !== title) editor.setFrameTitle(data.id, next);
  };
  return (
    <div className={`canvas-frame${color ? ' colored' : ''}`} style={style} data-testid={`frame-${data.id}`}>
      <NodeResizer
        isVisible={selected}
        minWidth={120}
        minHeight={80}
        onResizeEnd={(_, box) => editor.resizeExtra({ kind: 'frame', id: data.id }, box)}
      />
      <div
        className="frame-head"
        title="Drag to move the frame and the nodes inside it; double-click to rename"
        onDoubleClick={start}
      >
        {editing ? (
          <TitleInput title={title} done={finish} />
        ) : (
          <span className={title ? 'frame-title' : 'frame-title untitled'}>{title || 'Untitled frame'}</span>
        )}
      </div>
    </div>
  );
}

export const FrameNode = memo(FrameNodeView);
