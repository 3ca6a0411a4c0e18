/**
 * The GitHub Actions workflows cannot run here, so `make test` lints them with GitHub's own
 * parser (@actions/workflow-parser): the schema, expressions, and jobs that need unknown jobs.
 * It runs under Vitest because the parser imports its JSON schema the way bundlers do.
 */
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { describe, expect, it } from 'vitest';

const WORKFLOWS = import.meta.glob('../../../.github/workflows/*.yml', { query: '?raw', import: 'default', eager: true }) as Record<
  string,
  string
>;

/** Every problem GitHub would report for this workflow file, as `file: message`. */
async function lint(name: string, content: string): Promise<string[]> {
  const parsed = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  if (!parsed.value) return [`${name}: not a workflow`, ...parsed.context.errors.getErrors().map((e) => `${name}: ${e.message}`)];
  const template = await convertWorkflowTemplate(parsed.context, parsed.value);
  const messages = [...parsed.context.errors.getErrors().map((e) => e.message), ...(template.errors ?? []).map((e) => e.Message)];
  return [...new Set(messages)].map((m) => `${name}: ${m}`);
}

describe('GitHub workflows', () => {
  it('finds the CI and release workflows', () => {
    const names = Object.keys(WORKFLOWS).map((p) => p.split('/').pop());
    expect(names.sort()).toEqual(['ci.yml', 'release.yml']);
  });

  it.each(Object.entries(WORKFLOWS))('%s is a valid workflow', async (path, content) => {
    expect(await lint(path, content)).toEqual([]);
  });

  it.each([
    ['a broken expression', '    steps:\n      - run: echo ${{ foo( }}\n', /Unexpected end of expression/],
    ['a job that needs an unknown job', '    needs: [nope]\n    steps:\n      - run: echo hi\n', /nope|at least one job with no dependencies/],
    ['an unknown key', '    step:\n      - run: echo hi\n', /step/],
  ])('catches %s', async (_what, job, message) => {
    const broken = `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n${job}`;
    expect((await lint('broken.yml', broken)).join('\n')).toMatch(message);
  });

  it('runs the README test command in CI', () => {
    const ci = Object.entries(WORKFLOWS).find(([p]) => p.endsWith('/ci.yml'))![1];
    expect(ci).toMatch(/run: make test/);
  });
});
