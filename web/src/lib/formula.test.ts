import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { formulaHtml, katexSource, type KatexRenderer } from './formula';

describe('formulaHtml', () => {
  it('renders math and text-mode sources', () => {
    expect(formulaHtml(katex, 'e^{i\\pi} + 1 = 0', true)).toContain('class="katex"');
    expect(formulaHtml(katex, 'Area $x^2$ here', false)).toContain('class="katex"');
    expect(katexSource('a $b$', false)).toBe('\\text{a $b$}');
  });

  it('gives null, never throws, for what KaTeX cannot read', () => {
    expect(formulaHtml(katex, '\\frac{1}{', true)).toBeNull();
    expect(formulaHtml(katex, '\\unknowncommand', true)).toBeNull();
    expect(formulaHtml(katex, '   ', true)).toBeNull();
  });

  it('renders each source once', () => {
    let calls = 0;
    const counting: KatexRenderer = {
      renderToString(tex, options) {
        calls += 1;
        return katex.renderToString(tex, options);
      },
    };
    formulaHtml(counting, 'x_{memo}', true);
    formulaHtml(counting, 'x_{memo}', true);
    expect(calls).toBe(1);
    formulaHtml(counting, 'x_{memo}', false);
    expect(calls).toBe(2);
  });
});
