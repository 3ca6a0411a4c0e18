/**
 * Subgraphs: a graph file used as a node of another graph. The file declares its `inputs`
 * and `outputs` (its interface, which `GET /api/graphs` rows carry); a `Subgraph` node names
 * the file in its `graph` key and takes its ports from that interface.
 *
 * This module is the one place that turns an interface into a NodeSpec, so every part of the
 * editor (rendering, wiring checks, properties, layout) sees a Subgraph node like any other.
 */
import { DEFAULT_VARIABLE } from '../generated/rules';
import type { Catalog, DocNode, InputSpec, Literal, NodeSpec, OutputSpec } from './types';

/** The catalog type of a node that stands for another graph file. */
export const SUBGRAPH_TYPE = 'Subgraph';
/** Its category when the server's catalog does not say. */
const FALLBACK_CATEGORY = 'Subgraph';

/** One input a graph declares, as `GET /api/graphs` sends it. */
export interface InterfaceInput {
  name: string;
  kind: string;
  /** Absent for object kinds: those must be wired. */
  default?: Literal;
  description: string;
  list: boolean;
  /** The options of an enum input, when the server sends them. */
  choices: string[] | null;
}

export interface GraphInterface {
  inputs: InterfaceInput[];
  outputs: OutputSpec[];
}

