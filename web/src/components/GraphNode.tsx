/** A node on the canvas: header, outputs, then one row per input (list ports as slots). */
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { SquareArrowOutUpRight } from 'lucide-react';
import { memo, useState } from 'react';
import { colorHex } from '../lib/colors';
import type { GraphFlowNode } from '../lib/convert';
import { formatValue } from '../lib/format';
import { FORMULA_TYPES } from '../lib/formula';
import { alwaysShown } from '../lib/ports';
import type { DocNode, InputSpec, Problem, SubgraphRef } from '../lib/types';
import { isObjectKind } from '../lib/types';
import { parseWire, targetHandleId, wireList } from '../lib/wires';
import { useEditor, useEditorApi } from '../store/context';
import { Formula } from './Formula';

function portProblems(problems: Problem[], port: string): Problem[] {
  return problems.filter((p) => p.port === port);
}

function titleOf(problems: Problem[]): string | undefined {
  return problems.length ? problems.map((p) => p.message).join('\n') : undefined;
}

function wireLabel(w: string): string {
  const r = parseWire(w);
  return r.port ? `${r.node}.${r.port}` : r.node;
}

interface RowProps {
  input: InputSpec;
  node: DocNode;
  problems: Problem[];
  colors: Record<string, string>;
}

const ValueRow = memo(function ValueRow({ input, node, problems, colors }: RowProps) {
  const wired = node.inputs?.[input.name];
  const set = node.params?.[input.name];
  const bad = portProblems(problems, input.name);
  const swatch = input.kind === 'color' ? colorHex(set ?? input.default ?? null, colors) : null;
  let value: React.ReactNode;
  if (wired !== undefined) value = <span className="row-wired">← {wireList(wired).map(wireLabel).join(', ')}</span>;
  else if (set !== undefined) value = <span className="row-value">{formatValue(set)}</span>;
  else if (input.default !== undefined && input.default !== null)
    value = <span className="row-default">{formatValue(input.default)}</span>;
  else if (input.required) value = <span className="row-required">required</span>;
  return (
    <div className={`row in${bad.length ? ' has-problem' : ''}`} title={titleOf(bad) ?? input.description}>
      <Handle
        type="target"
        position={Position.Left}
        id={input.name}
        className={`port in k-${input.kind}${wired !== undefined ? ' wired' : ''}`}
      />
      <span className="row-name">{input.name}</span>
      {swatch && <span className="swatch" style={{ background: swatch }} />}
      {value}
    </div>
  );
});

const ListRows = memo(function ListRows({ input, node, problems }: RowProps) {
  const wires = wireList(node.inputs?.[input.name]);
  const literal = node.params?.[input.name];
  const bad = portProblems(problems, input.name);
  const object = isObjectKind(input.kind);
  return (
    <div className={`list${bad.length ? ' has-problem' : ''}`} title={titleOf(bad) ?? input.description}>
      <div className="row list-label">
        <span className="row-name">{input.name}</span>
        <span className="row-default">{wires.length ? `${wires.length}` : literal !== undefined ? formatValue(literal) : object ? 'empty' : ''}</span>
      </div>
      {wires.map((w, i) => (
        <div className="row slot" key={i}>
          <Handle type="target" position={Position.Left} id={targetHandleId(input.name, i)} className={`port in k-${input.kind} wired`} />
          <span className="slot-index">{i + 1}</span>
          <span className="row-wired">{wireLabel(w)}</span>
        </div>
      ))}
      <div className="row slot free">
        <Handle type="target" position={Position.Left} id={targetHandleId(input.name, wires.length)} className={`port in k-${input.kind}`} />
        <span className="slot-index">{wires.length + 1}</span>
        <span className="row-default">{wires.length ? 'add…' : `connect ${input.kind === 'animation' ? 'animations' : input.kind === 'mobject' ? 'mobjects' : 'values'}`}</span>
      </div>
    </div>
  );
});

/** Inputs in the document that the catalog does not know (unknown type or port). */
function unknownInputs(node: DocNode, known: Set<string>, owner: string): InputSpec[] {
  const names = new Set([...Object.keys(node.params ?? {}), ...Object.keys(node.inputs ?? {})]);
  return [...names]
    .filter((n) => !known.has(n))
    .map((name) => ({
      name, kind: 'unknown', default: undefined, list: Array.isArray(node.inputs?.[name]), required: false,
      choices: null, description: `Not a port of ${owner}`, widget: null, accepts: null, variable: 'x',
    }));
}

/** The button in a Subgraph node's head that opens the graph it uses. */
function OpenSubgraph({ id, sub }: { id: string; sub: SubgraphRef }) {
  const editor = useEditorApi();
  return (
    <button
      type="button"
      className="icon gnode-open nodrag"
      title={`Open ${sub.graph} (double-click or Enter)`}
      aria-label={`Open subgraph ${sub.graph}`}
      data-testid={`open-subgraph-${id}`}
      onClick={() => void editor.openSubgraph(id)}
    >
      <SquareArrowOutUpRight size={12} aria-hidden />
    </button>
  );
}

