/** The preview's status line (what renders, how far, why it failed), shared by the editor's panel
 * and the preview window: the panel adds its own buttons as children. */
import { memo, type ReactNode } from 'react';
import type { RenderState } from '../store/slices/render';
import { queuedLabel, shownPhase } from '../store/slices/render';

/** The words of the status line; `errors` counts the graph's errors (warnings excluded). */
export function renderLabel(render: RenderState, errors: number): string {
  switch (shownPhase(render, errors)) {
    case 'invalid':
      return `${render.image ? 'Showing the last valid version: ' : 'Not rendered: '}fix ${errors} problem${errors === 1 ? '' : 's'}`;
    case 'idle':
      return 'No preview yet';
    case 'queued':
      return queuedLabel(render);
    case 'rendering':
      return render.percent !== null ? `Rendering ${Math.round(render.percent)}%` : 'Rendering…';
    case 'done':
      return render.seconds !== null ? `Rendered in ${render.seconds.toFixed(2)} s${render.cached ? ' (cached)' : ''}` : 'Up to date';
    case 'failed':
      return render.timeout ? 'Render timed out' : 'Render failed';
  }
}

export const RenderStatusView = memo(function RenderStatusView({
  render,
  errors,
  children,
}: {
  render: RenderState;
  errors: number;
  children?: ReactNode;
}) {
  const phase = shownPhase(render, errors);
  return (
    <div className={`render-status phase-${phase}`} data-testid="render-status" data-phase={phase}>
      <div className="render-line">
        <span className="render-dot" />
        <span className="render-label">{renderLabel(render, errors)}</span>
        {children}
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
