/** Properties of the selected node (or of the graph when nothing is selected). */
import { memo, useState } from 'react';
import { inputSpec, specOf } from '../lib/catalog';
import { PLAIN_TEXT_RULES } from '../lib/fieldDraft';
import { formatValue } from '../lib/format';
import type { DocNode, InputSpec, Literal, NodeSpec, Problem, SubgraphRef } from '../lib/types';
import { isObjectKind } from '../lib/types';
import { parseWire, wireList } from '../lib/wires';
import { useEditor, useEditorApi } from '../store/context';
import { ColorField } from '../widgets/ColorField';
import { IdField } from '../widgets/IdField';
import { PortField } from '../widgets/PortField';
import { RangeField } from '../widgets/VectorField';
import { useFieldDraft } from '../widgets/useFieldDraft';

const NO_PROBLEMS: Problem[] = [];

function numbers(v: Literal | null | undefined): number[] | undefined {
  return Array.isArray(v) && v.every((x) => typeof x === 'number') ? (v as number[]) : undefined;
}

function KindDot({ kind }: { kind: string }) {
  return <span className={`kind-dot k-${kind}`} title={kind} />;
}

function WireChip({ wire, onUnlink }: { wire: string; onUnlink?: () => void }) {
  const editor = useEditorApi();
  const ref = parseWire(wire);
  return (
    <span className="wire-chip">
      <button type="button" className="link" title="Go to this node" onClick={() => editor.focusNode(ref.node)}>
        ← {wire}
      </button>
      {onUnlink && (
        <button type="button" className="icon" title="Disconnect" aria-label={`Disconnect ${wire}`} onClick={onUnlink}>
          ×
        </button>
      )}
    </span>
  );
}

/** The ordered wires of a list port; drag or use the arrows to reorder. */
const WireList = memo(function WireList({ id, port, wires }: { id: string; port: string; wires: string[] }) {
  const editor = useEditorApi();
  const [dragFrom, setDragFrom] = useState<number | null>(null);
  if (!wires.length) return <span className="field-hint">Drag wires onto the slots of the node</span>;
  return (
    <ol className="wire-list">
      {wires.map((w, i) => (
        <li
          key={`${i}:${w}`}
          draggable
          onDragStart={(e) => {
            setDragFrom(i);
            e.dataTransfer.effectAllowed = 'move';
            e.dataTransfer.setData('text/plain', String(i));
          }}
          onDragOver={(e) => e.preventDefault()}
          onDrop={(e) => {
            e.preventDefault();
            if (dragFrom !== null) editor.moveListItem(id, port, dragFrom, i);
            setDragFrom(null);
          }}
          className={dragFrom === i ? 'dragging' : undefined}
        >
          <span className="grip" aria-hidden>
            ⋮⋮
          </span>
          <span className="slot-index">{i + 1}</span>
          <WireChip wire={w} />
          <span className="spacer" />
          <button type="button" className="icon" title="Move up" aria-label="Move up" disabled={i === 0} onClick={() => editor.moveListItem(id, port, i, i - 1)}>
            ↑
          </button>
          <button
            type="button"
            className="icon"
            title="Move down"
            aria-label="Move down"
            disabled={i === wires.length - 1}
            onClick={() => editor.moveListItem(id, port, i, i + 1)}
          >
            ↓
          </button>
          <button type="button" className="icon" title="Remove" aria-label={`Remove ${w}`} onClick={() => editor.disconnect(id, port, i)}>
            ×
          </button>
        </li>
      ))}
    </ol>
  );
});

/** A list port of a value kind holding literal values. */
function LiteralList({ id, input, value, nodeType }: { id: string; input: InputSpec; value: Literal | undefined; nodeType: string }) {
  const editor = useEditorApi();
  const items = Array.isArray(value) ? value : [];
  const scalar = { ...input, list: false };
  const set = (next: Literal[]) => editor.setParam(id, input.name, next.length ? next : undefined);
  return (
    <div className="literal-list">
      {items.map((item, i) => (
        <div className="literal-item" key={i}>
          <PortField id={`${id}-${input.name}-${i}`} nodeType={nodeType} input={scalar} value={item} onChange={(v) => set(items.map((x, j) => (j === i ? (v ?? null) : x)))} />
          <button type="button" className="icon" aria-label="Remove" onClick={() => set(items.filter((_, j) => j !== i))}>
            ×
          </button>
        </div>
      ))}
      <button type="button" className="small" onClick={() => set([...items, (input.kind === 'vector' ? [0, 0] : input.kind === 'number' || input.kind === 'integer' ? 0 : '') as Literal])}>
        + add value
      </button>
    </div>
  );
}