/** The LaTeX a formula node shows: its own or its default; none while the port is wired. */
function formulaOf(node: DocNode, spec: GraphFlowNode['data']['spec']): { src: string; math: boolean } | null {
  const f = FORMULA_TYPES[node.type];
  if (!f || node.inputs?.[f.port] !== undefined) return null;
  const v = node.params?.[f.port] ?? spec?.inputs.find((i) => i.name === f.port)?.default;
  return typeof v === 'string' && v.trim() ? { src: v, math: f.math } : null;
}

export const LIVE_TITLE = 'Live: changes while the scene plays (follows a ValueTracker or the scene clock)';

function GraphNodeView({ id, data, selected }: NodeProps<GraphFlowNode>) {
  const { node, spec, problems, live } = data;
  const colors = useEditor((s) => s.catalog?.colors) ?? {};
  const [unfolded, setUnfolded] = useState(false);
  const sub = spec?.subgraph;
  const known = new Set(spec?.inputs.map((i) => i.name) ?? []);
  const all = [...(spec?.inputs ?? []), ...unknownInputs(node, known, sub ? sub.graph || 'this Subgraph node' : 'this node type')];
  const inputs = unfolded ? all : all.filter((i) => alwaysShown(i, node, problems));
  const foldable = all.length - all.filter((i) => alwaysShown(i, node, problems)).length;
  const nodeProblems = problems.filter((p) => !p.port || !all.some((i) => i.name === p.port));
  const formula = formulaOf(node, spec);
  const category = spec?.category.toLowerCase().replace(/[^a-z]+/g, '-') ?? 'unknown';
  return (
    <div
      className={`gnode cat-${category}${sub ? ' gnode-subgraph' : ''}${live ? ' live' : ''}${problems.length ? ' has-problem' : ''}${selected ? ' selected' : ''}`}
      data-testid={`node-${id}`}
      data-live={live ? 'true' : 'false'}
      data-graph={sub?.graph}
    >
      <div className="gnode-head" title={spec?.description ?? `Unknown node type ${node.type}`}>
        {sub ? <span className="gnode-type gnode-title">{sub.title}</span> : <span className="gnode-type">{node.type}</span>}
        <span className="gnode-id">{id}</span>
        {live && (
          <span className="gnode-live" title={LIVE_TITLE} aria-label="live" data-testid={`live-${id}`}>
            live
          </span>
        )}
        {problems.length > 0 && (
          <span className="gnode-badge" title={titleOf(problems)}>
            {problems.length}
          </span>
        )}
        {sub && !sub.missing && <OpenSubgraph id={id} sub={sub} />}
      </div>
      {nodeProblems.length > 0 && (
        <div className="gnode-error" title={titleOf(nodeProblems)}>
          {nodeProblems[0].message}
        </div>
      )}
      {!spec && <div className="gnode-error">Unknown node type “{node.type}”</div>}
      {sub && sub.title !== sub.graph && (
        <div className="gnode-graph" title={`Uses the graph ${sub.graph}`}>
          {sub.graph}
        </div>
      )}
      {sub?.missing && nodeProblems.length === 0 && (
        // Until the server's own problem arrives: it says the same, with a suggestion.
        <div className="gnode-error" data-testid={`missing-${id}`}>
          {sub.graph ? `No graph ${sub.graph} in this folder` : 'Set graph: to the graph this node uses'}
        </div>
      )}
      {formula && <Formula src={formula.src} math={formula.math} />}
      {spec?.outputs.map((o) => (
        <div className="row out" key={o.name}>
          <span className="row-name">{o.name}</span>
          <Handle type="source" position={Position.Right} id={o.name} className={`port out k-${o.kind}`} />
        </div>
      ))}
      {inputs.map((input) =>
        input.list ? (
          <ListRows key={input.name} input={input} node={node} problems={problems} colors={colors} />
        ) : (
          <ValueRow key={input.name} input={input} node={node} problems={problems} colors={colors} />
        ),
      )}
      {foldable > 0 && (
        <button
          type="button"
          className="gnode-more nodrag"
          onClick={() => setUnfolded(!unfolded)}
          title={unfolded ? 'Hide the ports left at their defaults' : 'Show every port (to wire a value in)'}
        >
          {unfolded ? '▴ fewer' : `▾ ${foldable} more`}
        </button>
      )}
    </div>
  );
}

export const GraphNode = memo(GraphNodeView);

/** Node types for React Flow, defined once at module level. */
export const nodeTypes = { graph: GraphNode };
