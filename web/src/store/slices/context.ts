/** What every slice of the editor store is made with (zustand's slices pattern, one store). */
import type { Api } from '../../api/client';
import type { EditorState, EditorStore } from '../editor';
import type { Timers } from '../timers';

export interface SliceContext {
  api: Api;
  /** The whole store: state and every slice's actions. */
  get(): EditorStore;
  /** Merge a patch into the state (`dirty` follows `doc` and `savedDoc`). */
  set(patch: Partial<EditorState>): void;
  timers: Timers;
}
