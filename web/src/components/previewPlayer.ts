/**
 * The preview's video as the timeline strip under it drives it: seek to a time (paused, or playing
 * from there) and read the current time for the playhead. One player per preview; the <video>
 * attaches itself through `attach` (a ref callback). A seek asked while no video is loaded (the
 * last frame was shown, or a new render's video is on its way) waits until one is.
 */
import { useState, useSyncExternalStore } from 'react';

export class PreviewPlayer {
  private video: HTMLVideoElement | null = null;
  private pending: { time: number; play: boolean } | null = null;
  private listeners = new Set<() => void>();
  private time: number | null = null;
  private frame = 0;
  private detach: (() => void) | null = null;

  /** The ref callback of the preview's <video>: null when it goes. */
  readonly attach = (el: HTMLVideoElement | null): void => {
    this.detach?.();
    this.detach = null;
    this.video = el;
    if (!el) {
      this.setTime(null);
      return;
    }
    const update = () => this.setTime(el.currentTime);
    // While playing, follow every frame: `timeupdate` comes only four times a second.
    const tick = () => {
      update();
      this.frame = requestAnimationFrame(tick);
    };
    const onPlay = () => {
      cancelAnimationFrame(this.frame);
      this.frame = requestAnimationFrame(tick);
    };
    const onStop = () => {
      cancelAnimationFrame(this.frame);
      update();
    };
    const onLoaded = () => {
      update();
      this.applyPending();
    };
    const events: [string, () => void][] = [
      ['timeupdate', update],
      ['seeked', update],
      ['emptied', update],
      ['play', onPlay],
      ['pause', onStop],
      ['ended', onStop],
      ['loadedmetadata', onLoaded],
    ];
    for (const [name, fn] of events) el.addEventListener(name, fn);
    this.detach = () => {
      cancelAnimationFrame(this.frame);
      for (const [name, fn] of events) el.removeEventListener(name, fn);
    };
    update();
    if (el.readyState >= HTMLMediaElement.HAVE_METADATA) this.applyPending();
    if (!el.paused) onPlay();
  };

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The video's current time; null while no video shows. */
  readonly getTime = (): number | null => this.time;

  /** Whether a video shows now (a seek lands at once rather than waiting for one). */
  get hasVideo(): boolean {
    return this.video !== null;
  }

  /** Show the video at `time`, paused there, or playing from there when `play`. */
  seek(time: number, play = false): void {
    const v = this.video;
    if (!v || v.readyState < HTMLMediaElement.HAVE_METADATA) {
      this.pending = { time, play };
      return;
    }
    this.pending = null;
    v.currentTime = time;
    this.setTime(time);
    if (play) void v.play().catch(() => undefined);
    else v.pause();
  }

  private applyPending(): void {
    const p = this.pending;
    if (p) this.seek(p.time, p.play);
  }

  private setTime(time: number | null): void {
    if (time === this.time) return;
    this.time = time;
    for (const listener of this.listeners) listener();
  }
}

/** One player for the life of a preview component. */
export function usePreviewPlayer(): PreviewPlayer {
  return useState(() => new PreviewPlayer())[0];
}

/** The player's current time (null: no video), or what `select` makes of it; re-renders only when that changes. */
export function usePlayerTime<T = number | null>(player: PreviewPlayer, select?: (time: number | null) => T): T {
  const read = () => (select ? select(player.getTime()) : (player.getTime() as T));
  return useSyncExternalStore(player.subscribe, read, read);
}
