import { describe, expect, it } from 'vitest';
import { parseCatalog } from './catalog';
import { catalog, catalogJson } from './fixtures';
import { matchScore, searchTypes } from './search';

const port = (name: string, kind: string, description: string) => ({ name, kind, description });

/** The fixture catalog and a few node types as the server describes them. */
const live = parseCatalog({
  ...catalogJson,
  nodes: [
    ...catalogJson.nodes,
    {
      type: 'Time', category: 'Values', description: 'The scene clock: seconds since the scene began, live on every frame.',
      inputs: [], outputs: [{ name: 'value', kind: 'number', live: true }],
    },
    {
      type: 'NextTo', category: 'Layout', description: 'Place a mobject next to another one.',
      inputs: [
        port('mobject', 'mobject', 'The mobject to place.'),
        port('follow', 'bool', 'Keep it there while the other one moves (Manim: add_updater).'),
      ],
      outputs: [{ name: 'mobject', kind: 'mobject' }],
    },
    { type: 'TracedPath', category: 'Shapes', description: 'The path a mobject leaves behind.', inputs: [], outputs: [] },
  ],
});

const names = (q: string) => searchTypes(live.nodes, q).map((s) => s.type);

describe('searchTypes and live nodes', () => {
  it('finds ValueTracker by "tracker", "value tracker" and its name in any case', () => {
    expect(names('tracker')[0]).toBe('ValueTracker');
    expect(names('value tracker')[0]).toBe('ValueTracker');
    expect(names('Value Tracker')[0]).toBe('ValueTracker');
    expect(names('value_tracker')[0]).toBe('ValueTracker');
    expect(names('valuetracker')).toEqual(['ValueTracker']);
  });

  it('finds nodes whose description or port descriptions mention updaters', () => {
    expect(names('updater')).toEqual(['NextTo']);
    expect(names('add_updater')).toEqual(['NextTo']);
    expect(names('scene clock')[0]).toBe('Time');
  });

  it('ranks the type name above the description and the description above ports', () => {
    const spec = live.byType.get('NextTo')!;
    expect(matchScore(spec, 'nextto')).toBe(100);
    expect(matchScore(spec, 'next to')).toBe(100);
    expect(matchScore(spec, 'another')).toBe(20);
    expect(matchScore(spec, 'updater')).toBe(15);
    // Every word somewhere, not in one phrase.
    expect(matchScore(spec, 'updater layout')).toBe(12);
    expect(matchScore(spec, 'updater circle')).toBeNull();
  });

  it('treats a query of separators as empty and keeps the old rankings', () => {
    expect(names(' _ ')).toHaveLength(live.nodes.length);
    expect(searchTypes(catalog.nodes, 'tr')[0].type).toBe('Transform');
    expect(searchTypes(catalog.nodes, 'mt')[0].type).toBe('MathTex');
  });
});

describe('parseCatalog', () => {
  it('keeps which outputs are live', () => {
    const tracker = catalog.byType.get('ValueTracker')!;
    expect(tracker.outputs).toEqual([
      { name: 'value', kind: 'number', live: true },
      { name: 'tracker', kind: 'mobject' },
    ]);
  });
});
