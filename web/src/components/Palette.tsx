/** Node types by category: drag onto the canvas, or click to add in the middle of the view. */
import { useReactFlow } from '@xyflow/react';
import { memo, useMemo, useState } from 'react';
import { searchTypes } from '../lib/search';
import type { NodeSpec } from '../lib/types';
import { useEditor, useEditorApi } from '../store/context';
import { PALETTE_MIME } from './Canvas';

function PaletteView() {
  const editor = useEditorApi();
  const catalog = useEditor((s) => s.catalog);
  const { screenToFlowPosition } = useReactFlow();
  const [q, setQ] = useState('');
  const [closed, setClosed] = useState<Set<string>>(new Set());

  const groups = useMemo(() => {
    if (!catalog) return [];
    const searching = q.trim() !== '';
    const found = searching ? searchTypes(catalog.nodes, q) : catalog.nodes;
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

  const addAtCenter = (type: string) => {
    const r = document.querySelector('.canvas')?.getBoundingClientRect();
    if (!r) return;
    editor.addNodeNear(type, screenToFlowPosition({ x: r.left + r.width / 2, y: r.top + r.height / 2 }));
  };

  return (
    <section className="palette" aria-label="Node palette">
      <div className="panel-title">
        <span>Nodes</span>
        <span className="spacer" />
        <span className="field-hint">drag or click</span>
      </div>
      <input className="search" type="search" placeholder="Search nodes" value={q} onChange={(e) => setQ(e.target.value)} aria-label="Search nodes" />
      <div className="palette-groups">
        {groups.map(([cat, list]) => {
          const open = q.trim() !== '' || !closed.has(cat);
          return (
            <div className="palette-group" key={cat}>
              <button
                type="button"
                className="palette-cat"
                aria-expanded={open}
                onClick={() => {
                  const next = new Set(closed);
                  if (next.has(cat)) next.delete(cat);
                  else next.add(cat);
                  setClosed(next);
                }}
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
