/**
 * The server's event stream (`GET /api/events`, docs/api.md): each event's JSON is
 * checked once here and becomes one member of a typed union, so the store never looks
 * at raw data. EventStream resumes by itself with Last-Event-ID after a dropped
 * connection; when the browser gives up (the server answered with an error), we open
 * a new one with a growing delay.
 */
import { parseProblems } from '../lib/catalog';
import { type MergeNote, parseMergeNote } from '../lib/merge';
import { parseTimeline, type TimelineBlock } from '../lib/timeline';
import type { Problem } from '../lib/types';

export const EVENT_NAMES = [
  'graph.changed',
  'graph.deleted',
  'graph.invalid',
  'render.started',
  'render.queued',
  'render.frame',
  'render.progress',
  'render.finished',
  'render.failed',
  'export.progress',
  'export.finished',
  'export.failed',
] as const;

export type EventName = (typeof EVENT_NAMES)[number];

/** A graph file was written (by the editor through the API, or by anything on disk). */
export interface GraphChanged {
  type: 'graph.changed';
  name: string;
  etag: string;
  /** `file` (another program), `api` (a save through the server) or `merge` (both, merged). */
  source: string | null;
  /** With source `merge`: what of the saves made here was kept over the other program's copy. */
  merge: MergeNote | null;
}

export interface GraphDeleted {
  type: 'graph.deleted';
  name: string;
}

export interface GraphInvalid {
  type: 'graph.invalid';
  name: string;
  errors: Problem[];
}

export interface RenderStarted {
  type: 'render.started';
  name: string;
  job: string;
}

/** The job waits for a free render worker; `position` 1 is next. Waiting never counts as render time. */
export interface RenderQueued {
  type: 'render.queued';
  name: string;
  job: string;
  position: number;
}

/** The last frame of a preview is ready. */
export interface RenderFrame {
  type: 'render.frame';
  name: string;
  job: string | null;
  image: string;
  cached: boolean;
}

export interface RenderProgress {
  type: 'render.progress';
  /** Older servers sent no name: the job then tells whose render it is. */
  name: string | null;
  job: string | null;
  percent: number;
  /** Which animation (its block's `index` in the timeline) renders now, when the server says. */
  animation: number | null;
  /** The node of that animation, when the server says. */
  node: string | null;
}

export interface RenderFinished {
  type: 'render.finished';
  name: string;
  job: string | null;
  image: string | null;
  video: string | null;
  seconds: number | null;
  cached: boolean;
  /** One block per animation of the new preview; null when the server sent none (or a malformed one). */
  timeline: TimelineBlock[] | null;
}

export interface RenderFailed {
  type: 'render.failed';
  name: string;
  job: string | null;
  error: string;
  timeout: boolean;
  /** Superseded by a newer save or stopped: not a failure of the graph (the newer job reports). */
  cancelled: boolean;
  node: string | null;
}

export interface ExportProgress {
  type: 'export.progress';
  job: string;
  percent: number;
}

export interface ExportFinished {
  type: 'export.finished';
  job: string;
  file: string | null;
}

export interface ExportFailed {
  type: 'export.failed';
  job: string;
  error: string;
}

export type GraphEvent = GraphChanged | GraphDeleted | GraphInvalid;
export type RenderEvent = RenderStarted | RenderQueued | RenderFrame | RenderProgress | RenderFinished | RenderFailed;
export type ExportEvent = ExportProgress | ExportFinished | ExportFailed;
export type ServerEvent = GraphEvent | RenderEvent | ExportEvent;

type Obj = Record<string, unknown>;

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function isEventName(name: string): name is EventName {
  return (EVENT_NAMES as readonly string[]).includes(name);
}