/** What this module needs of a graph list row (api/client's GraphSummary has it). */
export interface InterfaceRow {
  name: string;
  title: string;
  /** Absent or null: the graph declares no ports. */
  interface?: GraphInterface | null;
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function named(v: unknown): v is Obj & { name: string; kind: string } {
  return isObj(v) && typeof v.name === 'string' && v.name !== '' && typeof v.kind === 'string' && v.kind !== '';
}

/**
 * A row's `interface`, or null when the graph declares none. Lenient: an entry without a name
 * or kind is skipped rather than failing the whole graph list.
 */
export function parseInterface(v: unknown): GraphInterface | null {
  if (!isObj(v)) return null;
  const inputs = (Array.isArray(v.inputs) ? v.inputs : []).filter(named).map(
    (o): InterfaceInput => ({
      name: o.name,
      kind: o.kind,
      ...('default' in o && o.default !== undefined ? { default: o.default as Literal } : {}),
      description: typeof o.description === 'string' ? o.description : '',
      list: o.list === true,
      choices: Array.isArray(o.choices) ? o.choices.filter((c): c is string => typeof c === 'string') : null,
    }),
  );
  const outputs = (Array.isArray(v.outputs) ? v.outputs : []).filter(named).map((o): OutputSpec => ({ name: o.name, kind: o.kind }));
  return { inputs, outputs };
}

/** The ports of a graph in a line, for a tooltip: `in: color, shape · out: group, intro`. */
export function interfaceSummary(iface: GraphInterface | null | undefined): string {
  if (!hasPorts(iface)) return 'no inputs or outputs';
  const parts = [];
  if (iface.inputs.length) parts.push(`in: ${iface.inputs.map((i) => i.name).join(', ')}`);
  if (iface.outputs.length) parts.push(`out: ${iface.outputs.map((o) => o.name).join(', ')}`);
  return parts.join(' · ');
}

/** The graph declares at least one port, so it is worth offering as a node. */
export function hasPorts(iface: GraphInterface | null | undefined): iface is GraphInterface {
  return !!iface && iface.inputs.length + iface.outputs.length > 0;
}

function inputOf(i: InterfaceInput): InputSpec {
  return {
    name: i.name,
    kind: i.kind,
    default: i.default,
    list: i.list,
    // Without a default there is nothing to stand in for it: set it or wire it (as the server checks).
    required: i.default === undefined || i.default === null,
    choices: i.choices,
    description: i.description,
    widget: null,
    accepts: null,
    variable: DEFAULT_VARIABLE,
    cells: null,
    files: null,
  };
}

/** The spec of a Subgraph node using graph `row`; `base` is the catalog's Subgraph entry, if any. */
export function subgraphSpec(row: InterfaceRow, base?: NodeSpec): NodeSpec {
  const iface = row.interface ?? { inputs: [], outputs: [] };
  return {
    type: SUBGRAPH_TYPE,
    category: base?.category ?? FALLBACK_CATEGORY,
    description: `${row.title}: the graph ${row.name} used as one node`,
    inputs: iface.inputs.map(inputOf),
    outputs: iface.outputs.map((o) => ({ ...o })),
    subgraph: { graph: row.name, title: row.title, missing: false },
  };
}

const missingSpecs = new Map<string, NodeSpec>();

/** The spec of a Subgraph node whose graph is not in the folder: no ports, flagged missing. */
export function missingSubgraphSpec(graph: string, base?: NodeSpec): NodeSpec {
  const category = base?.category ?? FALLBACK_CATEGORY;
  const key = `${category}\n${graph}`;
  let spec = missingSpecs.get(key);
  if (!spec) {
    spec = {
      type: SUBGRAPH_TYPE,
      category,
      description: graph ? `The graph ${graph} is not in this folder` : 'This Subgraph node names no graph',
      inputs: [],
      outputs: [],
      subgraph: { graph, title: graph || 'Subgraph', missing: true },
    };
    missingSpecs.set(key, spec); // one object per graph, so unchanged nodes are not redrawn
  }
  return spec;
}

/** The graph a Subgraph node uses ('' when its `graph` key is not a name). */
export function graphOf(node: DocNode): string {
  return typeof node.graph === 'string' ? node.graph : '';
}

export function isSubgraphNode(node: DocNode | undefined): boolean {
  return node?.type === SUBGRAPH_TYPE;
}

/** The graphs the nodes of `nodes` use as subgraphs. */
export function usedGraphs(nodes: Record<string, DocNode>): Set<string> {
  const out = new Set<string>();
  for (const n of Object.values(nodes)) if (isSubgraphNode(n) && graphOf(n)) out.add(graphOf(n));
  return out;
}

function sameSpec(a: NodeSpec, b: NodeSpec): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * `catalog` with the Subgraph specs of the graphs in `rows`; the same catalog when none changed,
 * and the same spec object for each graph whose interface and title did not change.
 */
export function withSubgraphs(catalog: Catalog, rows: readonly InterfaceRow[]): Catalog {
  const before = catalog.subgraphs;
  const base = catalog.byType.get(SUBGRAPH_TYPE);
  const next = new Map<string, NodeSpec>();
  let changed = !before || before.size !== rows.length;
  for (const row of rows) {
    const fresh = subgraphSpec(row, base);
    const old = before?.get(row.name);
    if (old && sameSpec(old, fresh)) next.set(row.name, old);
    else {
      next.set(row.name, fresh);
      changed = true;
    }
  }
  return changed ? { ...catalog, subgraphs: next } : catalog;
}

/** The graphs whose Subgraph spec differs between two catalogs (added, changed or gone). */
export function changedSubgraphs(before: Catalog, after: Catalog): Set<string> {
  const out = new Set<string>();
  const a = before.subgraphs ?? new Map<string, NodeSpec>();
  const b = after.subgraphs ?? new Map<string, NodeSpec>();
  for (const [name, spec] of b) if (a.get(name) !== spec) out.add(name);
  for (const name of a.keys()) if (!b.has(name)) out.add(name);
  return out;
}

/**
 * The project's graphs the palette offers as nodes: those that declare ports, except the open
 * graph (a graph using itself is a cycle), matching `query` by name or title when one is given.
 */
export function offeredSubgraphs<T extends InterfaceRow>(rows: readonly T[], current: string | null, query = ''): T[] {
  const q = query.trim().toLowerCase();
  return rows.filter(
    (r) => r.name !== current && hasPorts(r.interface) && (!q || r.name.toLowerCase().includes(q) || r.title.toLowerCase().includes(q)),
  );
}
