import { describe, expect, it } from 'vitest';
import {
  addFrame, addNode, addNote, canvasOf, connect, disconnect, duplicateExtras, frameAround, insideBox, moveExtras, moveListItem, moveNodes,
  reconnect, removeExtras, removeNodes, removePort, renameNode, resizeExtra, setBackground, setFrameTitle, setNoteText, setParam,
  setTopLevel,
} from './docEdit';
import { catalog, exampleDoc } from './fixtures';
import { baseId, uniqueId } from './ids';

describe('ids', () => {
  it('makes readable ids from types', () => {
    expect(baseId('Circle')).toBe('circle');
    expect(baseId('MathTex')).toBe('math_tex');
    expect(baseId('FadeIn')).toBe('fade_in');
    expect(baseId('VGroup')).toBe('vgroup');
    expect(baseId('3D')).toBe('n_3d');
    expect(baseId('ThreeDAxes')).toBe('three_d_axes');
    expect(uniqueId('Circle', { circle: 1, circle_2: 1 })).toBe('circle_3');
  });
});

describe('document edits', () => {
  it('setParam keeps key order and other nodes', () => {
    const doc = exampleDoc();
    const next = setParam(doc, 'circle', 'radius', 2);
    expect(Object.keys(next.nodes.circle.params!)).toEqual(['radius', 'color']);
    expect(next.nodes.circle.params!.radius).toBe(2);
    expect(next.nodes.square).toBe(doc.nodes.square);
    expect(Object.keys(next)).toEqual(Object.keys(doc));
  });

  it('puts a new params or inputs section before pos', () => {
    const { doc, id } = addNode(exampleDoc(), 'Circle', [0, 0]);
    const next = setParam(doc, id, 'radius', 2);
    expect(Object.keys(next.nodes[id])).toEqual(['type', 'params', 'pos']);
    const wired = connect(next, catalog, { source: 'circle', target: 'draw', targetHandle: 'mobject' });
    expect(Object.keys(wired.nodes.draw)).toEqual(['type', 'inputs']);
    const d2 = addNode(next, 'Create', [0, 0]);
    const w2 = connect(d2.doc, catalog, { source: id, target: d2.id, targetHandle: 'mobject' });
    expect(Object.keys(w2.nodes[d2.id])).toEqual(['type', 'inputs', 'pos']);
  });

  it('setParam on a wired port removes the wire; undefined resets', () => {
    const doc = exampleDoc();
    const next = setParam(doc, 'draw', 'mobject', 'x');
    expect(next.nodes.draw).toEqual({ type: 'Create', params: { mobject: 'x' } });
    const reset = setParam(next, 'draw', 'mobject', undefined);
    expect(reset.nodes.draw).toEqual({ type: 'Create' });
  });

  it('connect removes the param and writes the wire', () => {
    const doc = exampleDoc();
    doc.nodes.n = { type: 'Number' };
    const next = connect(doc, catalog, { source: 'n', sourceHandle: 'value', target: 'circle', targetHandle: 'radius' });
    expect(next.nodes.circle).toEqual({ type: 'Circle', params: { color: '#58C4DD' }, pos: [80, 120], inputs: { radius: 'n' } });
  });

  it('connect on list slots replaces or appends', () => {
    const doc = exampleDoc();
    const replaced = connect(doc, catalog, { source: 'morph', sourceHandle: 'animation', target: 'out', targetHandle: 'animations#0' });
    expect(replaced.nodes.out.inputs!.animations).toEqual(['morph', 'morph']);
    const appended = connect(doc, catalog, { source: 'draw', sourceHandle: 'animation', target: 'out', targetHandle: 'animations#2' });
    expect(appended.nodes.out.inputs!.animations).toEqual(['draw', 'morph', 'draw']);
    const added = connect(doc, catalog, { source: 'circle', sourceHandle: 'mobject', target: 'out', targetHandle: 'add#0' });
    expect(added.nodes.out.inputs).toEqual({ animations: ['draw', 'morph'], add: ['circle'] });
  });

  it('disconnect removes a wire or one slot', () => {
    const doc = exampleDoc();
    expect(disconnect(doc, 'out', 'animations', 0).nodes.out.inputs).toEqual({ animations: ['morph'] });
    expect(disconnect(doc, 'draw', 'mobject').nodes.draw).toEqual({ type: 'Create' });
  });

  it('reconnect moves the end of a wire to another input', () => {
    const doc = exampleDoc();
    const moved = reconnect(doc, catalog, { target: 'morph', targetHandle: 'target' }, { source: 'square', sourceHandle: 'mobject', target: 'draw', targetHandle: 'mobject' });
    expect(moved.nodes.morph.inputs).toEqual({ mobject: 'circle' });
    expect(moved.nodes.draw.inputs).toEqual({ mobject: 'square' });
    const slot = reconnect(doc, catalog, { target: 'out', targetHandle: 'animations#0' }, { source: 'draw', sourceHandle: 'animation', target: 'out', targetHandle: 'add#0' });
    expect(slot.nodes.out.inputs).toEqual({ animations: ['morph'], add: ['draw'] });
    expect(reconnect(doc, catalog, { target: 'out', targetHandle: null }, { source: 'draw', target: 'out', targetHandle: 'add#0' })).toBe(doc);
  });

  it('removePort drops a key from params or inputs and empty sections', () => {
    const doc = exampleDoc();
    doc.nodes.circle = { type: 'Circle', params: { radius: 1, bogus: 2 }, inputs: { other: 'square' }, pos: [80, 120] };
    const once = removePort(doc, 'circle', 'bogus');
    expect(once.nodes.circle).toEqual({ type: 'Circle', params: { radius: 1 }, inputs: { other: 'square' }, pos: [80, 120] });
    const twice = removePort(once, 'circle', 'other');
    expect(Object.keys(twice.nodes.circle)).toEqual(['type', 'params', 'pos']);
    expect(removePort(twice, 'circle', 'nothing')).toBe(twice);
    expect(removePort(twice, 'missing', 'radius')).toBe(twice);
  });

  it('moveListItem reorders a list port', () => {
    const doc = exampleDoc();
    expect(moveListItem(doc, 'out', 'animations', 1, 0).nodes.out.inputs!.animations).toEqual(['morph', 'draw']);
    expect(moveListItem(doc, 'out', 'animations', 1, 5)).toBe(doc);
  });

  it('addNode makes a readable unique id and integer position', () => {
    const { doc, id } = addNode(exampleDoc(), 'Circle', [10.2, 3.7]);
    expect(id).toBe('circle_2');
    expect(doc.nodes[id]).toEqual({ type: 'Circle', pos: [10, 4] });
    expect(Object.keys(doc.nodes).at(-1)).toBe('circle_2');
  });

  it('removeNodes drops wires to removed nodes', () => {
    const doc = removeNodes(exampleDoc(), ['draw', 'square']);
    expect(Object.keys(doc.nodes)).toEqual(['circle', 'morph', 'out']);
    expect(doc.nodes.out.inputs).toEqual({ animations: ['morph'] });
    expect(doc.nodes.morph.inputs).toEqual({ mobject: 'circle' });
  });

  it('moveNodes rounds and skips unchanged', () => {
    const doc = exampleDoc();
    expect(moveNodes(doc, new Map([['circle', { x: 80.2, y: 119.9 }]]))).toBe(doc);
    expect(moveNodes(doc, new Map([['square', { x: 1.5, y: 2 }]])).nodes.square.pos).toEqual([2, 2]);
  });

  it('renameNode keeps position in the mapping and rewrites wires', () => {
    const doc = renameNode(exampleDoc(), 'circle', 'ball');
    expect(Object.keys(doc.nodes)).toEqual(['ball', 'square', 'draw', 'morph', 'out']);
    expect(doc.nodes.morph.inputs).toEqual({ mobject: 'ball', target: 'square' });
    expect(renameNode(doc, 'ball', 'square')).toBe(doc);
  });

  it('top-level edits keep unknown keys', () => {
    const doc = setBackground(setTopLevel(exampleDoc(), 'name', 'New'), '#000000');
    expect(doc.name).toBe('New');
    expect(doc.scene).toEqual({ background: '#000000' });
    expect(doc['x-editor']).toEqual({ zoom: 1 });
    expect('scene' in setBackground(doc, undefined)).toBe(false);
  });
});

