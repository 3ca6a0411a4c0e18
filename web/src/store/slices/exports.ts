/** Exports started from this editor (followed on the event stream) and the files already exported. */
import type { ExportInfo } from '../../api/client';
import type { ExportEvent } from '../../api/events';
import type { SliceContext } from './context';

export interface ExportJob {
  job: string;
  graph: string;
  quality: string;
  format: string;
  percent: number;
  state: 'running' | 'done' | 'failed';
  file: string | null;
  error: string | null;
}

export interface ExportsState {
  exportJobs: ExportJob[];
  pastExports: ExportInfo[];
}

export interface ExportsActions {
  startExport(quality: string, format: string): Promise<void>;
  onExportEvent(e: ExportEvent): void;
  loadExports(): Promise<void>;
}

export function createExportsSlice({ api, get, set }: SliceContext): ExportsState & ExportsActions {
  return {
    exportJobs: [],
    pastExports: [],

    async startExport(quality, format) {
      const name = get().name;
      if (!name) return;
      try {
        await get().flushSave();
        const job = await api.exportGraph(name, quality, format);
        const entry: ExportJob = { job, graph: name, quality, format, percent: 0, state: 'running', file: null, error: null };
        set({ exportJobs: [entry, ...get().exportJobs.filter((j) => j.job !== job)] });
      } catch (e) {
        get().handleError(e, 'Could not start the export');
      }
    },

    onExportEvent(e) {
      const jobs = get().exportJobs;
      if (!jobs.some((j) => j.job === e.job)) return;
      const update = (fn: (j: ExportJob) => ExportJob) => set({ exportJobs: jobs.map((j) => (j.job === e.job ? fn(j) : j)) });
      switch (e.type) {
        case 'export.progress':
          update((j) => ({ ...j, percent: e.percent }));
          break;
        case 'export.finished':
          update((j) => ({ ...j, percent: 100, state: 'done', file: e.file }));
          void get().loadExports();
          break;
        case 'export.failed':
          update((j) => ({ ...j, state: 'failed', error: e.error }));
          break;
      }
    },

    async loadExports() {
      try {
        set({ pastExports: await api.exports() });
      } catch (e) {
        get().handleError(e, 'Could not list exports');
      }
    },
  };
}
