/** Shapes shared by the client: the graph document, the node catalog, problems. */

/** A literal value as it appears in `params`. */
export type Literal = number | string | boolean | null | Literal[] | { [key: string]: Literal };

/** A wire: "node" (its default output) or "node.port". List ports take a list of wires. */
export type WireValue = string | string[];

export interface DocNode {
  type: string;
  params?: Record<string, Literal>;
  inputs?: Record<string, WireValue>;
  pos?: [number, number];
  /** Anything else in a node is kept untouched. */
  [key: string]: unknown;
}

/** A titled box on the canvas; the nodes whose `pos` lies inside it move with it. */
export interface DocFrame {
  title?: string;
  pos: [number, number];
  /** [width, height], whole numbers above 0. */
  size: [number, number];
  /** #RRGGBB or a Manim color name. */
  color?: string;
  [key: string]: unknown;
}

/** A comment on the canvas: plain text, any number of lines. */
export interface DocNote {
  text: string;
  pos: [number, number];
  size?: [number, number];
  [key: string]: unknown;
}

/** Editor-only organisation of the canvas; the compiler never reads it. */
export interface DocCanvas {
  frames?: Record<string, DocFrame>;
  notes?: Record<string, DocNote>;
  [key: string]: unknown;
}

/** The graph document as JSON (what GET returns in `graph` and PUT takes). */
export interface GraphDoc {
  version: 1;
  name?: string;
  description?: string;
  scene?: { background?: string; [key: string]: unknown };
  nodes: Record<string, DocNode>;
  /** Frames and notes; a hand-written file may hold any shape here, so read it with `canvasOf`. */
  canvas?: DocCanvas;
  /** `x-*` keys and anything else are kept untouched. */
  [key: string]: unknown;
}

export type ValueKind =
  | 'number'
  | 'integer'
  | 'bool'
  | 'string'
  | 'color'
  | 'vector'
  | 'enum'
  | 'expression'
  | 'numeric'
  | 'direction'
  | 'table';
export type ObjectKind = 'mobject' | 'animation';
export type Kind = ValueKind | ObjectKind | (string & {});

export interface InputSpec {
  name: string;
  kind: Kind;
  default: Literal | undefined;
  list: boolean;
  required: boolean;
  choices: string[] | null;
  description: string;
  widget: string | null;
  accepts: string[] | null;
  /** The free variable of an expression port: x for y = f(x), t for curves. */
  variable: string;
  /** What the cells of a table port may be: any (text or numbers), string, number or integer. */
  cells?: string | null;
  /** A port naming a picture in the data dir: the suffixes it takes, e.g. ['.svg']. */
  files?: string[] | null;
}

export interface OutputSpec {
  name: string;
  kind: Kind;
  /** The value changes while the scene plays (a tracker's value, the scene clock). */
  live?: boolean;
}

/** What a Subgraph node's spec says about the graph file it uses (lib/subgraph.ts derives it). */
export interface SubgraphRef {
  /** The graph's name (its data-dir path without extension). */
  graph: string;
  /** Its display title (the file stem when it has none). */
  title: string;
  /** No graph of that name in the folder (or the node names none): the node has no ports. */
  missing: boolean;
}

export interface NodeSpec {
  type: string;
  category: string;
  description: string;
  inputs: InputSpec[];
  outputs: OutputSpec[];
  /** Set on the spec of a Subgraph node: the graph whose interface its ports are. */
  subgraph?: SubgraphRef;
}

export interface Catalog {
  categories: string[];
  kinds: string[];
  colors: Record<string, string>;
  nodes: NodeSpec[];
  byType: Map<string, NodeSpec>;
  /**
   * The spec of a Subgraph node for each graph of the project, by graph name, derived from the
   * graph list's interfaces (lib/subgraph.ts). Read a node's spec with `specOf`, never `byType`.
   */
  subgraphs?: ReadonlyMap<string, NodeSpec>;
}

export interface Problem {
  path: string;
  line: number | null;
  column: number | null;
  message: string;
  node: string | null;
  port: string | null;
  severity: 'error' | 'warning' | string;
}

export const OBJECT_KINDS: ReadonlySet<string> = new Set(['mobject', 'animation']);

export function isObjectKind(kind: string): boolean {
  return OBJECT_KINDS.has(kind);
}
