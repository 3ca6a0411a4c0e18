/** "Make subgraph…": name the new graph file (and the node that replaces the selection), then move it there. */
import { useState } from 'react';
import { fileNameFor, folderOf, leafOf, nameProblem } from '../lib/graphNames';
import { uniqueId } from '../lib/ids';
import { nodeList } from '../lib/merge';
import { ID_PATTERN } from '../lib/wires';
import { useEditor, useEditorApi } from '../store/context';
import { Modal } from './Modal';

/** Why `id` cannot name the new node, or null. */
function idProblem(id: string, taken: Record<string, unknown>): string | null {
  if (!id) return 'Give the node an id';
  if (!ID_PATTERN.test(id)) return 'Letters, digits and _, not starting with a digit';
  if (id in taken) return `This graph has a node ${id}`;
  return null;
}

export function ExtractDialog() {
  const editor = useEditorApi();
  const ids = useEditor((s) => s.extractIds);
  const graphs = useEditor((s) => s.graphs);
  const nodes = useEditor((s) => s.doc?.nodes) ?? {};
  const [typed, setTyped] = useState(() => {
    const folder = folderOf(editor.state.name ?? '');
    return editor.uniqueGraphName(`${folder ? `${folder}/` : ''}${leafOf(editor.state.name ?? 'graph')}-part`);
  });
  // The node's id follows the file name until it is typed in.
  const [typedId, setTypedId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const name = fileNameFor(typed);
  const id = typedId ?? uniqueId(leafOf(name) || 'subgraph', nodes);
  const taken = graphs.some((g) => g.name === name);
  const problem = name ? nameProblem(name) : 'type a name';
  const badId = idProblem(id, nodes);
  const valid = problem === null && !taken && badId === null && ids.length > 0;
  const close = () => editor.setDialog(null);
  return (
    <Modal title="Make subgraph" onClose={close} testId="extract-dialog">
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          if (!valid || busy) return;
          setBusy(true);
          const ok = await editor.extractSubgraph(ids, name, id);
          setBusy(false);
          if (ok) close();
        }}
      >
        <p className="field-hint">
          Moves {nodeList(ids)} into a graph file of its own; a Subgraph node takes their place. Wires that cross the selection become its inputs and outputs.
        </p>
        <label className="stack">
          Graph name
          <input
            autoFocus
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            onFocus={(e) => e.target.select()}
            aria-label="Graph name"
            aria-describedby="extract-file"
            aria-invalid={problem !== null || taken}
            spellCheck={false}
            placeholder="name, or folder/name"
          />
          <span className={problem === null && !taken ? 'field-hint' : 'field-error'} id="extract-file" data-testid="extract-file">
            {taken ? 'A graph with this name exists' : (problem ?? `Saved as ${name}.yaml${name.includes('/') ? ' (folders are made as needed)' : ''}`)}
          </span>
        </label>
        <label className="stack">
          Node id
          <input
            value={id}
            onChange={(e) => setTypedId(e.target.value)}
            aria-label="Node id"
            aria-describedby="extract-id"
            aria-invalid={badId !== null}
            spellCheck={false}
            className="mono"
          />
          <span className={badId === null ? 'field-hint' : 'field-error'} id="extract-id">
            {badId ?? 'The Subgraph node in this graph'}
          </span>
        </label>
        <div className="button-row">
          <button type="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!valid || busy}>
            {busy ? 'Making…' : 'Make subgraph'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
