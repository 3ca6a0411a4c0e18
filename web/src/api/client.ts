/** The HTTP API of `manim-nodes watch` (docs/api.md), typed. */
import { parseCatalog, parseProblems } from '../lib/catalog';
import { graphApiUrl } from '../lib/graphNames';
import { parseInterface, type GraphInterface } from '../lib/subgraph';
import { parseTimeline, type TimelineBlock } from '../lib/timeline';
import type { Catalog, GraphDoc, Problem } from '../lib/types';

/** The ETag header is quoted (`"abc"`, maybe `W/"abc"`); bodies and events carry it bare. */
export function unquoteEtag(value: string): string {
  return value.replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
}

export class ApiError extends Error {
  constructor(
    message: string,
    /** HTTP status, or 0 when the server could not be reached. */
    public status: number,
    public details: Record<string, unknown> = {},
  ) {
    super(message);
  }
  get network(): boolean {
    return this.status === 0;
  }
}

export interface GraphSummary {
  name: string;
  format: string;
  title: string;
  modified: string;
  valid: boolean;
  errors: number;
  /** The last good preview; `failed`: the last render failed (then `image` may be null: none succeeded).
   * `timeline`: that preview's animations, as in `render.finished` (null when the server sent none). */
  preview: { image: string | null; video: string | null; stale: boolean; failed: boolean; timeline?: TimelineBlock[] | null } | null;
  /** The inputs and outputs the graph declares for use as a Subgraph node; null when it declares none. */
  interface?: GraphInterface | null;
}

export interface LoadedGraph {
  name: string;
  format: string;
  graph: GraphDoc;
  errors: Problem[];
  etag: string;
  /** Ids of the nodes whose value or mobject changes while the scene plays ([] while the graph has errors). */
  live: string[];
}

/** What `POST /api/graphs/{name}/extract` answers: the parent as saved, and the new graph's name. */
export interface ExtractedSubgraph {
  parent: LoadedGraph;
  created: string;
}

/** What a save answers. */
export interface SavedGraph {
  etag: string;
  errors: Problem[];
  /** As in {@link LoadedGraph.live}, for the graph just saved. */
  live: string[];
  /** The preview job the save started; null when it started none (same bytes, or the graph is invalid). */
  job: string | null;
  /** The document as saved when the server merged this save into a newer file; null when saved as sent. */
  graph: GraphDoc | null;
}

/** The `live` list of a graph response: node ids; anything else (an older server) reads as none. */
export function parseLive(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  return v.filter((x): x is string => typeof x === 'string');
}

export interface ExportInfo {
  file: string;
  url: string;
  size: number;
  modified: string;
}

export interface Template {
  name: string;
  title: string;
  description: string;
}

type Json = Record<string, unknown>;

async function request(method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: body === undefined ? headers : { 'Content-Type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError('Cannot reach manim-nodes: is `manim-nodes watch` still running?', 0);
  }
  let json: Json = {};
  const text = await res.text().catch(() => '');
  if (text) {
    try {
      json = JSON.parse(text) as Json;
    } catch {
      json = {};
    }
  }
  if (!res.ok) {
    const err = (json.error ?? {}) as Json;
    const message = typeof err.message === 'string' ? err.message : `${res.status} ${res.statusText}`;
    // A proxy in front of a stopped server answers 502/504: treat it as unreachable.
    const status = res.status === 502 || res.status === 504 ? 0 : res.status;
    throw new ApiError(message, status, (err.details as Json) ?? {});
  }
  return { json, headers: res.headers };
}

function enc(name: string): string {
  return encodeURIComponent(name);
}

function asGraphDoc(v: unknown): GraphDoc {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ApiError('This file does not hold a graph: it should start with version: 1 and a nodes: list', 500);
  const doc = v as GraphDoc;
  if (typeof doc.nodes !== 'object' || doc.nodes === null || Array.isArray(doc.nodes)) {
    // A fresh or broken file: edit it as an empty graph, keeping the rest.
    return { ...doc, version: 1, nodes: {} };
  }
  return doc;
}

/** A graph as `GET /api/graphs/{name}` sends it (also the `parent` of an extract). */
function asLoaded(json: Json, name: string, etag: string): LoadedGraph {
  return {
    name: typeof json.name === 'string' ? json.name : name,
    format: typeof json.format === 'string' ? json.format : 'yaml',
    graph: asGraphDoc(json.graph),
    errors: parseProblems(json.errors),
    etag,
    live: parseLive(json.live),
  };
}

function parseSummary(v: unknown): GraphSummary | null {
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Json;
  if (typeof o.name !== 'string') return null;
  const p = o.preview as Json | null | undefined;
  return {
    name: o.name,
    format: typeof o.format === 'string' ? o.format : 'yaml',
    title: typeof o.title === 'string' && o.title ? o.title : o.name,
    modified: typeof o.modified === 'string' ? o.modified : '',
    valid: o.valid !== false,
    errors: typeof o.errors === 'number' ? o.errors : 0,
    preview:
      p && (typeof p.image === 'string' || p.failed === true)
        ? {
            image: typeof p.image === 'string' ? p.image : null,
            video: typeof p.video === 'string' ? p.video : null,
            stale: p.stale === true,
            failed: p.failed === true,
            timeline: parseTimeline(p.timeline),
          }
        : null,
    interface: parseInterface(o.interface),
  };
}

