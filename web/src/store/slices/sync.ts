/**
 * Saving and staying in step with the file: saves with If-Match, edits kept in the
 * browser while the server is away, changes from elsewhere taken in place, and the
 * conflicts when both sides changed. Every flag of this dance is state.
 *
 * Merging is the server's: a save from an older version comes back merged into the
 * newer file, or refused with the node-level diff and the values changed both ways
 * (lib/merge.ts reads them). What another program's save removed or overrode is
 * said in a notice with a way back.
 */
import { ApiError, type LoadedGraph } from '../../api/client';
import { parseProblems } from '../../lib/catalog';
import { flushAllDrafts } from '../../lib/fieldDraft';
import { createHistory, record, replacePresent } from '../../lib/history';
import { type GraphDiff, type MergeConflict, type MergeNote, nodeList, parseStaleSave, placeOf, restoreNodes, shortValue, withValues } from '../../lib/merge';
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
  /** What "Keep mine" saves: mine merged into theirs, the values changed both ways set to mine. */
  merged: GraphDoc;
  /** The values both sides changed (empty when the server could not merge: see `diff`). */
  conflicts: MergeConflict[];
  /** From their version to `merged`; null from a server that sends none. */
  diff: GraphDiff | null;
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
  /** Save now; `reason` names the conflict a refusal opens (a change from elsewhere, or a stale save). */
  save(reason?: Conflict['reason']): Promise<void>;
  /**
   * Commit what fields are about to, save it and wait for every save under way: true when the
   * document is then saved and `etag` names it (false with a conflict, offline or a failed save).
   */
  settle(): Promise<boolean>;
  /**
   * Move the nodes `ids` into a new graph `into`, with Subgraph node `id` in their place (the
   * server does it from the saved version); the parent comes back in place, as one undo step.
   */
  extractSubgraph(ids: string[], into: string, id: string): Promise<boolean>;
  /**
   * The file changed on disk or through another browser; `known` is its content when the caller
   * has read it, `merge` what the server kept of the saves made here when it merged.
   */
  onRemoteChange(etag: string, known?: LoadedGraph, merge?: MergeNote | null): Promise<void>;
  /** Both sides changed: ask which to keep. `details` are a 412's (else theirs is read). */
  openConflict(mine: GraphDoc, reason: Conflict['reason'], details?: Record<string, unknown>): Promise<void>;
  /**
   * Settle a conflict. `mine`: both sides' changes, mine where both changed; `merge-theirs`: both
   * sides' changes, theirs where both changed; `theirs`: the file as it is. Nothing is lost: the
   * version not kept stays one undo away.
   */
  resolveConflict(choice: 'mine' | 'merge-theirs' | 'theirs' | 'copy'): Promise<void>;
  /** Edits kept in the browser from an earlier session (server was away). */
  restorePending(name: string, theirs: GraphDoc, etag: string, theirLive: string[]): void;
}

