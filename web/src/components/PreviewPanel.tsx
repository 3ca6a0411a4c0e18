/** The preview panel: the video (or the last frame, if the user chose it), its timeline, render
 * state, and ways to see it bigger: a taller panel, full screen, or its own window. */
import { memo, useCallback, useRef } from 'react';
import { specOf } from '../lib/catalog';
import { blockInfo, canRetime, staleReason, startRunTime, type Retimed, type TimelineBlock } from '../lib/timeline';
import { useEditor, useEditorApi } from '../store/context';
import type { RenderState } from '../store/editor';
import { usePreviewPlayer, type PreviewPlayer } from './previewPlayer';
import { FullscreenButton, OpenWindowButton, PreviewModeToggle, PreviewStage } from './PreviewStage';
import { PreviewResizer } from './PreviewResizer';
import { RenderStatusView } from './RenderStatusView';
import { TimelineStrip } from './TimelineStrip';
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

/** The strip under the preview, told about the open graph: node names, run_times to drag, the
 * canvas selection, and the node to light up while its animation plays. */
const EditorTimeline = memo(function EditorTimeline({
  render,
  errors,
  player,
  showVideo,
}: {
  render: RenderState;
  errors: number;
  player: PreviewPlayer;
  showVideo: () => void;
}) {
  const editor = useEditorApi();
  const doc = useEditor((s) => s.doc);
  const catalog = useEditor((s) => s.catalog);
  const selection = useEditor((s) => s.selection);
  const info = useCallback((b: TimelineBlock) => blockInfo(b, doc), [doc]);
  const runTimeOf = useCallback(
    (b: TimelineBlock) => {
      const node = b.node !== null ? doc?.nodes[b.node] : undefined;
      return canRetime(node, node && catalog ? specOf(catalog, node) : undefined) ? startRunTime(node, b) : null;
    },
    [doc, catalog],
  );
  const onRetime = useCallback(
    (b: TimelineBlock, r: Retimed) => {
      if (b.node !== null) editor.setParam(b.node, 'run_time', r.seconds);
    },
    [editor],
  );
  const onActiveNode = useCallback((node: string | null) => editor.setTimelineNode(node), [editor]);
  if (!render.timeline) return null;
  return (
    <TimelineStrip
      blocks={render.timeline}
      player={player}
      stale={staleReason(render, errors)}
      rendering={render.phase === 'rendering' ? render.animation : null}
      canSeek={render.video !== null}
      beforeSeek={showVideo}
      info={info}
      runTimeOf={runTimeOf}
      onRetime={onRetime}
      selected={selection}
      onActiveNode={onActiveNode}
    />
  );
});

function PreviewPanelView() {
  const editor = useEditorApi();
  const name = useEditor((s) => s.name);
  const render = useEditor((s) => s.render);
  const errors = useEditor((s) => s.problems.filter((p) => p.severity !== 'warning').length);
  const [prefs, setPrefs] = usePreviewPrefs();
  const stage = useRef<HTMLDivElement>(null);
  const player = usePreviewPlayer();
  // A click on the timeline means to see the video there, even where the last frame was chosen.
  const showVideo = useCallback(() => {
    if (prefs.mode !== 'video') setPrefs({ mode: 'video' });
  }, [prefs.mode, setPrefs]);
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
      <PreviewStage ref={stage} render={render} mode={prefs.mode} invalid={errors > 0} height={prefs.height} player={player} />
      <EditorTimeline render={render} errors={errors} player={player} showVideo={showVideo} />
      <RenderStatus render={render} errors={errors} />
      <PreviewResizer stage={stage} height={prefs.height} onResize={(height, persist) => setPrefs({ height }, persist)} />
    </section>
  );
}

export const PreviewPanel = memo(PreviewPanelView);
