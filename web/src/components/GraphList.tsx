/** The graphs of the data dir, grouped by folder: open, search, create, rename, duplicate, delete (with undo). */
import { Fragment, memo, useMemo, useState } from 'react';
import type { GraphSummary } from '../api/client';
import { groupByFolder, leafOf, nameProblem } from '../lib/graphNames';
import { useEditor, useEditorApi } from '../store/context';
import { Copy, Pencil, Trash2 } from 'lucide-react';

const GraphItem = memo(function GraphItem({ g, active }: { g: GraphSummary; active: boolean }) {
  const editor = useEditorApi();
  const [renaming, setRenaming] = useState(false);
  const [text, setText] = useState(g.name);
  const problem = nameProblem(text);
  const valid = problem === null;

  if (renaming) {
    const done = async (save: boolean) => {
      if (save && valid && text !== g.name) {
        if (!(await editor.renameGraph(g.name, text))) return;
      }
      setRenaming(false);
    };
    return (
      <li className="graph-item renaming">
        <input
          autoFocus
          value={text}
          aria-label="New file name"
          aria-invalid={!valid}
          title={problem ?? 'A folder path moves the graph: gallery/name'}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') void done(true);
            if (e.key === 'Escape') void done(false);
          }}
          onBlur={() => void done(true)}
        />
      </li>
    );
  }
  const leaf = leafOf(g.name);
  return (
    <li className={`graph-item${active ? ' active' : ''}`} data-name={g.name}>
      <button type="button" className="graph-open" onClick={() => void editor.openGraph(g.name)} title={`${g.name}.${g.format}`}>
        <span className={`graph-state${graphState(g)}`} data-testid="graph-state" title={graphStateTitle(g)} />
        <span className="graph-title">{g.title}</span>
        {g.title !== leaf && <span className="graph-name">{leaf}</span>}
        {g.errors > 0 && <span className="badge danger">{g.errors}</span>}
      </button>
      <span className="graph-actions">
        <button
          type="button"
          className="icon"
          title="Rename"
          aria-label={`Rename ${g.name}`}
          onClick={() => {
            setText(g.name);
            setRenaming(true);
          }}
        >
          <Pencil size={13} aria-hidden />
        </button>
        <button type="button" className="icon" title="Duplicate" aria-label={`Duplicate ${g.name}`} onClick={() => void editor.duplicateGraph(g.name)}>
          <Copy size={13} aria-hidden />
        </button>
        <button type="button" className="icon" title="Delete (can be undone)" aria-label={`Delete ${g.name}`} onClick={() => void editor.deleteGraph(g.name)}>
          <Trash2 size={13} aria-hidden />
        </button>
      </span>
    </li>
  );
});

function GraphListView() {
  const editor = useEditorApi();
  const graphs = useEditor((s) => s.graphs);
  const loaded = useEditor((s) => s.graphsLoaded);
  const current = useEditor((s) => s.name);
  const [q, setQ] = useState('');
  const [closed, setClosed] = useState<Set<string>>(new Set());
  const needle = q.trim().toLowerCase();
  const shown = needle ? graphs.filter((g) => `${g.name} ${g.title}`.toLowerCase().includes(needle)) : graphs;
  const groups = useMemo(() => groupByFolder(shown), [shown]);
  const toggle = (folder: string) => {
    const next = new Set(closed);
    if (next.has(folder)) next.delete(folder);
    else next.add(folder);
    setClosed(next);
  };
  return (
    <section className="graph-list" aria-label="Graphs">
      <div className="panel-title">
        <span>Graphs</span>
        <span className="spacer" />
        <button type="button" className="small primary" onClick={() => editor.setDialog('new')} title="New graph (from a template)">
          + New
        </button>
      </div>
      <input className="search" type="search" placeholder="Search graphs" value={q} onChange={(e) => setQ(e.target.value)} aria-label="Search graphs" />
      <ul>
        {groups.map(({ folder, items }) => {
          const rows = items.map((g) => <GraphItem key={g.name} g={g} active={g.name === current} />);
          if (!folder) return <Fragment key="top">{rows}</Fragment>;
          const open = needle !== '' || !closed.has(folder); // a search shows every match

          return (
            <li key={`folder:${folder}`} className="graph-folder" data-folder={folder}>
              <button type="button" className="graph-folder-head" aria-expanded={open} onClick={() => toggle(folder)} title={folder}>
                <span className="caret">{open ? '▾' : '▸'}</span>
                <span className="graph-folder-name">{folder}</span>
                <span className="graph-folder-count">{items.length}</span>
              </button>
              {open && <ul>{rows}</ul>}
            </li>
          );
        })}
        {loaded && !shown.length && <li className="panel-empty">{graphs.length ? 'No match' : 'No graphs yet'}</li>}
      </ul>
    </section>
  );
}

export const GraphList = memo(GraphListView);

/** The dot of a graph in the list: red with errors, a red ring when its last render failed. */
function graphState(g: GraphSummary): string {
  if (!g.valid) return ' bad';
  return g.preview?.failed ? ' failed' : '';
}

function graphStateTitle(g: GraphSummary): string {
  if (!g.valid) return `${g.errors} error(s)`;
  return g.preview?.failed ? 'valid, but its last render failed' : 'valid';
}