describe('frames and notes', () => {
  it('adds them under canvas, after the nodes, frames before notes, with whole numbers', () => {
    const noted = addNote(exampleDoc(), { x: 10.4, y: 20.6 });
    expect(noted.id).toBe('note');
    const framed = addFrame(noted.doc, { x: 0, y: 0, width: 300.2, height: 200 }, 'Cast');
    expect(framed.id).toBe('frame');
    const doc = framed.doc;
    expect(Object.keys(doc).slice(-1)).toEqual(['canvas']);
    expect(Object.keys(doc.canvas!)).toEqual(['frames', 'notes']);
    expect(doc.canvas).toEqual({
      frames: { frame: { title: 'Cast', pos: [0, 0], size: [300, 200] } },
      notes: { note: { text: '', pos: [10, 21] } },
    });
    expect(doc.nodes).toBe(noted.doc.nodes);
    expect(addNote(doc, { x: 0, y: 0 }).id).toBe('note_2');
  });

  it('edits text and titles, keeping key order; an empty title is left out', () => {
    const { doc } = addFrame(exampleDoc(), { x: 0, y: 0, width: 100, height: 100 }, 'Old');
    const renamed = setFrameTitle(doc, 'frame', 'New');
    expect(Object.keys(renamed.canvas!.frames!.frame)).toEqual(['title', 'pos', 'size']);
    expect(renamed.canvas!.frames!.frame.title).toBe('New');
    expect('title' in setFrameTitle(doc, 'frame', '  ').canvas!.frames!.frame).toBe(false);
    expect(setFrameTitle(renamed, 'frame', 'New')).toBe(renamed);
    const noted = addNote(renamed, { x: 0, y: 0 }).doc;
    expect(setNoteText(noted, 'note', 'a\nb').canvas!.notes!.note.text).toBe('a\nb');
    expect(setNoteText(noted, 'missing', 'x')).toBe(noted);
  });

  it('moves, resizes, duplicates and removes them; removing the last drops canvas', () => {
    let doc = addFrame(exampleDoc(), { x: 0, y: 0, width: 100, height: 100 }).doc;
    doc = addNote(doc, { x: 5, y: 5 }).doc;
    doc = moveExtras(doc, [{ ref: { kind: 'note', id: 'note' }, to: { x: 40.4, y: 50 } }]);
    expect(doc.canvas!.notes!.note.pos).toEqual([40, 50]);
    doc = resizeExtra(doc, { kind: 'frame', id: 'frame' }, { x: -10, y: -10, width: 0.2, height: 80 });
    expect(doc.canvas!.frames!.frame).toMatchObject({ pos: [-10, -10], size: [1, 80] });
    const copies = duplicateExtras(doc, [{ kind: 'note', id: 'note' }], { x: 40, y: 40 });
    expect(copies.refs).toEqual([{ kind: 'note', id: 'note_2' }]);
    expect(copies.doc.canvas!.notes!.note_2.pos).toEqual([80, 90]);
    expect(duplicateExtras(copies.doc, copies.refs, { x: 0, y: 0 }).refs).toEqual([{ kind: 'note', id: 'note_3' }]);
    const gone = removeExtras(copies.doc, [{ kind: 'note', id: 'note' }, { kind: 'note', id: 'note_2' }]);
    expect(Object.keys(gone.canvas!)).toEqual(['frames']);
    expect('canvas' in removeExtras(gone, [{ kind: 'frame', id: 'frame' }])).toBe(false);
  });

  it('reads only well-formed entries and keeps the rest through edits', () => {
    const doc = exampleDoc();
    doc.canvas = {
      'x-tool': 1,
      frames: { bad: { pos: [0, 0], size: [-1, 5] }, ok: { pos: [0, 0], size: [10, 10] } },
      notes: { n: { text: 'hi', pos: [1, 2] }, wrong: { text: 3, pos: [0, 0] } } as never,
    };
    const { frames, notes } = canvasOf(doc);
    expect(Object.keys(frames)).toEqual(['ok']);
    expect(Object.keys(notes)).toEqual(['n']);
    const next = setNoteText(doc, 'n', 'there');
    expect(next.canvas!['x-tool']).toBe(1);
    expect(next.canvas!.frames).toBe(doc.canvas.frames);
    expect(Object.keys(next.canvas!.notes!)).toEqual(['n', 'wrong']);
    const odd = { ...exampleDoc(), canvas: 'tidy' } as never;
    expect(canvasOf(odd)).toEqual({ frames: {}, notes: {} });
  });

  it('puts a frame around boxes with room for the title; membership is by top-left corner', () => {
    const box = frameAround([{ x: 0, y: 0, width: 220, height: 100 }, { x: 0, y: 200, width: 220, height: 100 }], 40, 40);
    expect(box).toEqual({ x: -40, y: -80, width: 300, height: 420 });
    expect(insideBox({ x: 0, y: 200 }, box)).toBe(true);
    expect(insideBox({ x: 261, y: 0 }, box)).toBe(false);
  });
});
