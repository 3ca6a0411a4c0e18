/**
 * Saving and staying in step with the file: saves with If-Match, edits kept in the
 * browser while the server is away, changes from elsewhere taken in place, and the
 * conflicts when both sides changed. Every flag of this dance is state.
 */
import { ApiError, type LoadedGraph } from '../../api/client';
import { parseProblems } from '../../lib/catalog';
import { createHistory, replacePresent } from '../../lib/history';
import type { GraphDoc } from '../../lib/types';
import { clearPending, readPending, writePending } from '../local';
import type { SliceContext } from './context';
import { liveSet } from './document';

export type SaveState = 'saved' | 'saving' | 'unsaved' | 'offline' | 'conflict' | 'error';

export interface Conflict {
  mine: GraphDoc;
  theirs: GraphDoc;
  theirEtag: string;
  /** The live nodes of their version, as the server read it. */
  theirLive: string[];
  reason: 'remote' | 'stale' | 'restored';
}

export interface SyncState {
  /** The ETag of the version on the server that `savedDoc` is. */
  etag: string;
  savedDoc: GraphDoc | null;
  /** The document shown differs from the one last saved or read (`doc !== savedDoc`). */
  dirty: boolean;
  saveState: SaveState;
  saveError: string | null;
  conflict: Conflict | null;
  /** A save request is in flight. */
  saving: boolean;
  /** Another save was asked for while one was in flight: it follows when that one ends. */
  saveAgain: boolean;
  /** The ETag of a change from elsewhere that arrived during a save, looked at after it. */
  pendingRemote: string | null;
}

export interface SyncActions {
  /** Save after `delay` ms unless another edit comes first (`timers.save`). */
  scheduleSave(delay?: number): void;
  /** Keep unsaved edits in the browser so a closed tab or a stopped server loses nothing. */
  flushLocal(): void;
  /** Save now if anything is waiting (before switching graphs). */
  flushSave(): Promise<void>;
  save(): Promise<void>;
  /** The file changed on disk or through another browser; `known` is its content when the caller has read it. */
  onRemoteChange(etag: string, known?: LoadedGraph): Promise<void>;
  /** Both sides changed: read theirs and ask which to keep. */
  openConflict(mine: GraphDoc, reason: Conflict['reason']): Promise<void>;
  /** Settle a conflict. Nothing is lost: the version not kept stays one undo away. */
  resolveConflict(choice: 'mine' | 'theirs' | 'copy'): Promise<void>;
  /** Edits kept in the browser from an earlier session (server was away). */
  restorePending(name: string, theirs: GraphDoc, etag: string, theirLive: string[]): void;
}

