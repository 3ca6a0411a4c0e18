/** The editor's layout: graphs and palette | canvas | preview and side panels. */
import { ReactFlowProvider } from '@xyflow/react';
import { memo, useEffect, useState } from 'react';
import { Canvas } from './components/Canvas';
import { CodeView } from './components/CodeView';
import { ConflictDialog } from './components/ConflictDialog';
import { ExportDialog } from './components/ExportDialog';
import { GraphList } from './components/GraphList';
import { HelpOverlay } from './components/HelpOverlay';
import { AddMenu, SearchDialog } from './components/Menus';
import { NewGraphDialog } from './components/NewGraphDialog';
import { OfflineBanner, Toast } from './components/Notices';
import { Palette } from './components/Palette';
import { PreviewPanel } from './components/PreviewPanel';
import { ProblemsPanel } from './components/ProblemsPanel';
import { PropertiesPanel } from './components/PropertiesPanel';
import { TopBar } from './components/TopBar';
import { useShortcuts } from './components/useShortcuts';
import { EditorContext, useEditor } from './store/context';
import type { Editor } from './store/editor';

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
      {dialog === 'help' && <HelpOverlay />}
      {dialog === 'new' && <NewGraphDialog />}
      {dialog === 'search' && <SearchDialog />}
      <ConflictDialog />
      <AddMenu />
    </>
  );
}

function Shell({ editor }: { editor: Editor }) {
  useShortcuts(editor);
  return (
    <div className="app">
      <TopBar />
      <OfflineBanner />
      <div className="main">
        <aside className="left">
          <GraphList />
          <Palette />
        </aside>
        <main className="center">
          <Canvas />
        </main>
        <aside className="right">
          <PreviewPanel />
          <SidePanels />
        </aside>
      </div>
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
