import { describe, expect, it } from 'vitest';
import { animationsFor } from './animate';
import { parseCatalog } from './catalog';
import { catalogJson } from './fixtures';

const mob = [{ name: 'mobject', kind: 'mobject' }];
const anim = (type: string) => ({
  type, category: 'Animations', description: '', outputs: [{ name: 'animation', kind: 'animation' }],
  inputs: [{ name: 'mobject', kind: 'mobject', default: null, list: false, required: true, choices: null, description: '', widget: null, accepts: null }],
});
const catalog = parseCatalog({
  ...catalogJson,
  nodes: [
    ...catalogJson.nodes,
    anim('Write'),
    anim('FadeIn'),
    { type: 'ImageMobject', category: 'Shapes', description: '', inputs: [], outputs: mob },
  ],
});
const types = (t: string) => animationsFor(catalog.byType.get(t), catalog).map((c) => c.type);

describe('animationsFor', () => {
  it('suggests the animation that suits the mobject, then FadeIn', () => {
    expect(types('Circle')).toEqual(['Create', 'FadeIn']);
    expect(types('MathTex')).toEqual(['Write', 'FadeIn']);
    expect(types('ImageMobject')).toEqual(['FadeIn']);
    expect(animationsFor(catalog.byType.get('Circle'), catalog)[0]).toEqual({ type: 'Create', port: 'mobject', output: 'mobject' });
  });

  it('suggests nothing for values, animations and unknown types', () => {
    expect(types('ValueTracker')).toEqual([]);
    expect(types('Create')).toEqual([]);
    expect(types('Number')).toEqual([]);
    expect(animationsFor(undefined, catalog)).toEqual([]);
  });
});
