/** The preview of one graph in a window of its own (`/preview?graph=NAME`): big, on a dark
 * background, following the server's events like the editor does. */
import { memo, useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api/client';
import { EventStream } from '../api/events';
import { usePreviewPlayer } from '../components/previewPlayer';
import { FullscreenButton, PreviewModeToggle, PreviewStage } from '../components/PreviewStage';
import { RenderStatusView } from '../components/RenderStatusView';
import { TimelineStrip } from '../components/TimelineStrip';
import { usePreviewPrefs } from '../components/usePreviewPrefs';
import { editorQuery } from '../lib/graphNames';
import { staleReason } from '../lib/timeline';
import { NOT_LOADED, follow, fromList, type Followed } from './follow';

interface Live {
  state: Followed;
  /** The graph list has answered once. */
  loaded: boolean;
  online: boolean;
}

/** Graph `name` as the server reports it: loaded from the list each time the event stream opens. */
function useFollowed(name: string): Live {
  const [live, setLive] = useState<Live>({ state: NOT_LOADED, loaded: false, online: true });
  useEffect(() => {
    let alive = true;
    let opens = 0;
    const load = (version: number | null) =>
      api.listGraphs().then(
        (list) => alive && setLive((l) => ({ ...l, loaded: true, state: fromList(list, name, version, l.state) })),
        () => alive && setLive((l) => ({ ...l, online: false })),
      );
    const stream = new EventStream('/api/events', {
      onEvent: (e) => {
        setLive((l) => ({ ...l, state: follow(l.state, e, name) }));
        if (e.type === 'graph.changed' && e.name === name) void load(null); // its title may have changed
      },
      onStatus: (ok) => {
        setLive((l) => ({ ...l, online: ok }));
        // Events missed while the stream was down are in the list: catch up from it.
        if (ok) void load(++opens);
      },
    });
    stream.start();
    return () => {
      alive = false;
      stream.stop();
    };
  }, [name]);
  return live;
}

function Message({ children }: { children: React.ReactNode }) {
  return (
    <div className="preview-window">
      <div className="pw-message" role="status">
        {children}
      </div>
    </div>
  );
}

const FollowedPreview = memo(function FollowedPreview({ name }: { name: string }) {
  const { state, loaded, online } = useFollowed(name);
  const [prefs, setPrefs] = usePreviewPrefs();
  const stage = useRef<HTMLDivElement>(null);
  const player = usePreviewPlayer();
  const { render, errors, title, missing } = state;
  const heading = title ?? name;
  const showVideo = useCallback(() => {
    if (prefs.mode !== 'video') setPrefs({ mode: 'video' });
  }, [prefs.mode, setPrefs]);

  useEffect(() => {
    document.title = `${heading} · preview · manim-nodes`;
  }, [heading]);

  return (
    <div className="preview-window">
      <header className="pw-head">
        <h1>{heading}</h1>
        {heading !== name && <span className="mono pw-name">{name}</span>}
        <span className="spacer" />
        <PreviewModeToggle mode={prefs.mode} hasVideo={render.video !== null} onChange={(mode) => setPrefs({ mode })} />
        <FullscreenButton target={stage} />
        <a className="pw-link" href={`/${editorQuery(name)}`} target="_blank" rel="noopener">
          Open in the editor
        </a>
      </header>
      <main className="pw-main">
        {missing ? (
          <div className="pw-message" role="status">
            No graph named “{name}” in this project (it may have been renamed or deleted).
          </div>
        ) : (
          <PreviewStage ref={stage} className="pw-stage" render={render} mode={prefs.mode} invalid={errors > 0} player={player} />
        )}
      </main>
      {!missing && render.timeline && (
        <div className="pw-timeline">
          <TimelineStrip
            blocks={render.timeline}
            player={player}
            stale={staleReason(render, errors)}
            rendering={render.phase === 'rendering' ? render.animation : null}
            canSeek={render.video !== null}
            beforeSeek={showVideo}
          />
        </div>
      )}
      <footer className="pw-foot">
        {loaded && !missing && (
          <RenderStatusView render={render} errors={errors}>
            <span className="spacer" />
            {!online && <span className="pw-offline">Reconnecting to manim-nodes…</span>}
            <button type="button" className="small" onClick={() => void api.render(name).catch(() => undefined)} title="Render the preview again">
              Re-render
            </button>
          </RenderStatusView>
        )}
      </footer>
    </div>
  );
});

/** The page: the graph named in the query, once its name passed the same checks the server makes. */
export function PreviewWindow({ name, asked }: { name: string | null; asked: string | null }) {
  if (name !== null) return <FollowedPreview name={name} />;
  return (
    <Message>
      {asked === null ? (
        <>
          Name a graph: <code>/preview?graph=NAME</code>.
        </>
      ) : (
        <>“{asked}” is not a graph name.</>
      )}
    </Message>
  );
}
