/**
 * The editor's copy of the server's rules (../generated/rules.ts, written by
 * `python -m manim_nodes.web_rules`) says what Python says: each pattern on the sample strings
 * Python judged, and the expression checker on the sample expressions.
 */
import { describe, expect, it } from 'vitest';
import * as rules from '../generated/rules';
import { EXPRESSION_SAMPLES, PATTERN_SAMPLES } from '../generated/ruleSamples';
import { parseCatalog, ShapeError } from './catalog';
import { checkExpression } from './expression';
import { catalogJson } from './fixtures';

describe('generated rules', () => {
  it('has a JavaScript pattern for every pattern Python judged', () => {
    expect(Object.keys(PATTERN_SAMPLES).length).toBeGreaterThan(0);
    for (const name of Object.keys(PATTERN_SAMPLES)) {
      expect((rules as Record<string, unknown>)[name], name).toBeInstanceOf(RegExp);
    }
  });

  it.each(Object.entries(PATTERN_SAMPLES))('%s accepts what Python accepts', (name, samples) => {
    const pattern = (rules as Record<string, unknown>)[name] as RegExp;
    for (const [text, accepted] of samples) expect(pattern.test(text), JSON.stringify(text)).toBe(accepted);
  });

  it('checks expressions as the server does', () => {
    for (const [text, variable, accepted] of EXPRESSION_SAMPLES) {
      expect(checkExpression(text, variable).ok, `${JSON.stringify(text)} in ${variable}`).toBe(accepted);
    }
  });
});

describe('an expression port in the catalog', () => {
  const withVariable = (variable: unknown) => {
    const json = structuredClone(catalogJson) as { nodes: { inputs: Record<string, unknown>[] }[] };
    const port = json.nodes.flatMap((n) => n.inputs).find((i) => i.kind === 'expression')!;
    port.variable = variable;
    return json;
  };

  it('takes its variable from the catalog, not from its text', () => {
    const catalog = parseCatalog(withVariable('t'));
    expect(catalog.byType.get('FunctionGraph')!.inputs[0].variable).toBe('t');
  });

  it('is refused without a variable the server knows', () => {
    expect(() => parseCatalog(withVariable(undefined))).toThrow(ShapeError);
    expect(() => parseCatalog(withVariable('q'))).toThrow(/expected one of x, t, uv, xy/);
  });
});
