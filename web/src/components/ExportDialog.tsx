/** Export: quality and format, progress from the event stream, download links, past exports. */
import { useState } from 'react';
import { useEditor, useEditorApi } from '../store/context';
import { Modal } from './Modal';

const QUALITIES = [
  ['low', '480p15'],
  ['medium', '720p30'],
  ['high', '1080p60'],
  ['4k', '2160p60'],
] as const;
const FORMATS = [
  ['mp4', 'MP4 video'],
  ['webm', 'WebM video'],
  ['gif', 'GIF'],
  ['mov', 'MOV video'],
  ['png', 'PNG (last frame)'],
] as const;

function fmtSize(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function ExportDialog() {
  const editor = useEditorApi();
  const name = useEditor((s) => s.name);
  const jobs = useEditor((s) => s.exportJobs);
  const past = useEditor((s) => s.pastExports);
  const [quality, setQuality] = useState('high');
  const [format, setFormat] = useState('mp4');
  const mine = jobs.filter((j) => j.graph === name);
  return (
    <Modal title={`Export ${name ?? ''}`} onClose={() => editor.setDialog(null)} testId="export-dialog">
      <form
        className="export-form"
        onSubmit={(e) => {
          e.preventDefault();
          void editor.startExport(quality, format);
        }}
      >
        <label>
          Quality
          <select value={quality} onChange={(e) => setQuality(e.target.value)}>
            {QUALITIES.map(([q, label]) => (
              <option key={q} value={q}>
                {q} ({label})
              </option>
            ))}
          </select>
        </label>
        <label>
          Format
          <select value={format} onChange={(e) => setFormat(e.target.value)}>
            {FORMATS.map(([f, label]) => (
              <option key={f} value={f}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary">
          Export
        </button>
      </form>
      {mine.length > 0 && (
        <ul className="export-jobs">
          {mine.map((j) => (
            <li key={j.job} className={`export-job ${j.state}`}>
              <div className="export-line">
                <span>
                  {j.quality} · {j.format}
                </span>
                <span className="spacer" />
                {j.state === 'running' && <span>{Math.round(j.percent)}%</span>}
                {j.state === 'done' && j.file && (
                  <a href={j.file} download className="button primary small">
                    Download
                  </a>
                )}
                {j.state === 'failed' && <span className="field-error">failed</span>}
              </div>
              {j.state === 'running' && (
                <div className="progress">
                  <div className="progress-bar" style={{ width: `${j.percent}%` }} />
                </div>
              )}
              {j.error && <pre className="render-error">{j.error}</pre>}
            </li>
          ))}
        </ul>
      )}
      <h3>Past exports</h3>
      {past.length ? (
        <ul className="past-exports">
          {past.map((e) => (
            <li key={e.file}>
              <a href={e.url} download>
                {e.file}
              </a>
              <span className="field-hint">
                {fmtSize(e.size)} · {e.modified ? new Date(e.modified).toLocaleString() : ''}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <div className="panel-empty">None yet</div>
      )}
    </Modal>
  );
}