const SAVE_DELAY = 400;

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function createSyncSlice({ api, get, set, timers }: SliceContext): SyncState & SyncActions {
  return {
    etag: '',
    savedDoc: null,
    dirty: false,
    saveState: 'saved',
    saveError: null,
    conflict: null,
    saving: false,
    saveAgain: false,
    pendingRemote: null,

    scheduleSave(delay = SAVE_DELAY) {
      timers.start('save', delay, () => void get().save());
    },

    flushLocal() {
      const s = get();
      if (s.name && s.doc && s.dirty) writePending(s.name, s.doc, s.etag);
    },

    async flushSave() {
      if (timers.clear('save')) await get().save();
    },

    async save() {
      const s = get();
      if (!s.name || !s.doc || s.conflict) return;
      if (!s.dirty) {
        if (s.saveState !== 'saved') set({ saveState: 'saved' });
        return;
      }
      if (s.saving) {
        set({ saveAgain: true });
        return;
      }
      const { name, doc, etag } = s;
      writePending(name, doc, etag);
      set({ saving: true, saveState: 'saving' });
      let retry = false;
      try {
        const r = await api.putGraph(name, doc, etag);
        if (get().name !== name) return;
        const clean = get().doc === doc;
        if (clean) clearPending(name);
        set({
          etag: r.etag,
          savedDoc: doc,
          online: true,
          saveState: clean ? 'saved' : 'unsaved',
          saveError: null,
          codeVersion: get().codeVersion + 1,
        });
        get().setProblems(r.errors, false, r.live);
        get().markQueued(r.job);
        retry = !clean;
      } catch (e) {
        if (get().name !== name) return;
        if (e instanceof ApiError && e.status === 412) {
          await get().openConflict(doc, 'stale');
        } else if (e instanceof ApiError && e.network) {
          set({ saveState: 'offline' });
          get().serverGone();
        } else {
          const msg = e instanceof Error ? e.message : String(e);
          if (e instanceof ApiError) get().setProblems(parseProblems(e.details.errors), true);
          set({ saveState: 'error', saveError: msg });
        }
      } finally {
        const again = get().saveAgain;
        set({ saving: false });
        if ((retry || again) && !get().conflict && get().online) get().scheduleSave(0);
        const remote = get().pendingRemote;
        set({ saveAgain: false, pendingRemote: null });
        if (remote) void get().onRemoteChange(remote);
      }
    },

    async onRemoteChange(etag, known) {
      const s = get();
      if (!s.name || etag === s.etag) return;
      if (s.saving) {
        set({ pendingRemote: etag });
        return;
      }
      if (s.conflict) return;
      if (s.dirty) {
        await s.openConflict(s.doc!, 'remote');
        return;
      }
      const name = s.name;
      let loaded = known;
      try {
        loaded ??= await api.getGraph(name);
      } catch (e) {
        get().handleError(e, `Could not reload ${name}`);
        return;
      }
      const now = get();
      if (now.name !== name || loaded.etag === now.etag) return;
      if (now.dirty) {
        set({
          conflict: { mine: now.doc!, theirs: loaded.graph, theirEtag: loaded.etag, theirLive: loaded.live, reason: 'remote' },
          saveState: 'conflict',
        });
        return;
      }
      // Update in place: selection and viewport stay; the old version stays undoable.
      now.setDoc(loaded.graph, {
        history: replacePresent(now.history ?? createHistory(loaded.graph), loaded.graph, true),
        savedDoc: loaded.graph,
        etag: loaded.etag,
        problems: loaded.errors,
        live: liveSet(loaded.live, now.live),
        saveState: 'saved',
        codeVersion: now.codeVersion + 1,
      });
    },

    async openConflict(mine, reason) {
      const name = get().name;
      if (!name) return;
      timers.clear('save');
      writePending(name, mine, get().etag);
      try {
        const theirs = await api.getGraph(name);
        if (get().name !== name) return;
        set({
          conflict: { mine, theirs: theirs.graph, theirEtag: theirs.etag, theirLive: theirs.live, reason },
          saveState: 'conflict',
        });
      } catch (e) {
        set({ saveState: 'error', saveError: 'The file changed on disk and could not be read back' });
        get().handleError(e, 'Could not read the changed file');
      }
    },

    async resolveConflict(choice) {
      const s = get();
      const c = s.conflict;
      if (!c || !s.name) return;
      const base = s.history ?? createHistory(c.theirs);
      if (choice === 'mine') {
        const history = replacePresent(replacePresent(base, c.theirs, true), c.mine, true);
        set({ conflict: null, etag: c.theirEtag, savedDoc: c.theirs });
        s.setDoc(c.mine, { history, saveState: 'unsaved' });
        await get().save();
        return;
      }
      if (choice === 'copy') {
        const copy = s.uniqueGraphName(`${s.name}-mine`);
        try {
          await s.writeNewGraph(copy, c.mine, s.format);
          get().showToast(`Your version was saved as ${copy}`);
          get().refreshGraphsSoon();
        } catch (e) {
          get().handleError(e, 'Could not save your version as a copy');
          return;
        }
      }
      clearPending(s.name);
      const history = replacePresent(replacePresent(base, c.mine, true), c.theirs, true);
      set({ conflict: null, etag: c.theirEtag, savedDoc: c.theirs });
      s.setDoc(c.theirs, { history, saveState: 'saved', live: liveSet(c.theirLive, s.live), codeVersion: s.codeVersion + 1 });
      if (choice === 'theirs') get().showToast('Kept the version on disk; Undo brings yours back');
    },

    restorePending(name, theirs, etag, theirLive) {
      const pending = readPending(name);
      if (!pending) return;
      if (sameJson(pending.doc, theirs)) {
        clearPending(name);
        return;
      }
      if (pending.etag === etag) {
        get().commit(pending.doc, null);
        get().showToast('Restored edits that were not saved yet');
        return;
      }
      set({ conflict: { mine: pending.doc, theirs, theirEtag: etag, theirLive, reason: 'restored' }, saveState: 'conflict' });
    },
  };
}
