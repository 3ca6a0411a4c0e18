/** The right-click menu of the canvas, its nodes, frames, notes and wires: the common edits where
 * the pointer already is. Arrow keys move between items, Enter runs one, Escape or a click outside closes it. */
import { memo, useLayoutEffect, useRef, useState } from 'react';
import { animationsFor } from '../lib/animate';
import { specOf } from '../lib/catalog';
import { extraFlowId, extraRef } from '../lib/convert';
import type { ExtraRef } from '../lib/docEdit';
import { readClipboard } from '../store/local';
import { useEditor, useEditorApi } from '../store/context';
import type { Editor } from '../store/editor';
import type { ContextMenuState } from '../store/slices/ui';
import { requestEdit } from './canvasEditing';

interface Item {
  label: string;
  /** The shortcut that does the same, shown beside the label. */
  keys?: string;
  danger?: boolean;
  disabled?: boolean;
  run(): void;
}

/** Groups of items, drawn with a rule between them. */
type Sections = Item[][];

function nodeItems(editor: Editor, ids: string[]): Sections {
  const s = editor.state;
  const one = ids.length === 1 ? ids[0] : null;
  const spec = one && s.catalog ? specOf(s.catalog, s.doc?.nodes[one]) : undefined;
  const animations = one && s.catalog ? animationsFor(spec, s.catalog) : [];
  const wired = s.edges.some((e) => ids.includes(e.source) || ids.includes(e.target));
  const sub = spec?.subgraph;
  return [
    one && sub && !sub.missing ? [{ label: `Open ${sub.graph}`, keys: 'Enter', run: () => void editor.openSubgraph(one) }] : [],
    [
      { label: 'Duplicate', keys: 'Ctrl+D', run: () => editor.duplicateSelection() },
      { label: 'Copy', keys: 'Ctrl+C', run: () => void editor.copySelection() },
    ],
    animations.map((a) => ({ label: `Animate with ${a.type}`, run: () => void (one && editor.animateNode(one, a)) })),
    ids.length > 1
      ? [
          { label: 'Frame selection', run: () => editThen('frame', editor.frameNodes(ids)) },
          { label: 'Make subgraph…', run: () => editor.askExtract(ids) },
        ]
      : [],
    [
      { label: ids.length > 1 ? 'Disconnect their wires' : 'Disconnect all wires', disabled: !wired, run: () => editor.disconnectNodes(ids) },
      { label: ids.length > 1 ? `Delete ${ids.length} nodes` : 'Delete', keys: 'Del', danger: true, run: () => editor.deleteNodes(ids) },
    ],
  ];
}

/** Open the title or text of a frame or note just added, ready to type. */
function editThen(kind: ExtraRef['kind'], id: string | null): void {
  if (id) requestEdit(extraFlowId({ kind, id }));
}

function extraItems(editor: Editor, refs: ExtraRef[]): Sections {
  const one = refs.length === 1 ? refs[0] : null;
  const many = refs.length > 1 ? `Delete ${refs.length} items` : 'Delete';
  return [
    one ? [{ label: one.kind === 'frame' ? 'Rename' : 'Edit text', keys: 'Enter', run: () => requestEdit(extraFlowId(one)) }] : [],
    [{ label: 'Duplicate', keys: 'Ctrl+D', run: () => void editor.duplicateExtras(refs) }],
    [{ label: many, keys: 'Del', danger: true, run: () => editor.deleteItems([], refs) }],
  ];
}

function edgeItems(editor: Editor, id: string): Sections {
  const edge = editor.state.edges.find((e) => e.id === id);
  if (!edge) return [];
  return [
    [{ label: 'Disconnect', danger: true, run: () => editor.removeEdges([id]) }],
    [
      { label: `Go to ${edge.source}`, run: () => editor.focusNode(edge.source) },
      { label: `Go to ${edge.target}`, run: () => editor.focusNode(edge.target) },
    ],
  ];
}

function paneItems(editor: Editor, menu: ContextMenuState): Sections {
  return [
    [
      { label: 'Add node…', run: () => editor.openMenu({ x: menu.x, y: menu.y, flow: menu.flow, from: null }) },
      { label: 'Add frame', run: () => editThen('frame', editor.addFrame(menu.flow)) },
      { label: 'Add note', run: () => editThen('note', editor.addNote(menu.flow)) },
      {
        label: 'Paste here',
        keys: 'Ctrl+V',
        disabled: !readClipboard(),
        run: () => {
          editor.setPointer(menu.flow);
          editor.paste();
        },
      },
    ],
    [
      { label: 'Select all', keys: 'Ctrl+A', disabled: !editor.state.nodes.length, run: () => editor.selectAll() },
      { label: 'Fit view', keys: 'F', run: () => editor.fitView() },
    ],
  ];
}

