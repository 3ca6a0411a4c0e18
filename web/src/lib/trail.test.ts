import { describe, expect, it } from 'vitest';
import { backTo, crumbsOf, enterSubgraph, NO_TRAIL, trailAfterOpen } from './trail';

const intoDot = enterSubgraph(NO_TRAIL, 'main', 'a', 'parts/labelled_dot');
const intoLabel = enterSubgraph(intoDot, 'parts/labelled_dot', 'label', 'parts/label');

describe('the subgraph trail', () => {
  it('grows a step for each Subgraph node opened', () => {
    expect(intoDot).toEqual([{ graph: 'main', node: 'a', into: 'parts/labelled_dot' }]);
    expect(intoLabel).toHaveLength(2);
  });

  it('starts afresh when entered from a graph it does not lead to', () => {
    expect(enterSubgraph(intoDot, 'other', 'b', 'parts/x')).toEqual([{ graph: 'other', node: 'b', into: 'parts/x' }]);
  });

  it('is kept when the graph it leads to opens, cut back on the way, dropped elsewhere', () => {
    expect(trailAfterOpen(intoLabel, 'parts/label')).toBe(intoLabel);
    expect(trailAfterOpen(intoLabel, 'parts/labelled_dot')).toEqual(intoDot);
    expect(trailAfterOpen(intoLabel, 'main')).toEqual([]);
    expect(trailAfterOpen(intoLabel, 'somewhere/else')).toEqual([]);
    expect(trailAfterOpen(NO_TRAIL, 'main')).toBe(NO_TRAIL);
  });
});

describe('breadcrumbs', () => {
  it('name the root graph, then each node with the graph it opened', () => {
    expect(crumbsOf(intoDot, 'parts/labelled_dot')).toEqual([
      { label: 'main', graph: 'main', back: 0 },
      { label: 'a (parts/labelled_dot)', graph: 'parts/labelled_dot', back: null },
    ]);
    expect(crumbsOf(intoLabel, 'parts/label').map((c) => [c.label, c.back])).toEqual([
      ['main', 0],
      ['a (parts/labelled_dot)', 1],
      ['label (parts/label)', null],
    ]);
  });

  it('are empty at the top, or when the open graph is not where the trail leads', () => {
    expect(crumbsOf(NO_TRAIL, 'main')).toEqual([]);
    expect(crumbsOf(intoDot, 'main')).toEqual([]);
    expect(crumbsOf(intoDot, null)).toEqual([]);
  });

  it('lead back to the graph of each step, its Subgraph node to select', () => {
    for (const crumb of crumbsOf(intoLabel, 'parts/label')) {
      if (crumb.back === null) continue;
      const back = backTo(intoLabel, crumb.back)!;
      expect(back.graph).toBe(crumb.graph);
      expect(trailAfterOpen(back.trail, back.graph)).toBe(back.trail);
    }
    expect(backTo(intoLabel, 1)).toEqual({ graph: 'parts/labelled_dot', node: 'label', trail: intoDot });
    expect(backTo(intoLabel, 0)).toEqual({ graph: 'main', node: 'a', trail: [] });
    expect(backTo(intoLabel, 5)).toBeNull();
  });
});
