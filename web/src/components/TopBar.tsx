/** Title, save state, and the main actions. */
import { memo } from 'react';
import { useEditor, useEditorApi } from '../store/context';
import type { SaveState } from '../store/editor';
import { Redo2, Undo2 } from 'lucide-react';

const SAVE_LABEL: Record<SaveState, string> = {
  saved: 'Saved',
  saving: 'Saving…',
  unsaved: 'Unsaved',
  offline: 'Offline: kept in this browser',
  conflict: 'Changed on disk',
  error: 'Not saved',
};

const SaveIndicator = memo(function SaveIndicator() {
  const state = useEditor((s) => s.saveState);
  const error = useEditor((s) => s.saveError);
  return (
    <span className={`save-state s-${state}`} data-testid="save-state" data-state={state} title={error ?? undefined} role="status">
      <span className="save-dot" />
      {SAVE_LABEL[state]}
    </span>
  );
});

function TopBarView() {
  const editor = useEditorApi();
  const title = useEditor((s) => (typeof s.doc?.name === 'string' && s.doc.name ? s.doc.name : s.name));
  const name = useEditor((s) => s.name);
  const canUndo = useEditor((s) => (s.history?.past.length ?? 0) > 0);
  const canRedo = useEditor((s) => (s.history?.future.length ?? 0) > 0);
  return (
    <header className="topbar">
      <span className="logo" aria-hidden>
        <svg viewBox="0 0 32 32" width="20" height="20">
          <rect width="32" height="32" rx="7" fill="#58C4DD" />
          <circle cx="11" cy="16" r="4" fill="#fff" />
          <rect x="18" y="12" width="8" height="8" rx="1" fill="#fff" />
        </svg>
        manim-nodes
      </span>
      <span className="doc-title" title={name ? `${name}` : undefined}>
        {title ?? 'No graph'}
      </span>
      {name && <SaveIndicator />}
      <span className="spacer" />
      <div className="toolbar" role="toolbar" aria-label="Editor actions">
        <button type="button" onClick={() => editor.setDialog('search')} title="Add a node (Ctrl+K)">
          + Node <kbd>Ctrl K</kbd>
        </button>
        <button type="button" className="icon" onClick={() => editor.undo()} disabled={!canUndo} title="Undo (Ctrl+Z)" aria-label="Undo">
          <Undo2 size={15} aria-hidden />
        </button>
        <button type="button" className="icon" onClick={() => editor.redo()} disabled={!canRedo} title="Redo (Ctrl+Shift+Z)" aria-label="Redo">
          <Redo2 size={15} aria-hidden />
        </button>
        <button type="button" onClick={() => editor.layoutAll()} title="Auto-layout (L)">
          Layout
        </button>
        <button type="button" onClick={() => editor.fitView()} title="Fit view (F)">
          Fit
        </button>
        <button type="button" className="icon" onClick={() => editor.setDialog('help')} title="Keyboard shortcuts (?)" aria-label="Help">
          ?
        </button>
      </div>
    </header>
  );
}

export const TopBar = memo(TopBarView);