/** The frames and notes among `ids`, when that is all they are. */
function extrasOnly(ids: string[]): ExtraRef[] | null {
  const refs = ids.map(extraRef);
  return refs.length && refs.every((r) => r !== null) ? refs.filter((r): r is ExtraRef => r !== null) : null;
}

function itemsFor(editor: Editor, menu: ContextMenuState): Sections {
  const t = menu.target;
  const extras = t.kind === 'node' ? extrasOnly(t.ids) : null;
  const sections = extras
    ? extraItems(editor, extras)
    : t.kind === 'node'
      ? nodeItems(editor, t.ids)
      : t.kind === 'edge'
        ? edgeItems(editor, t.id)
        : paneItems(editor, menu);
  return sections.filter((items) => items.length);
}

const LABELS = { node: 'Node actions', edge: 'Wire actions', pane: 'Canvas actions' } as const;

function labelOf(menu: ContextMenuState): string {
  const extras = menu.target.kind === 'node' ? extrasOnly(menu.target.ids) : null;
  if (!extras) return LABELS[menu.target.kind];
  const kinds = new Set(extras.map((r) => r.kind));
  return kinds.size > 1 ? 'Frame and note actions' : kinds.has('frame') ? 'Frame actions' : 'Note actions';
}

/** Move focus among the enabled items of `menu`. */
function moveFocus(menu: HTMLElement, key: string): void {
  const items = [...menu.querySelectorAll<HTMLButtonElement>('[role=menuitem]:not(:disabled)')];
  if (!items.length) return;
  const at = items.indexOf(document.activeElement as HTMLButtonElement);
  const next =
    key === 'Home' ? 0 : key === 'End' ? items.length - 1 : key === 'ArrowDown' ? (at + 1) % items.length : (at - 1 + items.length) % items.length;
  items[next].focus();
}

const MenuBody = memo(function MenuBody({ menu }: { menu: ContextMenuState }) {
  const editor = useEditorApi();
  const ref = useRef<HTMLDivElement>(null);
  const [pos, setPos] = useState({ left: menu.x, top: menu.y });
  const sections = itemsFor(editor, menu);
  const close = () => editor.openContextMenu(null);

  // Open inside the window, with the first item focused for the keyboard.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const r = el.getBoundingClientRect();
    setPos({ left: Math.max(4, Math.min(menu.x, window.innerWidth - r.width - 4)), top: Math.max(4, Math.min(menu.y, window.innerHeight - r.height - 4)) });
    el.querySelector<HTMLButtonElement>('[role=menuitem]:not(:disabled)')?.focus();
  }, [menu]);

  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>) => {
    e.stopPropagation(); // the menu owns the keyboard while open (no canvas shortcuts behind it)
    if (e.key === 'Escape' || e.key === 'Tab') {
      e.preventDefault();
      close();
    } else if (['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(e.key) && ref.current) {
      e.preventDefault();
      moveFocus(ref.current, e.key);
    }
  };

  return (
    <>
      <div
        className="menu-back"
        onMouseDown={close}
        onContextMenu={(e) => {
          e.preventDefault();
          close();
        }}
      />
      <div ref={ref} className="context-menu" role="menu" aria-label={labelOf(menu)} style={pos} onKeyDown={onKeyDown} data-testid="context-menu">
        {sections.map((items, i) => (
          <div className="context-section" role="group" key={i}>
            {items.map((item) => (
              <button
                key={item.label}
                type="button"
                role="menuitem"
                className={item.danger ? 'danger-item' : undefined}
                disabled={item.disabled}
                onClick={() => {
                  close();
                  item.run();
                }}
              >
                <span>{item.label}</span>
                {item.keys && <kbd aria-hidden>{item.keys}</kbd>}
              </button>
            ))}
          </div>
        ))}
      </div>
    </>
  );
});

export const ContextMenu = memo(function ContextMenu() {
  const menu = useEditor((s) => s.contextMenu);
  return menu ? <MenuBody menu={menu} /> : null;
});
