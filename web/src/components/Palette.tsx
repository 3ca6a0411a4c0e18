/**
 * Node types by category, and the project's own graphs that declare ports ("This project"):
 * drag onto the canvas, or click to add in the middle of the view.
 */
import { useReactFlow } from '@xyflow/react';
import { memo, useMemo, useState } from 'react';
import { searchTypes } from '../lib/search';
import { interfaceSummary, offeredSubgraphs, SUBGRAPH_TYPE } from '../lib/subgraph';
import type { NodeSpec } from '../lib/types';
import { useEditor, useEditorApi } from '../store/context';
import { PALETTE_MIME, SUBGRAPH_MIME } from './Canvas';

/** The heading of the project's graphs; its open state is kept with the categories'. */
const PROJECT = 'This project';

function PaletteView() {
  const editor = useEditorApi();
  const catalog = useEditor((s) => s.catalog);
  const graphs = useEditor((s) => s.graphs);
  const current = useEditor((s) => s.name);
  const { screenToFlowPosition } = useReactFlow();
  const [q, setQ] = useState('');
  const [closed, setClosed] = useState<Set<string>>(new Set());

  const project = useMemo(() => offeredSubgraphs(graphs, current, q), [graphs, current, q]);

  const groups = useMemo(() => {
    if (!catalog) return [];
    const searching = q.trim() !== '';
    // A bare Subgraph node uses no graph: the project's graphs are offered instead.
    const addable = catalog.nodes.filter((s) => s.type !== SUBGRAPH_TYPE);
    const found = searching ? searchTypes(addable, q) : addable;
    const by = new Map<string, NodeSpec[]>();
    // Browsing: the catalog's order of categories. Searching: the best match's category first.
    if (!searching) for (const c of catalog.categories) by.set(c, []);
    for (const s of found) {
      const list = by.get(s.category);
      if (list) list.push(s);
      else by.set(s.category, [s]);
    }
    return [...by.entries()].filter(([, list]) => list.length);
  }, [catalog, q]);

  const canvasCenter = () => {
    const r = document.querySelector('.canvas')?.getBoundingClientRect();
    return r ? screenToFlowPosition({ x: r.left + r.width / 2, y: r.top + r.height / 2 }) : null;
  };
  const addAtCenter = (type: string) => {
    const at = canvasCenter();
    if (at) editor.addNodeNear(type, at);
  };
  const addGraphAtCenter = (graph: string) => {
    const at = canvasCenter();
    if (at) editor.addSubgraphNear(graph, at);
  };
  const toggle = (group: string) => {
    const next = new Set(closed);
    if (next.has(group)) next.delete(group);
    else next.add(group);
    setClosed(next);
  };
  const projectOpen = q.trim() !== '' || !closed.has(PROJECT);

  return (
    <section className="palette" aria-label="Node palette">
      <div className="panel-title">
        <span>Nodes</span>
        <span className="spacer" />
        <span className="field-hint">drag or click</span>
      </div>
      <input className="search" type="search" placeholder="Search nodes" value={q} onChange={(e) => setQ(e.target.value)} aria-label="Search nodes" />
      <div className="palette-groups">
        {project.length > 0 && (
          <div className="palette-group" data-testid="palette-project">
            <button type="button" className="palette-cat" aria-expanded={projectOpen} onClick={() => toggle(PROJECT)}>
              <span className="caret">{projectOpen ? '▾' : '▸'}</span> {PROJECT}
            </button>
            {projectOpen && (
              <div className="palette-items">
                {project.map((g) => (
                  <button
                    type="button"
                    key={g.name}
                    className="palette-item palette-graph"
                    draggable
                    title={`${g.name}: ${interfaceSummary(g.interface)}`}
                    data-graph={g.name}
                    onDragStart={(e) => {
                      e.dataTransfer.setData(SUBGRAPH_MIME, g.name);
                      e.dataTransfer.effectAllowed = 'copy';
                    }}
                    onClick={() => addGraphAtCenter(g.name)}
                  >
                    {g.title}
                  </button>
                ))}
              </div>
            )}
          </div>
        )}
        {groups.map(([cat, list]) => {
          const open = q.trim() !== '' || !closed.has(cat);
          return (
            <div className="palette-group" key={cat}>
              <button
                type="button"
                className="palette-cat"
                aria-expanded={open}
                onClick={() => toggle(cat)}
              >
                <span className="caret">{open ? '▾' : '▸'}</span> {cat}
              </button>
              {open && (
                <div className="palette-items">
                  {list.map((s) => (
                    <button
                      type="button"
                      key={s.type}
                      className={`palette-item cat-${s.category.toLowerCase().replace(/[^a-z]+/g, '-')}`}
                      draggable
                      title={s.description}
                      data-type={s.type}
                      onDragStart={(e) => {
                        e.dataTransfer.setData(PALETTE_MIME, s.type);
                        e.dataTransfer.effectAllowed = 'copy';
                      }}
                      onClick={() => addAtCenter(s.type)}
                    >
                      {s.type}
                    </button>
                  ))}
                </div>
              )}
            </div>
          );
        })}
      </div>
    </section>
  );
}

export const Palette = memo(PaletteView);
