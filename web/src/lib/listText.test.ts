import { describe, expect, it } from 'vitest';
import { listToText, parseListText } from './listText';

describe('literal lists as text', () => {
  it('reads numbers comma separated and says which item is wrong', () => {
    expect(parseListText('1, 2.5, -3', 'number')).toEqual({ ok: true, value: [1, 2.5, -3] });
    expect(parseListText('  ', 'number')).toEqual({ ok: true, value: undefined });
    expect(parseListText('1, x', 'number')).toEqual({ ok: false, message: expect.stringMatching(/item 2\b.*"x"/) });
    expect(parseListText('1,,2', 'number')).toMatchObject({ ok: false });
    expect(parseListText('1, 2.5', 'integer')).toEqual({ ok: false, message: expect.stringMatching(/item 2\b.*whole number/) });
  });
  it('reads words one per line, so LaTeX pieces may hold commas', () => {
    expect(parseListText('f(x, y)\n=\n\n', 'string')).toEqual({ ok: true, value: ['f(x, y)', '='] });
    expect(parseListText('', 'string')).toEqual({ ok: true, value: undefined });
  });
  it('writes back what it reads', () => {
    expect(listToText([1, 2.5], 'number')).toBe('1, 2.5');
    expect(listToText(['a^2', 'c^2'], 'string')).toBe('a^2\nc^2');
    expect(listToText(undefined, 'number')).toBe('');
    expect(parseListText(listToText([0, 1, 4], 'number'), 'number')).toEqual({ ok: true, value: [0, 1, 4] });
  });
});