/** An event from its name and already parsed data; null when the data is not what the server sends. */
export function readServerEvent(name: string, data: unknown): ServerEvent | null {
  if (!isEventName(name) || typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  const d = data as Obj;
  const graph = text(d.name);
  const job = text(d.job);
  switch (name) {
    case 'graph.changed': {
      const etag = text(d.etag);
      return graph !== null && etag !== null ? { type: name, name: graph, etag, source: text(d.source), merge: parseMergeNote(d.merge) } : null;
    }
    case 'graph.deleted':
      return graph !== null ? { type: name, name: graph } : null;
    case 'graph.invalid':
      return graph !== null ? { type: name, name: graph, errors: parseProblems(d.errors) } : null;
    case 'render.started':
      return graph !== null ? { type: name, name: graph, job: job ?? '' } : null;
    case 'render.queued': {
      const position = num(d.position);
      return graph !== null && job !== null && position !== null && position >= 1
        ? { type: name, name: graph, job, position }
        : null;
    }
    case 'render.frame': {
      const image = text(d.image);
      return graph !== null && image !== null ? { type: name, name: graph, job, image, cached: d.cached === true } : null;
    }
    case 'render.progress': {
      const percent = num(d.percent);
      if (percent === null || (d.name !== undefined && graph === null)) return null;
      const animation = num(d.animation);
      return {
        type: name, name: graph, job, percent,
        animation: animation !== null && Number.isInteger(animation) && animation >= 0 ? animation : null, node: text(d.node),
      };
    }
    case 'render.finished':
      if (graph === null) return null;
      return {
        type: name, name: graph, job, image: text(d.image), video: text(d.video), seconds: num(d.seconds), cached: d.cached === true,
        timeline: parseTimeline(d.timeline),
      };
    case 'render.failed':
      if (graph === null) return null;
      return {
        type: name, name: graph, job, error: text(d.error) ?? 'The render failed', timeout: d.timeout === true,
        cancelled: d.cancelled === true, node: text(d.node),
      };
    case 'export.progress': {
      const percent = num(d.percent);
      return job !== null && percent !== null ? { type: name, job, percent } : null;
    }
    case 'export.finished':
      return job !== null ? { type: name, job, file: text(d.file) } : null;
    case 'export.failed':
      return job !== null ? { type: name, job, error: text(d.error) ?? 'failed' } : null;
  }
}

/** An event from its `event:` name and `data:` text; null when either is not one we know. */
export function parseServerEvent(name: string, json: string): ServerEvent | null {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return null;
  }
  return readServerEvent(name, data);
}

export interface EventStreamHandlers {
  onEvent(e: ServerEvent): void;
  onStatus(connected: boolean): void;
}

export class EventStream {
  private source: EventSource | null = null;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private delay = 500;
  private closed = false;

  constructor(
    private url: string,
    private handlers: EventStreamHandlers,
  ) {}

  start(): void {
    this.closed = false;
    this.open();
  }

  stop(): void {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    this.source?.close();
    this.source = null;
  }

  /** Reconnect now (e.g. the health check saw the server come back). */
  kick(): void {
    if (this.closed) return;
    if (this.source && this.source.readyState !== EventSource.CLOSED) return;
    if (this.retry) clearTimeout(this.retry);
    this.open();
  }

  private open(): void {
    this.source?.close();
    const es = new EventSource(this.url);
    this.source = es;
    es.onopen = () => {
      this.delay = 500;
      this.handlers.onStatus(true);
    };
    es.onerror = () => {
      this.handlers.onStatus(false);
      if (es.readyState === EventSource.CLOSED && !this.closed) {
        this.retry = setTimeout(() => this.open(), this.delay);
        this.delay = Math.min(this.delay * 2, 5000);
      }
    };
    for (const name of EVENT_NAMES) {
      es.addEventListener(name, (ev) => {
        const event = parseServerEvent(name, (ev as MessageEvent<string>).data);
        if (event) this.handlers.onEvent(event);
        else console.warn(`manim-nodes: ignored a malformed ${name} event`);
      });
    }
  }
}
