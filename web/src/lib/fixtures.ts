/** A small catalog and the DESIGN.md example graph, for tests. */
import { parseCatalog } from './catalog';
import type { GraphDoc } from './types';

const inp = (name: string, kind: string, extra: Record<string, unknown> = {}) => ({
  name,
  kind,
  default: null,
  list: false,
  required: false,
  choices: null,
  description: '',
  widget: null,
  accepts: null,
  ...extra,
});
const mob = [{ name: 'mobject', kind: 'mobject' }];
const anim = [{ name: 'animation', kind: 'animation' }];

export const catalogJson = {
  categories: ['Shapes', 'Text & math', 'Coordinates', 'Animations', 'Composition', 'Values', 'Output'],
  kinds: ['number', 'integer', 'bool', 'string', 'color', 'vector', 'enum', 'expression', 'numeric', 'direction', 'table', 'mobject', 'animation'],
  colors: { BLUE: '#58C4DD', RED: '#FC6255', WHITE: '#FFFFFF' },
  nodes: [
    { type: 'Circle', category: 'Shapes', description: 'A circle.', inputs: [inp('radius', 'number', { default: 1 }), inp('color', 'color')], outputs: mob },
    { type: 'Square', category: 'Shapes', description: 'A square.', inputs: [inp('side_length', 'number', { default: 2 }), inp('color', 'color')], outputs: mob },
    { type: 'MathTex', category: 'Text & math', description: 'LaTeX math.', inputs: [inp('tex', 'string', { widget: 'latex' })], outputs: mob },
    { type: 'Axes', category: 'Coordinates', description: 'Axes.', inputs: [], outputs: mob },
    {
      type: 'FunctionGraph', category: 'Coordinates', description: 'A plot.',
      inputs: [inp('function', 'expression', { variable: 'x' }), inp('axes', 'mobject', { accepts: ['Axes', 'NumberPlane'] })], outputs: mob,
    },
    { type: 'Create', category: 'Animations', description: 'Draw.', inputs: [inp('mobject', 'mobject', { required: true }), inp('run_time', 'number', { default: 1 })], outputs: anim },
    {
      type: 'Transform', category: 'Animations', description: 'Morph.',
      inputs: [inp('mobject', 'mobject', { required: true }), inp('target', 'mobject', { required: true }), inp('run_time', 'number', { default: 1 })], outputs: anim,
    },
    { type: 'Succession', category: 'Composition', description: 'In order.', inputs: [inp('animations', 'animation', { list: true })], outputs: anim },
    { type: 'Number', category: 'Values', description: 'A number.', inputs: [inp('value', 'number', { default: 0 })], outputs: [{ name: 'value', kind: 'number' }] },
    { type: 'Integer', category: 'Values', description: 'An integer.', inputs: [inp('value', 'integer', { default: 0 })], outputs: [{ name: 'value', kind: 'integer' }] },
    {
      type: 'Split', category: 'Values', description: 'Two outputs.', inputs: [inp('v', 'vector')],
      outputs: [{ name: 'x', kind: 'number' }, { name: 'y', kind: 'number' }],
    },
    {
      type: 'ValueTracker', category: 'Values', description: 'A number animations change.', inputs: [inp('value', 'number', { default: 0 })],
      outputs: [{ name: 'value', kind: 'number', live: true }, { name: 'tracker', kind: 'mobject' }],
    },
    {
      type: 'Scene', category: 'Output', description: 'The scene.',
      inputs: [inp('animations', 'animation', { list: true }), inp('add', 'mobject', { list: true })], outputs: [],
    },
  ],
};

export const catalog = parseCatalog(catalogJson);

export function exampleDoc(): GraphDoc {
  return {
    version: 1,
    name: 'Circle to square',
    'x-editor': { zoom: 1 },
    scene: { background: '#1e1e2e' },
    nodes: {
      circle: { type: 'Circle', params: { radius: 1.5, color: '#58C4DD' }, pos: [80, 120] },
      square: { type: 'Square', params: { side_length: 3, color: 'RED' } },
      draw: { type: 'Create', inputs: { mobject: 'circle' } },
      morph: { type: 'Transform', inputs: { mobject: 'circle', target: 'square' }, params: { run_time: 2 } },
      out: { type: 'Scene', inputs: { animations: ['draw', 'morph'] } },
    },
    description: 'kept',
  };
}
