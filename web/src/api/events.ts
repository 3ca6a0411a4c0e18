/**
 * The server's event stream (`GET /api/events`). EventSource resumes by itself with
 * Last-Event-ID after a dropped connection; when the browser gives up (the server
 * answered with an error), we open a new one with a growing delay.
 */

export const EVENT_NAMES = [
  'graph.changed',
  'graph.deleted',
  'graph.invalid',
  'render.started',
  'render.frame',
  'render.progress',
  'render.finished',
  'render.failed',
  'export.progress',
  'export.finished',
  'export.failed',
] as const;

export type EventName = (typeof EVENT_NAMES)[number];

export type ServerEvent = { name: EventName; data: Record<string, unknown> };

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
        let data: Record<string, unknown> = {};
        try {
          const parsed: unknown = JSON.parse((ev as MessageEvent<string>).data);
          if (typeof parsed === 'object' && parsed !== null) data = parsed as Record<string, unknown>;
        } catch {
          return;
        }
        this.handlers.onEvent({ name, data });
      });
    }
  }
}
