/** The preview video with its own controls: it plays (muted) as soon as it can, a new render's
 * video starts from the beginning, and the scrub bar spans the whole preview. The play button
 * reads the video's own events, so it never disagrees with what the video does. */
import { Pause, Play, Repeat } from 'lucide-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { PreviewPlayer } from './previewPlayer';

const SPEEDS = [0.5, 1, 1.5, 2, 4];

export function fmtTime(t: number): string {
  if (!Number.isFinite(t)) return '0:00.0';
  const m = Math.floor(t / 60);
  const s = t - m * 60;
  return `${m}:${s < 10 ? '0' : ''}${s.toFixed(1)}`;
}

/** `player`: lets the timeline strip seek this video and follow its time. */
export function VideoPreview({ src, player }: { src: string; player?: PreviewPlayer }) {
  const video = useRef<HTMLVideoElement>(null);
  // Stable, so React attaches the element once rather than on every render.
  const attach = useCallback(
    (el: HTMLVideoElement | null) => {
      video.current = el;
      player?.attach(el);
    },
    [player],
  );
  const [playing, setPlaying] = useState(false);
  const [time, setTime] = useState(0);
  const [duration, setDuration] = useState(0);
  const [speed, setSpeed] = useState(1);
  const [loop, setLoop] = useState(true);

  useEffect(() => {
    if (video.current) video.current.playbackRate = speed;
  }, [speed, src]);

  const toggle = () => {
    const v = video.current;
    if (!v) return;
    if (v.paused) void v.play().catch(() => setPlaying(false));
    else v.pause();
  };

  return (
    <>
      <video
        ref={attach}
        src={src}
        className="preview-media"
        data-testid="preview-video"
        autoPlay
        loop={loop}
        muted
        playsInline
        preload="auto"
        onPlay={() => setPlaying(true)}
        onPause={() => setPlaying(false)}
        onEmptied={() => {
          // A new render's video replaced this one: no pause event comes, and it starts over.
          setPlaying(false);
          setTime(0);
          setDuration(0);
        }}
        onTimeUpdate={(e) => setTime(e.currentTarget.currentTime)}
        onLoadedMetadata={(e) => {
          setDuration(e.currentTarget.duration);
          setPlaying(!e.currentTarget.paused);
          e.currentTarget.playbackRate = speed;
        }}
        onClick={toggle}
      />
      <div className="video-controls">
        <input
          type="range"
          className="scrub"
          min={0}
          max={duration || 0}
          step={0.01}
          value={Math.min(time, duration || 0)}
          aria-label="Scrub"
          onChange={(e) => {
            const v = video.current;
            if (v) v.currentTime = Number(e.target.value);
            setTime(Number(e.target.value));
          }}
        />
        <div className="video-buttons">
          <button type="button" className="icon play" onClick={toggle} aria-label={playing ? 'Pause' : 'Play'} title={playing ? 'Pause' : 'Play'}>
            {playing ? <Pause size={14} aria-hidden /> : <Play size={14} aria-hidden />}
          </button>
          <span className="time mono">
            {fmtTime(time)} / {fmtTime(duration)}
          </span>
          <span className="spacer" />
          <select value={speed} onChange={(e) => setSpeed(Number(e.target.value))} aria-label="Playback speed" title="Playback speed">
            {SPEEDS.map((s) => (
              <option key={s} value={s}>
                {s}×
              </option>
            ))}
          </select>
          <button type="button" className={`icon toggle${loop ? ' on' : ''}`} onClick={() => setLoop(!loop)} aria-pressed={loop} aria-label="Loop" title="Loop">
            <Repeat size={14} aria-hidden />
          </button>
        </div>
      </div>
    </>
  );
}
