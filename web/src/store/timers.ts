/**
 * The editor's timers, by name. The handles stay here; whether each one is running is
 * store state (`timers`), so tests and the UI can see a save waiting or a health poll.
 */

export type TimerName =
  /** A save waits for typing to pause. */
  | 'save'
  /** The next health check while the server is away. */
  | 'health'
  /** Re-reads the graph list after a burst of events. */
  | 'list'
  /** Hides the toast. */
  | 'toast'
  /** Retries start-up when the catalog could not be loaded. */
  | 'restart';

export type TimerFlags = Readonly<Record<TimerName, boolean>>;

export const NO_TIMERS: TimerFlags = { save: false, health: false, list: false, toast: false, restart: false };

export interface Timers {
  /** Run `fn` after `ms`; a timer of the same name that is still waiting is cancelled. */
  start(name: TimerName, ms: number, fn: () => void): void;
  /** Cancel a timer; true when one was waiting. */
  clear(name: TimerName): boolean;
  clearAll(): void;
}

/** `flag` is told each time a timer starts waiting or stops (fired or cancelled). */
export function createTimers(flag: (name: TimerName, waiting: boolean) => void): Timers {
  const handles = new Map<TimerName, ReturnType<typeof setTimeout>>();
  const clear = (name: TimerName): boolean => {
    const h = handles.get(name);
    if (h === undefined) return false;
    clearTimeout(h);
    handles.delete(name);
    flag(name, false);
    return true;
  };
  return {
    start(name, ms, fn) {
      const h = handles.get(name);
      if (h !== undefined) clearTimeout(h);
      handles.set(
        name,
        setTimeout(() => {
          handles.delete(name);
          flag(name, false);
          fn();
        }, ms),
      );
      if (h === undefined) flag(name, true);
    },
    clear,
    clearAll() {
      for (const name of [...handles.keys()]) clear(name);
    },
  };
}
