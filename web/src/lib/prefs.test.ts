import { describe, expect, it } from 'vitest';
import { DEFAULT_LAYOUT, clampWidth, minimapShown, parseLayout } from './prefs';

describe('layout prefs', () => {
  it('fall back to the defaults for missing or broken entries', () => {
    expect(parseLayout(null)).toEqual(DEFAULT_LAYOUT);
    expect(parseLayout('{not json')).toEqual(DEFAULT_LAYOUT);
    expect(parseLayout('[1]')).toEqual({ ...DEFAULT_LAYOUT });
    expect(parseLayout('{"minimap": "yes", "left": {"collapsed": 1, "width": "wide"}}')).toEqual(DEFAULT_LAYOUT);
  });

  it('keep valid fields and clamp widths', () => {
    const p = parseLayout('{"minimap": false, "left": {"collapsed": true, "width": 9999}, "right": {"width": 300}}');
    expect(p).toEqual({ minimap: false, left: { collapsed: true, width: 480 }, right: { collapsed: false, width: 300 } });
    expect(clampWidth('right', 10)).toBe(260);
  });

  it('show the minimap by choice, else on a wide canvas only', () => {
    expect(minimapShown(null, 1200)).toBe(true);
    expect(minimapShown(null, 600)).toBe(false);
    expect(minimapShown(true, 600)).toBe(true);
    expect(minimapShown(false, 1200)).toBe(false);
  });
});
