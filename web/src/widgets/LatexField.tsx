/** LaTeX source with a live rendered hint (KaTeX, loaded on first use). */
import { memo, useEffect, useState } from 'react';
import { TEXT_RULES } from '../lib/fieldDraft';
import { useFieldDraft } from './useFieldDraft';

type Katex = typeof import('katex');
let katexPromise: Promise<Katex> | null = null;
function loadKatex(): Promise<Katex> {
  katexPromise ??= Promise.all([import('katex'), import('katex/dist/katex.min.css')]).then(([k]) => k);
  return katexPromise;
}

/** Tex is text with $...$ math: show the text parts as \text{} around the math. */
function textModeToMath(src: string): string {
  return src
    .split('$')
    .map((part, i) => (i % 2 ? part : part ? `\\text{${part.replace(/[{}\\]/g, '')}}` : ''))
    .join(' ');
}

interface Props {
  value: string | undefined;
  placeholder?: string;
  id?: string;
  /** MathTex is math mode; Tex is text mode with $...$. */
  math: boolean;
  onChange(v: string | undefined): void;
}

export const LatexField = memo(function LatexField({ value, placeholder, id, math, onChange }: Props) {
  const draft = useFieldDraft(value ?? '', TEXT_RULES, onChange);
  const [html, setHtml] = useState<{ ok: boolean; html: string } | null>(null);
  const src = draft.text;

  useEffect(() => {
    let live = true;
    const t = setTimeout(() => {
      void loadKatex().then((katex) => {
        if (!live) return;
        try {
          const out = katex.default.renderToString(math ? src : textModeToMath(src), {
            throwOnError: true,
            displayMode: math,
            strict: 'ignore',
          });
          setHtml({ ok: true, html: out });
        } catch (e) {
          setHtml({ ok: false, html: e instanceof Error ? e.message.replace(/^KaTeX parse error: /, '') : 'cannot preview' });
        }
      });
    }, 120);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [src, math]);

  return (
    <span className="latexfield">
      <textarea
        id={id}
        className="mono"
        rows={2}
        spellCheck={false}
        value={draft.text}
        placeholder={placeholder ?? '\\int_0^1 x^2\\,dx'}
        onBlur={draft.onBlur}
        onChange={(e) => draft.setText(e.target.value)}
      />
      {src && html && (
        html.ok ? (
          <span className="latex-preview" dangerouslySetInnerHTML={{ __html: html.html }} />
        ) : (
          <span className="field-hint" title="KaTeX could not preview this; Manim's LaTeX may still render it">
            preview: {html.html}
          </span>
        )
      )}
    </span>
  );
});
