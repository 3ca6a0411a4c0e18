/** Parse `GET /api/nodes` into a typed catalog, checking the shape instead of casting. */
import { DEFAULT_VARIABLE, EXPRESSION_VARIABLES, type Variable } from '../generated/rules';
import { graphOf, missingSubgraphSpec, SUBGRAPH_TYPE } from './subgraph';
import type { Catalog, DocNode, InputSpec, Literal, NodeSpec, OutputSpec, Problem } from './types';

export class ShapeError extends Error {}

type Obj = Record<string, unknown>;

function obj(v: unknown, where: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ShapeError(`${where}: expected an object`);
  return v as Obj;
}
function str(v: unknown, where: string): string {
  if (typeof v !== 'string') throw new ShapeError(`${where}: expected a string`);
  return v;
}
function optStr(v: unknown): string {
  return typeof v === 'string' ? v : '';
}
function strList(v: unknown, where: string): string[] {
  if (!Array.isArray(v)) throw new ShapeError(`${where}: expected a list`);
  return v.map((x, i) => str(x, `${where}[${i}]`));
}

/** An expression port's free variables, as the catalog names them (`x`, `t`, `uv` or `xy`). */
function expressionVariable(v: unknown, where: string): Variable {
  if (!(EXPRESSION_VARIABLES as readonly unknown[]).includes(v)) {
    throw new ShapeError(`${where}: expected one of ${EXPRESSION_VARIABLES.join(', ')}`);
  }
  return v as Variable;
}

function parseInput(v: unknown, where: string): InputSpec {
  const o = obj(v, where);
  return {
    name: str(o.name, `${where}.name`),
    kind: str(o.kind, `${where}.kind`),
    default: o.default === undefined ? undefined : (o.default as Literal),
    list: o.list === true,
    required: o.required === true,
    choices: Array.isArray(o.choices) ? strList(o.choices, `${where}.choices`) : null,
    description: optStr(o.description),
    widget: typeof o.widget === 'string' ? o.widget : null,
    accepts: Array.isArray(o.accepts) ? strList(o.accepts, `${where}.accepts`) : null,
    variable: o.kind === 'expression' ? expressionVariable(o.variable, `${where}.variable`) : DEFAULT_VARIABLE,
    cells: typeof o.cells === 'string' ? o.cells : null,
    files: Array.isArray(o.files) ? strList(o.files, `${where}.files`) : null,
  };
}

function parseOutput(v: unknown, where: string): OutputSpec {
  const o = obj(v, where);
  const out: OutputSpec = { name: str(o.name, `${where}.name`), kind: str(o.kind, `${where}.kind`) };
  if (o.live === true) out.live = true;
  return out;
}

function parseNode(v: unknown, where: string): NodeSpec {
  const o = obj(v, where);
  const inputs = Array.isArray(o.inputs) ? o.inputs : [];
  const outputs = Array.isArray(o.outputs) ? o.outputs : [];
  return {
    type: str(o.type, `${where}.type`),
    category: optStr(o.category) || 'Other',
    description: optStr(o.description),
    inputs: inputs.map((x, i) => parseInput(x, `${where}.inputs[${i}]`)),
    outputs: outputs.map((x, i) => parseOutput(x, `${where}.outputs[${i}]`)),
  };
}

export function parseCatalog(json: unknown): Catalog {
  const o = obj(json, 'catalog');
  if (!Array.isArray(o.nodes)) throw new ShapeError('catalog.nodes: expected a list');
  const nodes = o.nodes.map((x, i) => parseNode(x, `catalog.nodes[${i}]`));
  const colorsIn = typeof o.colors === 'object' && o.colors !== null ? (o.colors as Obj) : {};
  const colors: Record<string, string> = {};
  for (const [k, val] of Object.entries(colorsIn)) if (typeof val === 'string') colors[k] = val;
  const categories = Array.isArray(o.categories) ? strList(o.categories, 'catalog.categories') : [];
  for (const n of nodes) if (!categories.includes(n.category)) categories.push(n.category);
  return {
    categories,
    kinds: Array.isArray(o.kinds) ? strList(o.kinds, 'catalog.kinds') : [],
    colors,
    nodes,
    byType: new Map(nodes.map((n) => [n.type, n])),
  };
}

/**
 * The spec of a node of the document: its catalog entry, or for a Subgraph node the spec derived
 * from the interface of the graph it uses (a portless, missing one when that graph is not there).
 */
export function specOf(catalog: Catalog, node: DocNode | undefined): NodeSpec | undefined {
  if (!node) return undefined;
  if (node.type !== SUBGRAPH_TYPE) return catalog.byType.get(node.type);
  const graph = graphOf(node);
  return catalog.subgraphs?.get(graph) ?? missingSubgraphSpec(graph, catalog.byType.get(SUBGRAPH_TYPE));
}

export function inputSpec(spec: NodeSpec | undefined, port: string): InputSpec | undefined {
  return spec?.inputs.find((p) => p.name === port);
}

export function outputSpec(spec: NodeSpec | undefined, port: string): OutputSpec | undefined {
  return spec?.outputs.find((p) => p.name === port);
}

export function parseProblems(v: unknown): Problem[] {
  if (!Array.isArray(v)) return [];
  const out: Problem[] = [];
  for (const p of v) {
    if (typeof p !== 'object' || p === null) continue;
    const o = p as Obj;
    out.push({
      path: optStr(o.path),
      line: typeof o.line === 'number' ? o.line : null,
      column: typeof o.column === 'number' ? o.column : null,
      message: optStr(o.message) || 'invalid',
      node: typeof o.node === 'string' ? o.node : null,
      port: typeof o.port === 'string' ? o.port : null,
      severity: optStr(o.severity) || 'error',
    });
  }
  return out;
}
