/** Keyboard shortcuts and clipboard events for the editor (see HelpOverlay). */
import { useEffect } from 'react';
import { flushAllDrafts } from '../lib/fieldDraft';
import { isSubgraphNode } from '../lib/subgraph';
import type { Editor } from '../store/editor';

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  const tag = el.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable;
}

/** Focus is on the canvas or nowhere, so Enter is not meant for a focused button. */
function onCanvas(target: EventTarget | null): boolean {
  const el = target instanceof HTMLElement ? target : null;
  return !el || el === document.body || el.closest('.react-flow') !== null;
}

export function useShortcuts(editor: Editor): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      const s = editor.state;
      // These work everywhere, even in a text field.
      if (mod && key === 'k') {
        e.preventDefault();
        editor.setDialog(s.dialog === 'search' ? null : 'search');
        return;
      }
      if (mod && key === 's') {
        e.preventDefault();
        flushAllDrafts(); // the keystrokes of the last pause go into this save
        void editor.flushSave();
        return;
      }
      if (key === 'escape') {
        if (s.menu) editor.openMenu(null);
        return;
      }
      if (typing(e.target) || s.dialog !== null || s.conflict) return;
      if (mod && key === 'z') {
        e.preventDefault();
        if (e.shiftKey) editor.redo();
        else editor.undo();
      } else if (mod && key === 'y') {
        e.preventDefault();
        editor.redo();
      } else if (mod && key === 'd') {
        e.preventDefault();
        editor.duplicateSelection();
      } else if (mod && key === 'a') {
        e.preventDefault();
        editor.selectAll();
      } else if (mod && key === 'e') {
        e.preventDefault();
        editor.setDialog('export');
      } else if (!mod && (key === 'delete' || key === 'backspace')) {
        e.preventDefault();
        editor.deleteSelection();
      } else if (e.altKey && !mod && key === 'arrowleft') {
        // Out of a subgraph, as a browser's Back (which would leave the editor: nothing to go back to).
        if (s.trail.length) {
          e.preventDefault();
          void editor.goBack();
        }
      } else if (!mod && !e.altKey && key === 'enter' && onCanvas(e.target)) {
        const one = s.selection.length === 1 ? s.selection[0] : null;
        if (one && isSubgraphNode(s.doc?.nodes[one])) {
          e.preventDefault();
          void editor.openSubgraph(one);
        }
      } else if (!mod && !e.altKey && key === 'f') {
        editor.fitView();
      } else if (!mod && !e.altKey && key === 'l') {
        editor.layoutAll();
      } else if (e.key === '?') {
        editor.setDialog('help');
      }
    };
    // Copy and paste go through the clipboard events: no permission prompts, works between tabs.
    const onCopy = (e: ClipboardEvent) => {
      if (typing(e.target) || editor.state.dialog) return;
      const text = e.type === 'cut' ? editor.cutSelection() : editor.copySelection();
      if (text && e.clipboardData) {
        e.clipboardData.setData('text/plain', text);
        e.preventDefault();
      }
    };
    const onPaste = (e: ClipboardEvent) => {
      if (typing(e.target) || editor.state.dialog) return;
      const text = e.clipboardData?.getData('text/plain') || null;
      if (editor.paste(text) || editor.paste()) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    document.addEventListener('copy', onCopy);
    document.addEventListener('cut', onCopy);
    document.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('keydown', onKey);
      document.removeEventListener('copy', onCopy);
      document.removeEventListener('cut', onCopy);
      document.removeEventListener('paste', onPaste);
    };
  }, [editor]);
}
