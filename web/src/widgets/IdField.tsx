/** A node's id in the properties panel. */
import { memo } from 'react';
import type { DraftRules } from '../lib/fieldDraft';
import { ID_PATTERN } from '../lib/wires';
import { useEditor, useEditorApi } from '../store/context';
import { useFieldDraft } from './useFieldDraft';

const NO_PAUSE = { commitOnPause: false };

/** A new id for node `id`: the id pattern, and no other node's id (`taken`). */
export function nodeIdRules(id: string, taken: (to: string) => boolean): DraftRules<string> {
  return {
    parse(text) {
      const to = text.trim();
      if (to === id) return { ok: true, value: to };
      if (!ID_PATTERN.test(to)) return { ok: false, message: 'Letters, digits and _ only; not starting with a digit' };
      if (taken(to)) return { ok: false, message: `“${to}” is taken` };
      return { ok: true, value: to };
    },
    format: (v) => v,
  };
}

/** The node's id. A rename rewrites every wire to the node, so it happens on blur or Enter, never on a pause. */
export const IdField = memo(function IdField({ id }: { id: string }) {
  const editor = useEditorApi();
  const nodes = useEditor((s) => s.doc?.nodes);
  const rules = nodeIdRules(id, (to) => nodes !== undefined && to in nodes);
  const draft = useFieldDraft(id, rules, (to) => editor.renameNode(id, to), NO_PAUSE);
  return (
    <div className="prop">
      <label htmlFor="node-id">id</label>
      <input
        id="node-id"
        className="mono"
        value={draft.text}
        spellCheck={false}
        onChange={(e) => draft.setText(e.target.value)}
        onBlur={draft.onBlur}
        onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
        aria-invalid={draft.error !== null}
      />
      {draft.error && (
        <div className="field-error" role="alert">
          {draft.error}
        </div>
      )}
    </div>
  );
});
