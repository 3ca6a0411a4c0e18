import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTimers, type TimerName } from './timers';

afterEach(() => {
  vi.useRealTimers();
});

describe('timers', () => {
  it('reports each timer waiting and done, and restarts a waiting one', () => {
    vi.useFakeTimers();
    const flags: [TimerName, boolean][] = [];
    const timers = createTimers((name, waiting) => flags.push([name, waiting]));
    const fn = vi.fn();
    timers.start('save', 400, fn);
    timers.start('save', 400, fn);
    expect(flags).toEqual([['save', true]]);
    vi.advanceTimersByTime(399);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(flags).toEqual([['save', true], ['save', false]]);
  });

  it('cancels one or all', () => {
    vi.useFakeTimers();
    const waiting = new Set<TimerName>();
    const timers = createTimers((name, on) => (on ? waiting.add(name) : waiting.delete(name)));
    const fn = vi.fn();
    timers.start('save', 10, fn);
    timers.start('toast', 10, fn);
    timers.start('list', 10, fn);
    expect(timers.clear('save')).toBe(true);
    expect(timers.clear('save')).toBe(false);
    expect([...waiting].sort()).toEqual(['list', 'toast']);
    timers.clearAll();
    expect(waiting.size).toBe(0);
    vi.advanceTimersByTime(100);
    expect(fn).not.toHaveBeenCalled();
  });
});
