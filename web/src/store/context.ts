/** The editor is provided through context; components read the store with selectors. */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { Editor, EditorStore } from './editor';

export const EditorContext = createContext<Editor | null>(null);

export function useEditorApi(): Editor {
  const editor = useContext(EditorContext);
  if (!editor) throw new Error('useEditorApi outside <EditorContext.Provider>');
  return editor;
}

export function useEditor<T>(selector: (s: EditorStore) => T): T {
  return useStore(useEditorApi().store, selector);
}
