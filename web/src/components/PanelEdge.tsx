/** The canvas' edge beside a side panel: drag it (or use the arrow keys on it) to resize the panel,
 * press its button to fold the panel away and give the canvas the room. */
import { ChevronLeft, ChevronRight } from 'lucide-react';
import { memo, useRef } from 'react';
import { PANEL_LIMITS, clampWidth, type Side } from '../lib/prefs';
import { useEditor, useEditorApi } from '../store/context';

/** The canvas keeps at least this much room when a panel grows. */
const MIN_CANVAS = 320;
const KEY_STEP = 16;

export function panelId(side: Side): string {
  return `panel-${side}`;
}

function widthOf(side: Side): number {
  return document.getElementById(panelId(side))?.getBoundingClientRect().width ?? PANEL_LIMITS[side].min;
}

/** The widest the panel may get without squeezing the canvas below MIN_CANVAS. */
function roomFor(side: Side): number {
  const other: Side = side === 'left' ? 'right' : 'left';
  const main = document.getElementById(panelId(side))?.parentElement?.getBoundingClientRect().width ?? Infinity;
  return main - widthOf(other) - MIN_CANVAS;
}

function fit(side: Side, width: number): number {
  return clampWidth(side, Math.min(width, Math.max(PANEL_LIMITS[side].min, roomFor(side))));
}

export const PanelEdge = memo(function PanelEdge({ side, name }: { side: Side; name: string }) {
  const editor = useEditorApi();
  const { collapsed, width } = useEditor((s) => s.layout[side]);
  const drag = useRef<{ x: number; start: number; last: number } | null>(null);
  const sign = side === 'left' ? 1 : -1;
  const outward = side === 'left' ? ChevronLeft : ChevronRight;
  const inward = side === 'left' ? ChevronRight : ChevronLeft;
  const Icon = collapsed ? inward : outward;
  const toggle = () => editor.setPanel(side, { collapsed: !collapsed });

  const onPointerDown = (e: React.PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    const start = widthOf(side);
    drag.current = { x: e.clientX, start, last: start };
    e.currentTarget.setPointerCapture(e.pointerId);
    e.preventDefault();
  };
  const onPointerMove = (e: React.PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d) return;
    d.last = fit(side, d.start + sign * (e.clientX - d.x));
    editor.setPanel(side, { width: d.last }, false);
  };
  const onPointerUp = () => {
    const d = drag.current;
    drag.current = null;
    if (d && d.last !== d.start) editor.setPanel(side, { width: d.last });
  };
  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Enter') return toggle();
    const grow = e.key === 'ArrowRight' ? sign : e.key === 'ArrowLeft' ? -sign : 0;
    if (!grow) return;
    e.preventDefault();
    editor.setPanel(side, { width: fit(side, widthOf(side) + grow * KEY_STEP * (e.shiftKey ? 4 : 1)) });
  };

  const label = `${collapsed ? 'Show' : 'Hide'} the ${name} panel`;
  return (
    <div className={`panel-edge ${side}${collapsed ? ' collapsed' : ''}`}>
      {!collapsed && (
        <div
          className="panel-resizer"
          role="separator"
          aria-orientation="vertical"
          aria-label={`Resize the ${name} panel`}
          aria-controls={panelId(side)}
          aria-valuemin={PANEL_LIMITS[side].min}
          aria-valuemax={PANEL_LIMITS[side].max}
          aria-valuenow={width ?? undefined}
          tabIndex={0}
          title="Drag to resize · double-click for the default width"
          data-testid={`resize-${side}`}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={onPointerUp}
          onDoubleClick={() => editor.setPanel(side, { width: null })}
          onKeyDown={onKeyDown}
        />
      )}
      <button
        type="button"
        className="panel-toggle"
        title={label}
        aria-label={label}
        aria-expanded={!collapsed}
        aria-controls={panelId(side)}
        data-testid={`toggle-${side}`}
        onClick={toggle}
      >
        <Icon size={14} aria-hidden />
      </button>
    </div>
  );
});
