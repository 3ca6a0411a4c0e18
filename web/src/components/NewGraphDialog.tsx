/** New graph, blank or from one of the example graphs. */
import { useState } from 'react';
import { fileNameFor, leafOf, nameProblem } from '../lib/graphNames';
import { useEditor, useEditorApi } from '../store/context';
import { Modal } from './Modal';

export function NewGraphDialog() {
  const editor = useEditorApi();
  const templates = useEditor((s) => s.templates);
  const graphs = useEditor((s) => s.graphs);
  const [template, setTemplate] = useState('blank');
  const [typed, setTyped] = useState(() => editor.uniqueGraphName('untitled'));
  const [busy, setBusy] = useState(false);
  const name = fileNameFor(typed); // "My scene" is saved as My-scene.yaml, titled "My scene"
  const typedLeaf = typed.split('/').pop()?.trim() ?? '';
  const title = typedLeaf && typedLeaf !== leafOf(name) ? typedLeaf : undefined;
  const taken = graphs.some((g) => g.name === name);
  const problem = name ? nameProblem(name) : 'type a name';
  const valid = problem === null && !taken;
  const list = templates.length ? templates : [{ name: 'blank', title: 'Blank', description: 'An empty scene.' }];
  return (
    <Modal title="New graph" onClose={() => editor.setDialog(null)} testId="new-dialog">
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          if (!valid || busy) return;
          setBusy(true);
          const ok = await editor.createGraph(name, template, title);
          setBusy(false);
          if (ok) editor.setDialog(null);
        }}
      >
        <label className="stack">
          Name
          <input
            autoFocus
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            aria-label="Name"
            aria-describedby="new-graph-file"
            aria-invalid={!valid}
            spellCheck={false}
            placeholder="name, or folder/name"
            title="A folder path such as gallery/intro creates the graph in that folder"
          />
          <span className={valid ? 'field-hint' : 'field-error'} id="new-graph-file" data-testid="new-graph-file">
            {taken
              ? 'A graph with this name exists'
              : (problem ??
                `Saved as ${name}.yaml${title ? `, titled “${title}”` : ''}${name.includes('/') ? ' (folders are made as needed)' : ''}`)}
          </span>
        </label>
        <div className="templates" role="radiogroup" aria-label="Template">
          {list.map((t) => (
            <label key={t.name} className={`template${template === t.name ? ' on' : ''}`}>
              <input type="radio" name="template" value={t.name} checked={template === t.name} onChange={() => setTemplate(t.name)} />
              <strong>{t.title}</strong>
              <span className="field-hint">{t.description}</span>
            </label>
          ))}
        </div>
        <div className="button-row">
          <button type="submit" className="primary" disabled={!valid || busy}>
            Create
          </button>
        </div>
      </form>
    </Modal>
  );
}
