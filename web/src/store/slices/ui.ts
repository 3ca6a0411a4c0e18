/** What the editor's chrome shows: menus, dialogs, the toast, and requests to the canvas. */
import type { SliceContext } from './context';

export interface MenuState {
  /** Screen position of the menu. */
  x: number;
  y: number;
  /** Flow position where a chosen node goes. */
  flow: { x: number; y: number };
  /** Set when the menu came from a wire dropped in empty space. */
  from: { node: string; handle: string; type: 'source' | 'target' } | null;
}

export type Dialog = 'export' | 'help' | 'new' | 'search' | null;

export interface Toast {
  id: number;
  message: string;
  action?: { label: string; run: () => void };
}

export interface UiState {
  menu: MenuState | null;
  dialog: Dialog;
  toast: Toast | null;
  /** Counts toasts shown, so a toast's timer hides only its own. */
  toastSeq: number;
  /** Bumped to ask the canvas to fit the view / focus a node. */
  fitRequest: number;
  focus: { node: string; n: number } | null;
  /** Where a wire was being dragged from, for port highlighting and hints. */
  dragging: { node: string; handle: string; type: 'source' | 'target' } | null;
}

export interface UiActions {
  showToast(message: string, action?: Toast['action']): void;
  dismissToast(): void;
  openMenu(menu: MenuState | null): void;
  setDialog(dialog: Dialog): void;
  setDragging(d: UiState['dragging']): void;
  /** Remember the pointer's position on the canvas, in flow coordinates (where a paste goes). */
  setPointer(p: { x: number; y: number } | null): void;
  lastPointer(): { x: number; y: number } | null;
  fitView(): void;
  /** Select a node and ask the canvas to bring it into view. */
  focusNode(id: string): void;
}

export function createUiSlice({ get, set, timers }: SliceContext): UiState & UiActions {
  let pointer: { x: number; y: number } | null = null;
  return {
    menu: null,
    dialog: null,
    toast: null,
    toastSeq: 0,
    fitRequest: 0,
    focus: null,
    dragging: null,

    showToast(message, action) {
      const id = get().toastSeq + 1;
      set({ toastSeq: id, toast: { id, message, action } });
      timers.start('toast', action ? 8000 : 4000, () => {
        if (get().toast?.id === id) set({ toast: null });
      });
    },

    dismissToast() {
      set({ toast: null });
    },

    openMenu(menu) {
      set({ menu });
    },

    setDialog(dialog) {
      set({ dialog, menu: null });
      if (dialog === 'export') void get().loadExports();
    },

    setDragging(d) {
      set({ dragging: d });
    },

    // Not store state: it changes on every mouse move, and no view draws it.
    setPointer(p) {
      pointer = p;
    },

    lastPointer() {
      return pointer;
    },

    fitView() {
      set({ fitRequest: get().fitRequest + 1 });
    },

    focusNode(id) {
      get().select([id]);
      set({ focus: { node: id, n: (get().focus?.n ?? 0) + 1 } });
    },
  };
}
