/** The preview: last frame or low-quality video, with playback controls and render state. */
import { memo, useEffect, useRef, useState } from 'react';
import { useEditor, useEditorApi } from '../store/context';
import type { RenderState } from '../store/editor';
import { queuedLabel, shownPhase } from '../store/slices/render';
import { Pause, Play, Repeat } from 'lucide-react';

const SPEEDS = [0.5, 1, 1.5, 2, 4];

function fmtTime(t: number): string {
  if (!Number.isFinite(t)) return '0:00.0';
  const m = Math.floor(t / 60);
  const s = t - m * 60;
  return `${m}:${s < 10 ? '0' : ''}${s.toFixed(1)}`;
}

const RenderStatus = memo(function RenderStatus({ render, errors }: { render: RenderState; errors: number }) {
  const editor = useEditorApi();
  const phase = shownPhase(render, errors);
  let label: React.ReactNode;
  switch (phase) {
    case 'invalid':
      label = `${render.image ? 'Showing the last valid version: ' : 'Not rendered: '}fix ${errors} problem${errors === 1 ? '' : 's'}`;
      break;
    case 'idle':
      label = 'No preview yet';
      break;
    case 'queued':
      label = queuedLabel(render);
      break;
    case 'rendering':
      label = render.percent !== null ? `Rendering ${Math.round(render.percent)}%` : 'Rendering…';
      break;
    case 'done':
      label = render.seconds !== null ? `Rendered in ${render.seconds.toFixed(2)} s${render.cached ? ' (cached)' : ''}` : 'Up to date';
      break;
    case 'failed':
      label = render.timeout ? 'Render timed out' : 'Render failed';
      break;
  }
  return (
    <div className={`render-status phase-${phase}`} data-testid="render-status" data-phase={phase}>
      <div className="render-line">
        <span className="render-dot" />
        <span className="render-label">{label}</span>
        {render.phase === 'failed' && render.node && (
          <button type="button" className="link" onClick={() => editor.focusNode(render.node!)}>
            at {render.node}
          </button>
        )}
        <span className="spacer" />
        <button type="button" className="small" onClick={() => void editor.rerender()} title="Render the preview again">
          Re-render
        </button>
      </div>
      {(render.phase === 'rendering' || render.phase === 'queued') && (
        <div className={`progress${render.percent === null ? ' indeterminate' : ''}`}>
          <div className="progress-bar" style={{ width: `${render.percent ?? 30}%` }} />
        </div>
      )}
      {render.phase === 'failed' && render.error && (
        <pre className="render-error" role="alert">
          {render.error}
        </pre>
      )}
    </div>
  );
});

function VideoPlayer({ src }: { src: string }) {
  const video = useRef<HTMLVideoElement>(null);
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
        ref={video}
        src={src}
        className="preview-media"
        loop={loop}
        muted
        playsInline
        preload="auto"
        onPlay={() => setPlaying(true)}
        onPause={() => setPlaying(false)}
        onEmptied={() => setPlaying(false)} // a new render's video replaced it: no pause event comes
        onTimeUpdate={(e) => setTime(e.currentTarget.currentTime)}
        onLoadedMetadata={(e) => {
          setDuration(e.currentTarget.duration);
          setPlaying(!e.currentTarget.paused);
          e.currentTarget.playbackRate = speed;
        }}
        onClick={toggle}
      />
      <div className="video-controls">
        <button type="button" className="icon play" onClick={toggle} aria-label={playing ? 'Pause' : 'Play'} title={playing ? 'Pause' : 'Play'}>
          {playing ? <Pause size={14} aria-hidden /> : <Play size={14} aria-hidden />}
        </button>
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
        <span className="time mono">
          {fmtTime(time)} / {fmtTime(duration)}
        </span>
        <select value={speed} onChange={(e) => setSpeed(Number(e.target.value))} aria-label="Playback speed" title="Playback speed">
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
        <button type="button" className={`icon toggle${loop ? ' on' : ''}`} onClick={() => setLoop(!loop)} aria-pressed={loop} title="Loop">
          <Repeat size={14} aria-hidden />
        </button>
      </div>
    </>
  );
}

function PreviewPanelView() {
  const editor = useEditorApi();
  const render = useEditor((s) => s.render);
  const errors = useEditor((s) => s.problems.filter((p) => p.severity !== 'warning').length);
  const [mode, setMode] = useState<'frame' | 'video'>('frame');
  const showVideo = mode === 'video' && render.video !== null;
  return (
    <section className="preview" aria-label="Preview">
      <div className="panel-title">
        <span>Preview</span>
        <div className="seg" role="tablist">
          <button type="button" role="tab" aria-selected={mode === 'frame'} className={mode === 'frame' ? 'on' : ''} onClick={() => setMode('frame')}>
            Last frame
          </button>
          <button
            type="button"
            role="tab"
            aria-selected={mode === 'video'}
            className={mode === 'video' ? 'on' : ''}
            disabled={!render.video}
            onClick={() => setMode('video')}
          >
            Video
          </button>
        </div>
        <span className="spacer" />
        <button type="button" className="primary small" onClick={() => editor.setDialog('export')}>
          Export…
        </button>
      </div>
      <div className={`preview-box${render.stale || errors > 0 ? ' stale' : ''}`}>
        {showVideo ? (
          <VideoPlayer src={render.video!} />
        ) : render.image ? (
          <img className="preview-media" src={render.image} alt="Last frame of the scene" data-testid="preview-image" />
        ) : (
          <div className="preview-empty">The preview appears here after the first render.</div>
        )}
        {render.stale && <div className="stale-badge" title="The last render failed; this is the last good preview">stale</div>}
      </div>
      <RenderStatus render={render} errors={errors} />
    </section>
  );
}

export const PreviewPanel = memo(PreviewPanelView);