const SAVE_DELAY = 400;
/** Rounds of save-and-wait `settle` tries before giving up (each edit made meanwhile costs one). */
const SETTLE_ROUNDS = 5;

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function createSyncSlice({ api, get, set, timers }: SliceContext): SyncState & SyncActions {
  /** Ends when the request that holds `saving` (a save or an extract) has finished. */
  let inflight: Promise<void> | null = null;
  /** Take `saving` for a request: changes from elsewhere and further saves wait for it. */
  const hold = (): (() => void) => {
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    inflight = done;
    set({ saving: true, saveState: 'saving' });
    return () => {
      if (inflight === done) inflight = null;
      release();
    };
  };

  /** A notice of what another program's save removed or overrode here, with the way back. */
  const tellWhatChanged = (before: GraphDoc, after: GraphDoc, merge: MergeNote | null): void => {
    const removed = Object.keys(before.nodes).filter((id) => !(id in after.nodes));
    const overridden = merge?.conflicts.filter((c) => c.ours.has) ?? [];
    if (overridden.length) {
      const first = overridden[0];
      const more = overridden.length > 1 ? ` and ${overridden.length - 1} more` : '';
      get().showToast(
        `A save from elsewhere changed ${placeOf(first.path)} to ${shortValue(first.theirs)} (yours was ${shortValue(first.ours)})${more}`,
        { label: 'Use mine', run: () => get().commit(withValues(get().doc!, overridden, 'ours'), null) },
      );
    } else if (removed.length) {
      get().showToast(`A save from elsewhere removed ${nodeList(removed)}`, {
        label: 'Restore',
        run: () => get().commit(restoreNodes(get().doc!, before, removed), null),
      });
    } else if (merge && merge.kept.added.length + merge.kept.changed.length > 0) {
      const kept = merge.kept.added.length ? `the new ${nodeList(merge.kept.added)}` : 'your changes';
      get().showToast(`A program saved an older copy of this graph; ${kept} were kept and merged with it`);
    }
  };

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

    async save(reason = 'stale') {
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
      const release = hold();
      let retry = false;
      try {
        const r = await api.putGraph(name, doc, etag);
        if (get().name !== name) return;
        const clean = get().doc === doc;
        if (clean) clearPending(name);
        if (r.graph && !clean) {
          // Merged into a newer file, and edited again meanwhile: the next save (from the same
          // version) is merged the same way, with the newer edits in it.
          set({ online: true, saveError: null });
          retry = true;
          return;
        }
        if (r.graph) {
          const now = get();
          now.setDoc(r.graph, {
            history: replacePresent(now.history ?? createHistory(r.graph), r.graph, true),
            savedDoc: r.graph,
            etag: r.etag,
            online: true,
            saveState: 'saved',
            saveError: null,
            codeVersion: now.codeVersion + 1,
          });
          get().showToast('Saved, merged with a change made elsewhere at the same time');
        } else {
          set({
            etag: r.etag,
            savedDoc: doc,
            online: true,
            saveState: clean ? 'saved' : 'unsaved',
            saveError: null,
            codeVersion: get().codeVersion + 1,
          });
        }
        get().setProblems(r.errors, false, r.live);
        get().markQueued(r.job);
        retry = !clean;
      } catch (e) {
        if (get().name !== name) return;
        if (e instanceof ApiError && e.status === 412) {
          await get().openConflict(doc, reason, e.details);
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
        release();
      }
    },

    async settle() {
      flushAllDrafts();
      for (let round = 0; round < SETTLE_ROUNDS; round++) {
        await get().flushSave();
        if (inflight) {
          await inflight;
          continue; // it may have scheduled another save
        }
        const s = get();
        if (s.conflict || !s.online) return false;
        if (!s.dirty) return true;
        if (s.saveState === 'error') return false;
        await s.save();
      }
      return !get().dirty && !get().saving;
    },

    async extractSubgraph(ids, into, id) {
      const name = get().name;
      if (!name) return false;
      if (!(await get().settle()) || get().name !== name) {
        get().showToast(get().conflict ? 'Settle the conflict first, then make the subgraph' : 'Your edits could not be saved, so the subgraph was not made');
        return false;
      }
      const requested = get().doc;
      const release = hold();
      try {
        const r = await api.extractSubgraph(name, ids, into, id, get().etag);
        if (get().name !== name) return true;
        await get().refreshGraphs(); // the new graph's ports, so its node is drawn whole at once
        const now = get();
        if (now.name !== name) return true;
        if (now.doc !== requested) {
          // Edited while the request was out: `finally` saves those edits from the version they
          // started from, and the server merges them into the parent as it is now.
          return true;
        }
        clearPending(name);
        const parent = r.parent;
        now.setDoc(parent.graph, {
          history: record(now.history ?? createHistory(parent.graph), parent.graph),
          savedDoc: parent.graph,
          etag: parent.etag,
          problems: parent.errors,
          live: liveSet(parent.live, now.live),
          saveError: null,
          codeVersion: now.codeVersion + 1,
        });
        if (parent.graph.nodes[id]) {
          get().select([id]);
          get().showToast(`Moved ${nodeList(ids)} into ${r.created}`, { label: 'Open', run: () => void get().openSubgraph(id) });
        }
        return true;
      } catch (e) {
        if (get().name !== name) return false;
        if (e instanceof ApiError && e.status === 412) get().showToast('The graph changed on disk meanwhile: look it over, then make the subgraph again');
        else get().handleError(e, `Could not make ${into}`);
        return false;
      } finally {
        const again = get().saveAgain || get().dirty;
        set({ saving: false, saveAgain: false, saveState: get().dirty ? 'unsaved' : 'saved' });
        if (again && get().online && !get().conflict) get().scheduleSave(0);
        const remote = get().pendingRemote;
        set({ pendingRemote: null });
        if (remote) void get().onRemoteChange(remote);
        release();
      }
    },

    async onRemoteChange(etag, known, merge) {
      const s = get();
      if (!s.name || etag === s.etag) return;
      if (s.saving) {
        set({ pendingRemote: etag });
        return;
      }
      if (s.conflict) return;
      if (s.dirty) {
        // Saved from the version these edits started from: the server merges them into the
        // new file, or refuses with what both changed.
        timers.clear('save');
        await s.save('remote');
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
        timers.clear('save');
        await now.save('remote');
        return;
      }
      // Update in place: selection and viewport stay; the old version stays undoable.
      const before = now.doc;
      now.setDoc(loaded.graph, {
        history: replacePresent(now.history ?? createHistory(loaded.graph), loaded.graph, true),
        savedDoc: loaded.graph,
        etag: loaded.etag,
        problems: loaded.errors,
        live: liveSet(loaded.live, now.live),
        saveState: 'saved',
        codeVersion: now.codeVersion + 1,
      });
      if (before) tellWhatChanged(before, loaded.graph, merge ?? null);
    },

    async openConflict(mine, reason, details) {
      const name = get().name;
      if (!name) return;
      timers.clear('save');
      writePending(name, mine, get().etag);
      const stale = details ? parseStaleSave(details) : null;
      if (stale) {
        set({
          conflict: {
            mine, theirs: stale.theirs, theirEtag: stale.etag, theirLive: stale.theirLive, reason,
            merged: stale.merged, conflicts: stale.conflicts, diff: stale.diff,
          },
          saveState: 'conflict',
        });
        return;
      }
      try {
        const theirs = await api.getGraph(name);
        if (get().name !== name) return;
        set({
          conflict: {
            mine, theirs: theirs.graph, theirEtag: theirs.etag, theirLive: theirs.live, reason,
            merged: mine, conflicts: [], diff: null,
          },
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
      if (choice === 'mine' || choice === 'merge-theirs') {
        const kept = choice === 'mine' ? c.merged : withValues(c.merged, c.conflicts, 'theirs');
        const history = replacePresent(replacePresent(base, c.theirs, true), kept, true);
        set({ conflict: null, etag: c.theirEtag, savedDoc: c.theirs });
        s.setDoc(kept, { history, saveState: 'unsaved' });
        await get().save();
        return;
      }
      if (choice === 'copy') {
        const copy = s.uniqueGraphName(`${s.name}-mine`);
        const title = typeof c.mine.name === 'string' && c.mine.name ? c.mine.name : s.name;
        try {
          await s.writeNewGraph(copy, { ...c.mine, name: `${title} (my copy)` }, s.format);
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
      // Saved from the version they started from: merged if the server still knows it.
      set({
        conflict: {
          mine: pending.doc, theirs, theirEtag: etag, theirLive, reason: 'restored', merged: pending.doc, conflicts: [], diff: null,
        },
        saveState: 'conflict',
      });
      void api.putGraph(name, pending.doc, pending.etag).then(
        (r) => {
          if (get().name !== name || get().conflict?.reason !== 'restored') return;
          clearPending(name);
          const saved = r.graph ?? pending.doc; // saved as sent when the file was back at that version
          const now = get();
          now.setDoc(saved, {
            conflict: null, history: replacePresent(now.history ?? createHistory(saved), saved, true),
            savedDoc: saved, etag: r.etag, saveState: 'saved', codeVersion: now.codeVersion + 1,
          });
          get().showToast('Restored edits that were not saved yet, merged with the changes made since');
        },
        (e: unknown) => {
          if (get().name !== name || !(e instanceof ApiError) || e.status !== 412) return;
          const stale = parseStaleSave(e.details);
          const c = get().conflict;
          if (stale && c?.reason === 'restored') {
            set({ conflict: { ...c, theirs: stale.theirs, theirEtag: stale.etag, theirLive: stale.theirLive, merged: stale.merged, conflicts: stale.conflicts, diff: stale.diff } });
          }
        },
      );
    },
  };
}
