/** A searchable list of node types: the Ctrl+K search, the right-click menu and the wire-drop menu. */
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { specOf } from '../lib/catalog';
import { typesFeedingInput, typesTakingOutput, type Suggestion } from '../lib/connect';
import { parseTargetHandle } from '../lib/wires';
import { searchTypes } from '../lib/search';
import { SUBGRAPH_TYPE } from '../lib/subgraph';
import { useEditor, useEditorApi } from '../store/context';
import type { MenuState } from '../store/editor';

const DOWNSTREAM = ['Animations', 'Composition', 'Output', 'Layout'];

interface Props {
  /** Where the node goes, in flow coordinates. */
  at: { x: number; y: number };
  from: MenuState['from'];
  onClose(): void;
  title?: string;
  /** `at` is a centre to place the node near, in a free spot (Ctrl+K), not an exact corner. */
  near?: boolean;
}

export const NodeSearch = memo(function NodeSearch({ at, from, onClose, title, near }: Props) {
  const editor = useEditorApi();
  const catalog = useEditor((s) => s.catalog);
  const doc = useEditor((s) => s.doc);
  const [q, setQ] = useState('');
  const [active, setActive] = useState(0);
  const list = useRef<HTMLUListElement>(null);

  const options: Suggestion[] = useMemo(() => {
    if (!catalog) return [];
    // A bare Subgraph node uses no graph (the palette offers the project's graphs instead).
    if (!from || !doc) return catalog.nodes.filter((spec) => spec.type !== SUBGRAPH_TYPE).map((spec) => ({ spec, port: '' }));
    const node = doc.nodes[from.node];
    const spec = specOf(catalog, node);
    if (from.type === 'source') {
      const out = spec?.outputs.find((o) => o.name === from.handle);
      return out && node ? typesTakingOutput(catalog, out, node.type) : [];
    }
    const input = spec?.inputs.find((i) => i.name === parseTargetHandle(from.handle)?.port);
    return input ? typesFeedingInput(catalog, input) : [];
  }, [catalog, doc, from]);

  const shown = useMemo(() => {
    let specs = options.map((o) => o.spec);
    // From an output, what comes next is usually an animation or the scene.
    if (from?.type === 'source') {
      const rank = (c: string) => {
        const i = DOWNSTREAM.indexOf(c);
        return i < 0 ? DOWNSTREAM.length : i;
      };
      specs = specs.map((s, i) => [s, i] as const).sort((a, b) => rank(a[0].category) - rank(b[0].category) || a[1] - b[1]).map(([s]) => s);
    }
    const order = searchTypes(specs, q);
    const byType = new Map(options.map((o) => [o.spec.type, o]));
    return order.map((s) => byType.get(s.type)!);
  }, [options, q, from]);

  useEffect(() => setActive(0), [q]);
  useEffect(() => {
    list.current?.querySelector('.active')?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const choose = (o: Suggestion | undefined) => {
    if (!o) return;
    if (near && !from) editor.addNodeNear(o.spec.type, at);
    else editor.addNode(o.spec.type, at, from, o.port || undefined);
    onClose();
  };

  let lastCategory = '';
  return (
    <div className="node-search" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <input
        autoFocus
        type="search"
        placeholder={title ?? 'Add a node…'}
        value={q}
        aria-label="Search node types"
        onChange={(e) => setQ(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setActive((a) => Math.min(a + 1, shown.length - 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => Math.max(a - 1, 0));
          } else if (e.key === 'Enter') {
            e.preventDefault();
            choose(shown[active]);
          }
        }}
      />
      {from && <div className="search-note">Compatible with {from.node}.{parseTargetHandle(from.handle)?.port ?? from.handle}</div>}
      <ul ref={list} role="listbox">
        {shown.map((o, i) => {
          const header = !q && o.spec.category !== lastCategory ? o.spec.category : null;
          lastCategory = o.spec.category;
          return (
            <li key={o.spec.type} role="presentation">
              {header && <div className="search-cat">{header}</div>}
              <button
                type="button"
                role="option"
                aria-selected={i === active}
                className={i === active ? 'active' : ''}
                onMouseEnter={() => setActive(i)}
                onClick={() => choose(o)}
              >
                <span className="search-type">{o.spec.type}</span>
                {o.port && <span className="search-port">.{o.port}</span>}
                <span className="search-desc">{o.spec.description}</span>
              </button>
            </li>
          );
        })}
        {!shown.length && <li className="panel-empty">No node type fits</li>}
      </ul>
    </div>
  );
});
