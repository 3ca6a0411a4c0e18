/** Keyboard shortcuts and the few gestures worth knowing. */
import { useEditorApi } from '../store/context';
import { Modal } from './Modal';

const mod = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl';

export const SHORTCUTS: [string, string][] = [
  [`${mod} K`, 'Search and add a node'],
  ['Double-click canvas', 'Add a node here'],
  ['Right-click a node, wire or the canvas', 'Menu: add, duplicate, animate, disconnect, delete'],
  ['Drag a wire into empty space', 'Add a node that fits, already wired'],
  [`${mod} Z`, 'Undo'],
  [`${mod} Shift Z  /  ${mod} Y`, 'Redo'],
  [`${mod} C / ${mod} X / ${mod} V`, 'Copy, cut, paste nodes (also between graphs)'],
  [`${mod} D`, 'Duplicate selection'],
  [`${mod} A`, 'Select all'],
  ['Delete / Backspace', 'Delete selection'],
  ['Shift drag', 'Box select'],
  [`${mod} / Shift click`, 'Add to selection'],
  ['Enter / double-click a subgraph node', 'Open the graph it uses'],
  ['Alt ←', 'Back out of a subgraph (or a step of the path above the canvas)'],
  ['Right-click a selection', 'Make subgraph: move it into a graph of its own'],
  ['F', 'Fit view'],
  ['L', 'Auto-layout'],
  [`${mod} S`, 'Save now (saving is automatic)'],
  [`${mod} E`, 'Export'],
  ['?', 'This help'],
  ['Esc', 'Close menus and dialogs'],
];

export function HelpOverlay() {
  const editor = useEditorApi();
  return (
    <Modal title="Keyboard shortcuts" onClose={() => editor.setDialog(null)} wide testId="help">
      <dl className="shortcuts">
        {SHORTCUTS.map(([k, v]) => (
          <div key={k}>
            <dt>
              <kbd>{k}</kbd>
            </dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <p className="field-hint">
        Port shapes: ● values, ■ mobjects, ◆ animations. Colors show the kind; a wire only fits a port of a matching kind.
        Every change saves by itself; the file on disk can be edited at the same time.
      </p>
    </Modal>
  );
}
