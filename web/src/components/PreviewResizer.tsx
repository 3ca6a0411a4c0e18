/** The handle under the preview: drag it (or use the arrow keys on it) to make the picture taller
 * or shorter; double-click gives back the 16:9 box. The panels below keep some room. */
import { memo, useRef, type RefObject } from 'react';
import { PREVIEW_HEIGHT, clampPreviewHeight } from '../lib/prefs';

/** What stays for the tabs below the preview (properties, problems, code). */
const ROOM_BELOW = 140;
const KEY_STEP = 16;

/** The tallest the picture may get in its side panel now. */
function tallest(stage: HTMLElement): number {
  const section = stage.closest('.preview');
  const panel = stage.closest('aside');
  if (!section || !panel) return PREVIEW_HEIGHT.max;
  const chrome = section.getBoundingClientRect().height - stage.getBoundingClientRect().height;
  return panel.getBoundingClientRect().height - chrome - ROOM_BELOW;
}

function fit(stage: HTMLElement, height: number): number {
  return clampPreviewHeight(Math.min(height, Math.max(PREVIEW_HEIGHT.min, tallest(stage))));
}

export const PreviewResizer = memo(function PreviewResizer({
  stage,
  height,
  onResize,
}: {
  stage: RefObject<HTMLElement | null>;
  height: number | null;
  /** null: back to the default box; `persist: false` while a drag is under way. */
  onResize: (height: number | null, persist: boolean) => void;
}) {
  const drag = useRef<{ y: number; start: number; last: number } | null>(null);
  const current = () => stage.current?.getBoundingClientRect().height ?? PREVIEW_HEIGHT.min;

  const onPointerDown = (e: React.PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0 || !stage.current) return;
    const start = current();
    drag.current = { y: e.clientY, start, last: start };
    e.currentTarget.setPointerCapture(e.pointerId);
    e.preventDefault();
  };
  const onPointerMove = (e: React.PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d || !stage.current) return;
    d.last = fit(stage.current, d.start + e.clientY - d.y);
    onResize(d.last, false);
  };
  const onPointerUp = () => {
    const d = drag.current;
    drag.current = null;
    if (d && d.last !== d.start) onResize(d.last, true);
  };
  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>) => {
    const grow = e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : 0;
    if (!grow || !stage.current) return;
    e.preventDefault();
    onResize(fit(stage.current, current() + grow * KEY_STEP * (e.shiftKey ? 4 : 1)), true);
  };

  return (
    <div
      className="preview-resizer"
      role="separator"
      aria-orientation="horizontal"
      aria-label="Resize the preview"
      aria-valuemin={PREVIEW_HEIGHT.min}
      aria-valuemax={PREVIEW_HEIGHT.max}
      aria-valuenow={height ?? undefined}
      tabIndex={0}
      title="Drag to resize the preview · double-click for the default size"
      data-testid="resize-preview"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onDoubleClick={() => onResize(null, true)}
      onKeyDown={onKeyDown}
    />
  );
});
