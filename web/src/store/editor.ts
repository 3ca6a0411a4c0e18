/**
 * The editor: one store (zustand) for what the UI shows, and the actions that change
 * it, talk to the server and react to its event stream. The store is built from
 * slices (store/slices/), each owning its state and actions; made by a factory so
 * tests and the app each get their own.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { api as defaultApi, type Api } from '../api/client';
import { createConnectionSlice, type ConnectionActions, type ConnectionState } from './slices/connection';
import type { SliceContext } from './slices/context';
import { createDocumentSlice, type DocumentActions, type DocumentState } from './slices/document';
import { createEditSlice, type EditActions } from './slices/edits';
import { createExportsSlice, type ExportsActions, type ExportsState } from './slices/exports';
import { createGraphsSlice, type GraphsActions, type GraphsState } from './slices/graphs';
import { createRenderSlice, type RenderActions, type RenderSliceState } from './slices/render';
import { createSubgraphsSlice, type SubgraphsActions, type SubgraphsState } from './slices/subgraphs';
import { createSyncSlice, type SyncActions, type SyncState } from './slices/sync';
import { createUiSlice, type UiActions, type UiState } from './slices/ui';
import { createTimers, NO_TIMERS, type TimerFlags } from './timers';

export type { Conflict, SaveState } from './slices/sync';
export type { RenderPhase, RenderState } from './slices/render';
export type { ExportJob } from './slices/exports';
export type { Dialog, MenuState, Toast } from './slices/ui';

export type EditorState = ConnectionState &
  GraphsState &
  DocumentState &
  SyncState &
  RenderSliceState &
  ExportsState &
  SubgraphsState &
  UiState & {
    /** Which of the editor's timers are waiting (a save, a health check...). */
    timers: TimerFlags;
  };

export type EditorActions = ConnectionActions &
  GraphsActions &
  DocumentActions &
  EditActions &
  SyncActions &
  RenderActions &
  ExportsActions &
  SubgraphsActions &
  UiActions;

export type EditorStore = EditorState & EditorActions;

/** `dirty` follows `doc` and `savedDoc` whenever either changes. */
function withDirty(s: EditorState, patch: Partial<EditorState>): Partial<EditorState> {
  if (!('doc' in patch) && !('savedDoc' in patch)) return patch;
  const doc = 'doc' in patch ? patch.doc : s.doc;
  const savedDoc = 'savedDoc' in patch ? patch.savedDoc : s.savedDoc;
  return { ...patch, dirty: doc !== savedDoc };
}

export function createEditorStore(api: Api = defaultApi): StoreApi<EditorStore> {
  return createStore<EditorStore>()((setState, getState) => {
    const set = (patch: Partial<EditorState>) => setState(withDirty(getState(), patch));
    const timers = createTimers((name, waiting) => set({ timers: { ...getState().timers, [name]: waiting } }));
    const ctx: SliceContext = { api, get: getState, set, timers };
    return {
      timers: NO_TIMERS,
      ...createConnectionSlice(ctx),
      ...createGraphsSlice(ctx),
      ...createDocumentSlice(ctx),
      ...createEditSlice(ctx),
      ...createSyncSlice(ctx),
      ...createRenderSlice(ctx),
      ...createExportsSlice(ctx),
      ...createSubgraphsSlice(ctx),
      ...createUiSlice(ctx),
    };
  });
}

/** What components hold: the store, its current state, and every action as a method. */
export interface Editor extends EditorActions {
  readonly store: StoreApi<EditorStore>;
  readonly state: EditorStore;
}

export function createEditor(api: Api = defaultApi): Editor {
  const store = createEditorStore(api);
  // Actions never change, so they can be taken from the first state once.
  const actions = Object.fromEntries(
    Object.entries(store.getState()).filter(([, v]) => typeof v === 'function'),
  ) as unknown as EditorActions;
  return {
    ...actions,
    store,
    get state() {
      return store.getState();
    },
  };
}