const PortRow = memo(function PortRow({ id, node, input, problems }: { id: string; node: DocNode; input: InputSpec; problems: Problem[] }) {
  const editor = useEditorApi();
  const wired = node.inputs?.[input.name];
  const value = node.params?.[input.name];
  const bad = problems.filter((p) => p.port === input.name);
  const fieldId = `prop-${id}-${input.name}`;
  let body: React.ReactNode;
  if (input.list && isObjectKind(input.kind)) {
    body = <WireList id={id} port={input.name} wires={wireList(wired)} />;
  } else if (wired !== undefined) {
    body = input.list ? (
      <WireList id={id} port={input.name} wires={wireList(wired)} />
    ) : (
      <span className="wired-field">
        <span className="wired-tag">wired</span>
        <WireChip wire={String(wired)} onUnlink={() => editor.disconnect(id, input.name)} />
      </span>
    );
  } else if (isObjectKind(input.kind)) {
    body = <span className="field-hint">{input.required ? 'Required: ' : ''}wire {input.kind === 'mobject' ? 'a mobject' : 'an animation'} into this port{input.accepts ? ` (${input.accepts.join(', ')})` : ''}</span>;
  } else if (input.widget === 'range' && !input.list) {
    // [min, max(, step)]: a vector on disk, labelled as a range (PortField would say x/y/z).
    body = <RangeField id={fieldId} value={numbers(value)} placeholder={numbers(input.default)} onChange={(v) => editor.setParam(id, input.name, v)} />;
  } else if (input.list) {
    body = <LiteralList id={id} input={input} value={value} nodeType={node.type} />;
  } else {
    body = <PortField id={fieldId} nodeType={node.type} input={input} value={value} onChange={(v) => editor.setParam(id, input.name, v)} />;
  }
  return (
    <div className={`prop${bad.length ? ' has-problem' : ''}`} data-port={input.name}>
      <label htmlFor={fieldId} title={input.description}>
        <KindDot kind={input.kind} />
        {input.name}
        {input.required && <span className="req">*</span>}
        {value !== undefined && wired === undefined && (
          <button type="button" className="reset" title="Reset to default" onClick={() => editor.setParam(id, input.name, undefined)}>
            reset
          </button>
        )}
      </label>
      <div className="prop-body">{body}</div>
      {input.description && <div className="prop-desc">{input.description}</div>}
      {bad.map((p, i) => (
        <div className="field-error" key={i} role="alert">
          {p.message}
        </div>
      ))}
    </div>
  );
});

/** A Subgraph node's head: the graph it uses, and the way in. */
function SubgraphHead({ id, sub, description }: { id: string; sub: SubgraphRef; description: string }) {
  const editor = useEditorApi();
  return (
    <div className="props-head">
      <div className="props-type">{sub.title}</div>
      <div className="props-desc">
        Subgraph · <span className="mono">{sub.graph || '(no graph)'}</span>
        {sub.missing && <> · {description}</>}
      </div>
      {!sub.missing && (
        <div className="button-row">
          <button type="button" className="small" onClick={() => void editor.openSubgraph(id)} title="Open (double-click or Enter on the node)">
            Open subgraph
          </button>
        </div>
      )}
    </div>
  );
}

