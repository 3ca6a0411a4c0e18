/** What the editor's chrome shows: menus, dialogs, the toast, and requests to the canvas. */
import { readLayout, writeLayout, type LayoutPrefs, type PanelPrefs, type Side } from '../../lib/prefs';
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

/** What a right-click landed on: a node (acting on the selection it is part of), a wire, or the canvas. */
export type ContextTarget = { kind: 'node'; ids: string[] } | { kind: 'edge'; id: string } | { kind: 'pane' };

export interface ContextMenuState {
  /** Screen position of the click. */
  x: number;
  y: number;
  /** The same point on the canvas, where "Add node" and "Paste" put nodes. */
  flow: { x: number; y: number };
  target: ContextTarget;
}

export type Dialog = 'export' | 'extract' | 'help' | 'new' | 'search' | null;

export interface Toast {
  id: number;
  message: string;
  action?: { label: string; run: () => void };
}

export interface UiState {
  menu: MenuState | null;
  contextMenu: ContextMenuState | null;
  dialog: Dialog;
  toast: Toast | null;
  /** Counts toasts shown, so a toast's timer hides only its own. */
  toastSeq: number;
  /** Bumped to ask the canvas to fit the view / focus a node. */
  fitRequest: number;
  focus: { node: string; n: number } | null;
  /** Where a wire was being dragged from, for port highlighting and hints. */
  dragging: { node: string; handle: string; type: 'source' | 'target' } | null;
  /** The minimap and the side panels as the user left them (remembered in this browser). */
  layout: LayoutPrefs;
  /** The node whose animation the preview video shows now (its timeline block has the playhead). */
  timelineNode: string | null;
}

export interface UiActions {
  showToast(message: string, action?: Toast['action']): void;
  dismissToast(): void;
  openMenu(menu: MenuState | null): void;
  openContextMenu(menu: ContextMenuState | null): void;
  setDialog(dialog: Dialog): void;
  setDragging(d: UiState['dragging']): void;
  /** Remember the pointer's position on the canvas, in flow coordinates (where a paste goes). */
  setPointer(p: { x: number; y: number } | null): void;
  lastPointer(): { x: number; y: number } | null;
  fitView(): void;
  /** Select a node and ask the canvas to bring it into view. */
  focusNode(id: string): void;
  setMinimap(shown: boolean): void;
  /** Collapse, expand or resize a side panel; `persist: false` while a drag is under way. */
  setPanel(side: Side, patch: Partial<PanelPrefs>, persist?: boolean): void;
  setTimelineNode(id: string | null): void;
}

export function createUiSlice({ get, set, timers }: SliceContext): UiState & UiActions {
  let pointer: { x: number; y: number } | null = null;
  return {
    menu: null,
    contextMenu: null,
    dialog: null,
    toast: null,
    toastSeq: 0,
    fitRequest: 0,
    focus: null,
    dragging: null,
    layout: readLayout(),
    timelineNode: null,

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
      set({ menu, contextMenu: null });
    },

    openContextMenu(contextMenu) {
      set({ contextMenu, menu: null });
    },

    setDialog(dialog) {
      set({ dialog, menu: null, contextMenu: null });
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

    setMinimap(shown) {
      const layout = { ...get().layout, minimap: shown };
      set({ layout });
      writeLayout(layout);
    },

    setPanel(side, patch, persist = true) {
      const cur = get().layout;
      const layout = { ...cur, [side]: { ...cur[side], ...patch } };
      set({ layout });
      if (persist) writeLayout(layout);
    },

    setTimelineNode(id) {
      if (get().timelineNode !== id) set({ timelineNode: id });
    },
  };
}
