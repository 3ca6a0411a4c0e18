/** The graphs of the data dir: open, search, create, rename, duplicate, delete (with undo). */
import { memo, useState } from 'react';
import type { GraphSummary } from '../api/client';
import { useEditor, useEditorApi } from '../store/context';

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

const GraphItem = memo(function GraphItem({ g, active }: { g: GraphSummary; active: boolean }) {
  const editor = useEditorApi();
  const [renaming, setRenaming] = useState(false);
  const [text, setText] = useState(g.name);
  const valid = NAME_PATTERN.test(text);

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
  return (
    <li className={`graph-item${active ? ' active' : ''}`}>
      <button type="button" className="graph-open" onClick={() => void editor.openGraph(g.name)} title={`${g.name}.${g.format}`}>
        <span className={`graph-state${g.valid ? '' : ' bad'}`} title={g.valid ? 'valid' : `${g.errors} error(s)`} />
        <span className="graph-title">{g.title}</span>
        {g.title !== g.name && <span className="graph-name">{g.name}</span>}
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
          ✎
        </button>
        <button type="button" className="icon" title="Duplicate" aria-label={`Duplicate ${g.name}`} onClick={() => void editor.duplicateGraph(g.name)}>
          ⧉
        </button>
        <button type="button" className="icon" title="Delete (can be undone)" aria-label={`Delete ${g.name}`} onClick={() => void editor.deleteGraph(g.name)}>
          🗑
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
  const needle = q.trim().toLowerCase();
  const shown = needle ? graphs.filter((g) => `${g.name} ${g.title}`.toLowerCase().includes(needle)) : graphs;
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
        {shown.map((g) => (
          <GraphItem key={g.name} g={g} active={g.name === current} />
        ))}
        {loaded && !shown.length && <li className="panel-empty">{graphs.length ? 'No match' : 'No graphs yet'}</li>}
      </ul>
    </section>
  );
}

export const GraphList = memo(GraphListView);
