/** The Manim script generated from the open graph, refreshed after every save. */
import hljs from 'highlight.js/lib/core';
import python from 'highlight.js/lib/languages/python';
import { memo, useEffect, useState } from 'react';
import { api } from '../api/client';
import { useEditor } from '../store/context';

hljs.registerLanguage('python', python);

/** The script as HTML with highlight.js's token spans (coloured in app.css, light and dark). */
function highlighted(code: string): string {
  return hljs.highlight(code, { language: 'python', ignoreIllegals: true }).value;
}

function CodeViewView() {
  const name = useEditor((s) => s.name);
  const version = useEditor((s) => s.codeVersion);
  const [code, setCode] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    if (!name) return;
    let live = true;
    const t = setTimeout(() => {
      api.code(name).then(
        (r) => {
          if (!live) return;
          if (r.code !== null) {
            setCode(r.code);
            setError(null);
          } else setError(r.errors.map((p) => p.message).join('\n') || 'The graph has errors');
        },
        (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
      );
    }, 150);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [name, version]);

  const copy = async () => {
    if (!code) return;
    try {
      await navigator.clipboard.writeText(code);
    } catch {
      const ta = document.createElement('textarea');
      ta.value = code;
      document.body.append(ta);
      ta.select();
      document.execCommand('copy');
      ta.remove();
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 1200);
  };

  return (
    <div className="code-view">
      <div className="code-bar">
        <span className="field-hint">Plain Manim: save as scene.py and run manim on it.</span>
        <span className="spacer" />
        <button type="button" className="small" onClick={() => void copy()} disabled={!code}>
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
      {error && <div className="field-error block">{error}</div>}
      {code !== null ? (
        // highlight.js escapes the text it wraps in spans: the script is shown, never run as HTML
        <pre className={`code mono${error ? ' stale' : ''}`} data-testid="code" dangerouslySetInnerHTML={{ __html: highlighted(code) }} />
      ) : (
        <pre className="code mono" data-testid="code">
          {error ? '' : 'Loading…'}
        </pre>
      )}
    </div>
  );
}

export const CodeView = memo(CodeViewView);
