/** Every validation and render error of the open graph; click one to jump to its node. */
import { memo } from 'react';
import { useEditor, useEditorApi } from '../store/context';

function ProblemsPanelView() {
  const editor = useEditorApi();
  const problems = useEditor((s) => s.problems);
  const renderProblem = useEditor((s) => s.renderProblem);
  const render = useEditor((s) => s.render);
  const all = renderProblem ? [...problems, renderProblem] : problems;
  const renderError = render.phase === 'failed' && !renderProblem ? render.error : null;
  if (!all.length && !renderError) return <div className="panel-empty ok">No problems. The graph is valid.</div>;
  return (
    <ul className="problems" data-testid="problems">
      {renderError && (
        <li className="problem">
          <span className="problem-where">render</span>
          <span className="problem-msg">{renderError}</span>
        </li>
      )}
      {all.map((p, i) => (
        <li key={i} className={`problem sev-${p.severity}`}>
          <button type="button" disabled={!p.node} onClick={() => p.node && editor.focusNode(p.node)}>
            <span className="problem-where mono">
              {p.node ?? p.path ?? 'graph'}
              {p.port ? `.${p.port}` : ''}
              {p.line ? `  line ${p.line}` : ''}
            </span>
            <span className="problem-msg">{p.message}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

export const ProblemsPanel = memo(ProblemsPanelView);
