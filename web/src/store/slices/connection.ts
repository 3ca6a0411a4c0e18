/**
 * The connection to `manim-nodes watch`: start-up, the event stream and what each
 * event changes, and noticing when the server goes away and comes back.
 */
import { ApiError } from '../../api/client';
import { EventStream, type ServerEvent } from '../../api/events';
import type { Catalog } from '../../lib/types';
import type { SliceContext } from './context';

export interface ConnectionState {
  catalog: Catalog | null;
  /** Why the editor cannot work at all (no catalog), shown instead of it. */
  fatal: string | null;
  /** The server answers. */
  online: boolean;
  /** Health checks run until the server answers again (`timers.health` is the next one). */
  checkingHealth: boolean;
  /** The event stream dropped since it was last open: read the current state when it opens. */
  streamWasDown: boolean;
}

export interface ConnectionActions {
  /** Load the catalog, templates and graph list, then open `initialGraph` or the first graph. */
  start(initialGraph: string | null): Promise<void>;
  stop(): void;
  /** What every slice does with an error: a lost server goes offline, anything else is a toast. */
  handleError(e: unknown, what: string): void;
  onServerEvent(e: ServerEvent): void;
  serverGone(): void;
  serverBack(): void;
}

export function createConnectionSlice({ api, get, set, timers }: SliceContext): ConnectionState & ConnectionActions {
  let events: EventStream | null = null;

  const checkHealth = async (): Promise<void> => {
    try {
      await api.health();
      if (!get().online) get().serverBack();
    } catch {
      get().serverGone();
    }
  };

  const streamDown = (): void => {
    set({ streamWasDown: true });
    void checkHealth();
  };

  /**
   * The event stream is open again. A browser that had seen no event yet reconnects
   * without Last-Event-ID, so the server cannot replay what happened while it was away
   * (a restarted server's first saves and renders): read the current state instead.
   */
  const streamOpen = (): void => {
    const resync = get().streamWasDown;
    set({ streamWasDown: false });
    if (!get().online) {
      get().serverBack();
      return;
    }
    if (!resync) return;
    get().refreshGraphsSoon();
    const name = get().name;
    if (name) void api.getGraph(name).then((g) => get().onRemoteChange(g.etag, g), () => undefined);
  };

  const retryStart = (initialGraph: string | null): void => {
    timers.start('restart', 2000, () => {
      events?.stop();
      void get().start(initialGraph);
    });
  };

  return {
    catalog: null,
    fatal: null,
    online: true,
    checkingHealth: false,
    streamWasDown: false,

    async start(initialGraph) {
      events = new EventStream('/api/events', {
        onEvent: (e) => get().onServerEvent(e),
        onStatus: (ok) => (ok ? streamOpen() : streamDown()),
      });
      events.start();
      window.addEventListener('beforeunload', () => get().flushLocal());
      try {
        const catalog = await api.nodes();
        set({ catalog });
      } catch (e) {
        get().handleError(e, 'Could not load the node catalog');
        if (!get().catalog) {
          set({ fatal: 'The node catalog could not be loaded. Is `manim-nodes watch` running?' });
          retryStart(initialGraph);
          return;
        }
      }
      set({ fatal: null });
      void api.templates().then((templates) => set({ templates }));
      await get().refreshGraphs();
      const graphs = get().graphs;
      const first = initialGraph ?? graphs[0]?.name ?? null;
      if (first) await get().openGraph(first);
    },

    stop() {
      events?.stop();
      timers.clearAll();
    },

    handleError(e, what) {
      if (e instanceof ApiError && e.network) {
        get().serverGone();
        return;
      }
      const msg = e instanceof Error ? e.message : String(e);
      get().showToast(`${what}: ${msg}`);
    },

    onServerEvent(e) {
      const s = get();
      switch (e.type) {
        case 'graph.changed':
          s.refreshGraphsSoon();
          if (e.name === s.name && e.source === 'subgraph') s.recheckProblems(); // its file is as it was
          else if (e.name === s.name) void s.onRemoteChange(e.etag, undefined, e.merge);
          break;
        case 'graph.deleted':
          s.refreshGraphsSoon();
          if (e.name === s.name) s.showToast(`${e.name} was deleted on disk. Your edits are kept here until you leave it.`);
          break;
        case 'graph.invalid':
          // A graph with errors has no live nodes (the server's `live` is then empty).
          if (e.name === s.name) s.setProblems(e.errors, false, []);
          s.refreshGraphsSoon();
          break;
        case 'render.queued':
        case 'render.started':
        case 'render.progress':
        case 'render.frame':
        case 'render.finished':
        case 'render.failed':
          s.onRenderEvent(e);
          if (e.type === 'render.finished' || e.type === 'render.failed') s.refreshGraphsSoon(); // the list's dot
          break;
        case 'export.progress':
        case 'export.finished':
        case 'export.failed':
          s.onExportEvent(e);
          break;
      }
    },

    serverGone() {
      get().flushLocal();
      if (get().online) set({ online: false });
      const s = get();
      if (s.dirty && s.saveState !== 'conflict') set({ saveState: 'offline' });
      if (s.checkingHealth) return;
      set({ checkingHealth: true });
      const poll = async () => {
        try {
          await api.health();
          set({ checkingHealth: false });
          get().serverBack();
        } catch {
          timers.start('health', 1500, () => void poll());
        }
      };
      timers.start('health', 1000, () => void poll());
    },

    serverBack() {
      if (get().online) return;
      set({ online: true });
      events?.kick();
      get().refreshGraphsSoon();
      const s = get();
      if (!s.name) return;
      if (s.dirty) s.scheduleSave(0);
      else void api.getGraph(s.name).then((g) => get().onRemoteChange(g.etag), () => undefined);
    },
  };
}
