/** The preview panel: the video (or the last frame, if the user chose it), render state, and ways
 * to see it bigger: a taller panel, full screen, or its own window. */
import { memo, useRef } from 'react';
import { useEditor, useEditorApi } from '../store/context';
import type { RenderState } from '../store/editor';
import { FullscreenButton, OpenWindowButton, PreviewModeToggle, PreviewStage } from './PreviewStage';
import { PreviewResizer } from './PreviewResizer';
import { RenderStatusView } from './RenderStatusView';
import { usePreviewPrefs } from './usePreviewPrefs';

const RenderStatus = memo(function RenderStatus({ render, errors }: { render: RenderState; errors: number }) {
  const editor = useEditorApi();
  return (
    <RenderStatusView render={render} errors={errors}>
      {render.phase === 'failed' && render.node && (
        <button type="button" className="link" onClick={() => editor.focusNode(render.node!)}>
          at {render.node}
        </button>
      )}
      <span className="spacer" />
      <button type="button" className="small" onClick={() => void editor.rerender()} title="Render the preview again">
        Re-render
      </button>
    </RenderStatusView>
  );
});

function PreviewPanelView() {
  const editor = useEditorApi();
  const name = useEditor((s) => s.name);
  const render = useEditor((s) => s.render);
  const errors = useEditor((s) => s.problems.filter((p) => p.severity !== 'warning').length);
  const [prefs, setPrefs] = usePreviewPrefs();
  const stage = useRef<HTMLDivElement>(null);
  return (
    <section className="preview" aria-label="Preview">
      <div className="panel-title">
        <span>Preview</span>
        <PreviewModeToggle mode={prefs.mode} hasVideo={render.video !== null} onChange={(mode) => setPrefs({ mode })} />
        <span className="spacer" />
        <FullscreenButton target={stage} />
        <OpenWindowButton name={name} />
        <button type="button" className="primary small" onClick={() => editor.setDialog('export')}>
          Export…
        </button>
      </div>
      <PreviewStage ref={stage} render={render} mode={prefs.mode} invalid={errors > 0} height={prefs.height} />
      <RenderStatus render={render} errors={errors} />
      <PreviewResizer stage={stage} height={prefs.height} onResize={(height, persist) => setPrefs({ height }, persist)} />
    </section>
  );
}

export const PreviewPanel = memo(PreviewPanelView);