function NodeProps({ id, node, spec }: { id: string; node: DocNode; spec: NodeSpec | null }) {
  const editor = useEditorApi();
  const problems = useEditor((s) => s.problemsByNode.get(id)) ?? NO_PROBLEMS;
  const known = new Set(spec?.inputs.map((i) => i.name) ?? []);
  const extra = [...Object.keys(node.params ?? {}), ...Object.keys(node.inputs ?? {})].filter((k) => !known.has(k));
  const general = problems.filter((p) => !p.port || !inputSpec(spec ?? undefined, p.port));
  const sub = spec?.subgraph;
  return (
    <div className="props">
      {sub ? (
        <SubgraphHead id={id} sub={sub} description={spec.description} />
      ) : (
        <div className="props-head">
          <div className="props-type">{node.type}</div>
          <div className="props-desc">{spec?.description ?? 'This node type is not in the catalog.'}</div>
        </div>
      )}
      {general.map((p, i) => (
        <div className="field-error block" key={i} role="alert">
          {p.message}
        </div>
      ))}
      <IdField key={id} id={id} />
      {spec?.inputs.map((input) => <PortRow key={input.name} id={id} node={node} input={input} problems={problems} />)}
      {extra.map((k) => (
        <div className="prop has-problem" key={k}>
          <label>{k}</label>
          <div className="prop-body">
            <span className="mono">{formatValue((node.params?.[k] ?? node.inputs?.[k]) as Literal, 40)}</span>
            <button
              type="button"
              className="small"
              onClick={() => editor.removePort(id, k)}
            >
              remove
            </button>
          </div>
          <div className="field-error">Not a port of {sub ? sub.graph || 'this Subgraph node' : node.type}</div>
        </div>
      ))}
    </div>
  );
}

function GraphProps() {
  const editor = useEditorApi();
  const doc = useEditor((s) => s.doc);
  const name = useEditor((s) => s.name);
  const title = useFieldDraft(typeof doc?.name === 'string' ? doc.name : '', PLAIN_TEXT_RULES, (v) => editor.setTopLevel('name', v));
  const desc = useFieldDraft(typeof doc?.description === 'string' ? doc.description : '', PLAIN_TEXT_RULES, (v) =>
    editor.setTopLevel('description', v),
  );
  if (!doc) return <div className="panel-empty">No graph open</div>;
  const bg = typeof doc.scene?.background === 'string' ? doc.scene.background : undefined;
  return (
    <div className="props">
      <div className="props-head">
        <div className="props-type">Graph</div>
        <div className="props-desc">
          {name} · select a node to edit it, or drag one in from the left.
        </div>
      </div>
      <div className="prop">
        <label htmlFor="graph-title">title</label>
        <input
          id="graph-title"
          value={title.text}
          placeholder={name ?? ''}
          onBlur={title.onBlur}
          onChange={(e) => title.setText(e.target.value)}
        />
      </div>
      <div className="prop">
        <label htmlFor="graph-desc">description</label>
        <textarea
          id="graph-desc"
          rows={2}
          value={desc.text}
          onBlur={desc.onBlur}
          onChange={(e) => desc.setText(e.target.value)}
        />
      </div>
      <div className="prop">
        <label htmlFor="graph-bg">background</label>
        <ColorField id="graph-bg" value={bg} placeholder="BLACK" onChange={(v) => editor.setBackground(v)} />
      </div>
    </div>
  );
}

function MultiProps({ ids }: { ids: string[] }) {
  const editor = useEditorApi();
  return (
    <div className="props">
      <div className="props-head">
        <div className="props-type">{ids.length} nodes selected</div>
        <div className="props-desc">{ids.join(', ')}</div>
      </div>
      <div className="button-row">
        <button type="button" onClick={() => editor.duplicateSelection()}>
          Duplicate
        </button>
        <button type="button" onClick={() => editor.copySelection()}>
          Copy
        </button>
        <button type="button" onClick={() => editor.askExtract(ids)} title="Move these nodes into a graph of their own, used here as one node">
          Make subgraph…
        </button>
        <button type="button" className="danger" onClick={() => editor.deleteSelection()}>
          Delete
        </button>
      </div>
    </div>
  );
}

function PropertiesPanelView() {
  const selection = useEditor((s) => s.selection);
  const one = selection.length === 1 ? selection[0] : null;
  const node = useEditor((s) => (one ? s.doc?.nodes[one] : undefined));
  const spec = useEditor((s) => (node && s.catalog ? (specOf(s.catalog, node) ?? null) : null));
  if (selection.length > 1) return <MultiProps ids={selection} />;
  if (one && node) return <NodeProps id={one} node={node} spec={spec} />;
  return <GraphProps />;
}

export const PropertiesPanel = memo(PropertiesPanelView);
