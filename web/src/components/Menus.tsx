/** The add menu at the pointer (right-click, double-click, wire drop) and the Ctrl+K search. */
import { useReactFlow } from '@xyflow/react';
import { memo } from 'react';
import { useEditor, useEditorApi } from '../store/context';
import { Modal } from './Modal';
import { NodeSearch } from './NodeSearch';

export const AddMenu = memo(function AddMenu() {
  const editor = useEditorApi();
  const menu = useEditor((s) => s.menu);
  if (!menu) return null;
  const left = Math.min(menu.x, window.innerWidth - 330);
  const top = Math.max(8, Math.min(menu.y, window.innerHeight - 420));
  return (
    <>
      <div className="menu-back" onMouseDown={() => editor.openMenu(null)} onContextMenu={(e) => { e.preventDefault(); editor.openMenu(null); }} />
      <div className="add-menu" style={{ left, top }} data-testid="add-menu">
        <NodeSearch at={menu.flow} from={menu.from} onClose={() => editor.openMenu(null)} />
      </div>
    </>
  );
});

export function SearchDialog() {
  const editor = useEditorApi();
  const { screenToFlowPosition } = useReactFlow();
  const r = document.querySelector('.canvas')?.getBoundingClientRect();
  const at = r ? screenToFlowPosition({ x: r.left + r.width / 2, y: r.top + r.height / 2 }) : { x: 0, y: 0 };
  const close = () => editor.setDialog(null);
  return (
    <Modal title="Add a node" onClose={close} testId="search-dialog">
      <NodeSearch at={at} from={null} onClose={close} title="Type to search node types…" near />
    </Modal>
  );
}