export const api = {
  async health(): Promise<boolean> {
    const { json } = await request('GET', '/api/health');
    return json.status === 'ok';
  },

  async nodes(): Promise<Catalog> {
    const { json } = await request('GET', '/api/nodes');
    return parseCatalog(json);
  },

  async listGraphs(): Promise<GraphSummary[]> {
    const { json } = await request('GET', '/api/graphs');
    const list = Array.isArray(json.graphs) ? json.graphs : [];
    return list.map(parseSummary).filter((g): g is GraphSummary => g !== null);
  },

  async getGraph(name: string): Promise<LoadedGraph> {
    const { json, headers } = await request('GET', graphApiUrl(name));
    return asLoaded(json, name, unquoteEtag(headers.get('ETag') ?? ''));
  },

  /**
   * Move the nodes `nodes` of graph `name` into a new graph `into`, put in their place a
   * Subgraph node `id` using it, from the version `etag` names (412 when the file changed
   * since, 409 when `into` exists, 400 for a selection that cannot be moved).
   */
  async extractSubgraph(name: string, nodes: string[], into: string, id: string, etag: string): Promise<ExtractedSubgraph> {
    const { json, headers } = await request('POST', graphApiUrl(name, 'extract'), { nodes, into, id }, { 'If-Match': etag });
    const parent = (typeof json.parent === 'object' && json.parent !== null ? json.parent : {}) as Json;
    const tag = headers.get('ETag') ?? (typeof parent.etag === 'string' ? parent.etag : '');
    return { parent: asLoaded(parent, name, unquoteEtag(tag)), created: typeof json.created === 'string' ? json.created : into };
  },

  /**
   * Save from the version `etag` names. When the file changed since, the server merges this save
   * into it (the answer's `graph`), or throws ApiError 412 whose details `parseStaleSave` reads.
   */
  async putGraph(name: string, doc: GraphDoc, etag: string): Promise<SavedGraph> {
    const { json, headers } = await request('PUT', graphApiUrl(name), doc, { 'If-Match': etag });
    const tag = typeof json.etag === 'string' ? json.etag : unquoteEtag(headers.get('ETag') ?? etag);
    const job = typeof json.job === 'string' ? json.job : null;
    const graph = json.merged === true ? asGraphDoc(json.graph) : null;
    return { etag: tag, errors: parseProblems(json.errors), live: parseLive(json.live), job, graph };
  },

  async createGraph(name: string, template = 'blank', format = 'yaml', title?: string): Promise<LoadedGraph> {
    await request('POST', '/api/graphs', title === undefined ? { name, format, template } : { name, format, template, title });
    return api.getGraph(name);
  },

  async deleteGraph(name: string): Promise<void> {
    await request('DELETE', graphApiUrl(name));
  },

  async renameGraph(name: string, to: string): Promise<string> {
    const { json } = await request('POST', graphApiUrl(name, 'rename'), { to });
    return typeof json.name === 'string' ? json.name : to;
  },

  async code(name: string): Promise<{ code: string | null; errors: Problem[] }> {
    try {
      const { json } = await request('GET', graphApiUrl(name, 'code'));
      return { code: typeof json.code === 'string' ? json.code : '', errors: [] };
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) {
        return { code: null, errors: parseProblems(e.details.errors) };
      }
      throw e;
    }
  },

  async render(name: string): Promise<string | null> {
    const { json } = await request('POST', graphApiUrl(name, 'render'));
    return typeof json.job === 'string' ? json.job : null;
  },

  async exportGraph(name: string, quality: string, format: string): Promise<string> {
    const { json } = await request('POST', graphApiUrl(name, 'export'), { quality, format });
    return String(json.job ?? '');
  },

  async exports(): Promise<ExportInfo[]> {
    const { json } = await request('GET', '/api/exports');
    const list = Array.isArray(json.exports) ? (json.exports as Json[]) : [];
    return list
      .filter((e) => typeof e.file === 'string')
      .map((e) => ({
        file: e.file as string,
        url: typeof e.url === 'string' ? e.url : `/exports/${enc(e.file as string)}`,
        size: typeof e.size === 'number' ? e.size : 0,
        modified: typeof e.modified === 'string' ? e.modified : '',
      }));
  },

  /** The images and SVGs in the data dir that a picture node may show. */
  async pictures(): Promise<string[]> {
    const { json } = await request('GET', '/api/pictures');
    return Array.isArray(json.pictures) ? json.pictures.filter((p): p is string => typeof p === 'string') : [];
  },

  /** Starter templates; falls back to the blank one when the server has no list. */
  async templates(): Promise<Template[]> {
    const blank: Template = { name: 'blank', title: 'Blank', description: 'An empty scene.' };
    try {
      const { json } = await request('GET', '/api/templates');
      const list = Array.isArray(json.templates) ? (json.templates as Json[]) : [];
      const parsed = list
        .filter((t) => typeof t.name === 'string')
        .map((t) => ({
          name: t.name as string,
          title: typeof t.title === 'string' ? t.title : (t.name as string),
          description: typeof t.description === 'string' ? t.description : '',
        }));
      return parsed.some((t) => t.name === 'blank') ? parsed : [blank, ...parsed];
    } catch {
      return [blank];
    }
  },
};

export type Api = typeof api;
