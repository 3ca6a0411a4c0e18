/** The editor's layout: graphs and palette | canvas | preview and side panels. */
import { ReactFlowProvider } from '@xyflow/react';
import { memo, useEffect, useState } from 'react';
import { Breadcrumbs } from './components/Breadcrumbs';
import { Canvas } from './components/Canvas';
import { CodeView } from './components/CodeView';
import { ConflictDialog } from './components/ConflictDialog';
import { ContextMenu } from './components/ContextMenu';
import { ExportDialog } from './components/ExportDialog';
import { ExtractDialog } from './components/ExtractDialog';
import { GraphList } from './components/GraphList';
import { HelpOverlay } from './components/HelpOverlay';
import { AddMenu, SearchDialog } from './components/Menus';
import { NewGraphDialog } from './components/NewGraphDialog';
import { OfflineBanner, Toast } from './components/Notices';
import { Palette } from './components/Palette';
import { PanelEdge, panelId } from './components/PanelEdge';
import { PreviewPanel } from './components/PreviewPanel';
import { ProblemsPanel } from './components/ProblemsPanel';
import { PropertiesPanel } from './components/PropertiesPanel';
import { TopBar } from './components/TopBar';
import { useShortcuts } from './components/useShortcuts';
import { EditorContext, useEditor } from './store/context';
import type { Editor } from './store/editor';
import type { PanelPrefs, Side } from './lib/prefs';

type Tab = 'props' | 'problems' | 'code';

const SidePanels = memo(function SidePanels() {
  const [tab, setTab] = useState<Tab>('props');
  // Picking a node while reading the code asks for its properties (the problems list stays:
  // jumping from a problem to its node selects that node too).
  const picked = useEditor((s) => (s.selection.length === 1 ? s.selection[0] : null));
  useEffect(() => {
    if (picked) setTab((t) => (t === 'code' ? 'props' : t));
  }, [picked]);
  const count = useEditor((s) => s.problems.length + (s.renderProblem ? 1 : 0) + (s.render.phase === 'failed' && !s.renderProblem ? 1 : 0));
  return (
    <section className="side-tabs">
      <div className="tabs" role="tablist">
        <button type="button" role="tab" aria-selected={tab === 'props'} className={tab === 'props' ? 'on' : ''} onClick={() => setTab('props')}>
          Properties
        </button>
        <button type="button" role="tab" aria-selected={tab === 'problems'} className={tab === 'problems' ? 'on' : ''} onClick={() => setTab('problems')}>
          Problems {count > 0 && <span className="badge danger">{count}</span>}
        </button>
        <button type="button" role="tab" aria-selected={tab === 'code'} className={tab === 'code' ? 'on' : ''} onClick={() => setTab('code')}>
          Code
        </button>
      </div>
      <div className="tab-body">
        {tab === 'props' && <PropertiesPanel />}
        {tab === 'problems' && <ProblemsPanel />}
        {tab === 'code' && <CodeView />}
      </div>
    </section>
  );
});

function Dialogs() {
  const dialog = useEditor((s) => s.dialog);
  return (
    <>
      {dialog === 'export' && <ExportDialog />}
      {dialog === 'extract' && <ExtractDialog />}
      {dialog === 'help' && <HelpOverlay />}
      {dialog === 'new' && <NewGraphDialog />}
      {dialog === 'search' && <SearchDialog />}
      <ConflictDialog />
      <AddMenu />
      <ContextMenu />
    </>
  );
}

/** The most of the window a dragged panel takes, so a window made smaller later keeps a canvas. */
const MAX_SHARE: Record<Side, string> = { left: '30vw', right: '45vw' };

/** A side panel's grid column: folded away, dragged to a width, or the stylesheet's width. */
function column(side: Side, p: PanelPrefs): string {
  if (p.collapsed) return '0px';
  return p.width !== null ? `min(${p.width}px, ${MAX_SHARE[side]})` : `var(--${side}-w)`;
}

/** The three columns; the side panels fold and resize from the canvas' edges. */
function Columns() {
  const left = useEditor((s) => s.layout.left);
  const right = useEditor((s) => s.layout.right);
  return (
    <div className="main" style={{ gridTemplateColumns: `${column('left', left)} minmax(0, 1fr) ${column('right', right)}` }}>
      <aside className="left" id={panelId('left')} hidden={left.collapsed} aria-label="Graphs and nodes">
        <GraphList />
        <Palette />
      </aside>
      <main className="center">
        <Canvas />
        <Breadcrumbs />
        <PanelEdge side="left" name="graphs and nodes" />
        <PanelEdge side="right" name="preview and properties" />
      </main>
      <aside className="right" id={panelId('right')} hidden={right.collapsed} aria-label="Preview and properties">
        <PreviewPanel />
        <SidePanels />
      </aside>
    </div>
  );
}

function Shell({ editor }: { editor: Editor }) {
  useShortcuts(editor);
  return (
    <div className="app">
      <TopBar />
      <OfflineBanner />
      <Columns />
      <Dialogs />
      <Toast />
    </div>
  );
}

export function App({ editor }: { editor: Editor }) {
  return (
    <EditorContext.Provider value={editor}>
      <ReactFlowProvider>
        <Shell editor={editor} />
      </ReactFlowProvider>
    </EditorContext.Provider>
  );
}
