/** The preview's picture: the video when there is one (unless the user chose the last frame),
 * else the last frame; and the buttons that show it bigger (full screen, its own window). */
import { ExternalLink, Maximize, Minimize } from 'lucide-react';
import { memo, useEffect, useState, type CSSProperties, type RefObject } from 'react';
import { editorQuery } from '../lib/graphNames';
import type { PreviewPrefs } from '../lib/prefs';
import type { RenderState } from '../store/slices/render';
import type { PreviewPlayer } from './previewPlayer';
import { VideoPreview } from './VideoPreview';

interface StageProps {
  render: RenderState;
  mode: PreviewPrefs['mode'];
  /** The graph has errors: what shows is an older version. */
  invalid: boolean;
  /** Height in px; null keeps the 16:9 box (the window page lets its layout decide). */
  height?: number | null;
  className?: string;
  ref?: RefObject<HTMLDivElement | null>;
  /** Shared with the timeline strip, which seeks the video. */
  player?: PreviewPlayer;
}

export const PreviewStage = memo(function PreviewStage({ render, mode, invalid, height = null, className = '', ref, player }: StageProps) {
  const showVideo = mode === 'video' && render.video !== null;
  const style = height !== null ? ({ '--preview-h': `${height}px` } as CSSProperties) : undefined;
  return (
    <div
      ref={ref}
      className={`preview-box${render.stale || invalid ? ' stale' : ''}${height !== null ? ' sized' : ''} ${className}`}
      style={style}
      data-testid="preview-stage"
    >
      {showVideo ? (
        <VideoPreview src={render.video!} player={player} />
      ) : render.image ? (
        <img className="preview-media" src={render.image} alt="Last frame of the scene" data-testid="preview-image" />
      ) : (
        <div className="preview-empty">The preview appears here after the first render.</div>
      )}
      {render.stale && <div className="stale-badge" title="The last render failed; this is the last good preview">stale</div>}
      <FullscreenButton target={ref} className="fs-exit" testId="fullscreen-exit" />
    </div>
  );
});

/** Last frame or video; a user's choice is remembered (the video is the default when there is one). */
export const PreviewModeToggle = memo(function PreviewModeToggle({
  mode,
  hasVideo,
  onChange,
}: {
  mode: PreviewPrefs['mode'];
  hasVideo: boolean;
  onChange: (mode: PreviewPrefs['mode']) => void;
}) {
  const shown = mode === 'video' && hasVideo ? 'video' : 'frame';
  return (
    <div className="seg" role="tablist" aria-label="Show">
      <button type="button" role="tab" aria-selected={shown === 'frame'} className={shown === 'frame' ? 'on' : ''} onClick={() => onChange('frame')}>
        Last frame
      </button>
      <button type="button" role="tab" aria-selected={shown === 'video'} className={shown === 'video' ? 'on' : ''} disabled={!hasVideo} onClick={() => onChange('video')}>
        Video
      </button>
    </div>
  );
});

/** Whether `target` is the element shown full screen now. */
function useFullscreen(target: RefObject<HTMLElement | null> | undefined): boolean {
  const [full, setFull] = useState(false);
  useEffect(() => {
    const shown = () => target?.current != null && document.fullscreenElement === target.current;
    const update = () => setFull(shown());
    // Browsers leave full screen on Escape themselves; where the key reaches the page instead
    // (a headless or kiosk browser), leave it here.
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && shown()) void document.exitFullscreen().catch(() => undefined);
    };
    document.addEventListener('fullscreenchange', update);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('fullscreenchange', update);
      document.removeEventListener('keydown', onKey);
    };
  }, [target]);
  return full;
}

/** Shows `target` full screen (Escape, or this button again, leaves). */
export const FullscreenButton = memo(function FullscreenButton({
  target,
  className = '',
  testId = 'fullscreen',
}: {
  target: RefObject<HTMLElement | null> | undefined;
  className?: string;
  testId?: string;
}) {
  const full = useFullscreen(target);
  if (typeof document === 'undefined' || !document.fullscreenEnabled) return null;
  const toggle = () => {
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    else void target?.current?.requestFullscreen().catch(() => undefined);
  };
  const label = full ? 'Leave full screen' : 'Show the preview full screen';
  return (
    <button type="button" className={`icon ${className}`} onClick={toggle} aria-label={label} title={`${label} (Esc leaves)`} data-testid={testId}>
      {full ? <Minimize size={14} aria-hidden /> : <Maximize size={14} aria-hidden />}
    </button>
  );
});

/** The page that shows only this graph's preview, following the same server events. */
export function previewWindowUrl(name: string): string {
  return `/preview${editorQuery(name)}`;
}

export const OpenWindowButton = memo(function OpenWindowButton({ name }: { name: string | null }) {
  const open = () => {
    if (!name) return;
    // One window per graph: pressing again brings that window back rather than opening another.
    window.open(previewWindowUrl(name), `manim-nodes-preview:${name}`, 'popup,width=960,height=640');
  };
  return (
    <button type="button" className="icon" onClick={open} disabled={!name} aria-label="Open the preview in a window" title="Open the preview in its own window">
      <ExternalLink size={14} aria-hidden />
    </button>
  );
});
