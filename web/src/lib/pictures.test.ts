import { describe, expect, it } from 'vitest';
import { pictureProblem } from './pictures';

const RASTER = ['.png', '.jpg', '.jpeg'];

describe('pictureProblem', () => {
  it('accepts paths inside the data directory', () => {
    expect(pictureProblem('logo.png', RASTER)).toBeNull();
    expect(pictureProblem('images/My photo 2.JPG', RASTER)).toBeNull();
  });
  it('refuses what the server refuses', () => {
    expect(pictureProblem('../x.png', RASTER)).toMatch(/inside the data directory/);
    expect(pictureProblem('/etc/x.png', RASTER)).toMatch(/relative/);
    expect(pictureProblem('a\\b.png', RASTER)).toMatch(/not \\/);
    expect(pictureProblem('.hidden/x.png', RASTER)).toMatch(/starting with a letter/);
    expect(pictureProblem('a/b/c/d/x.png', RASTER)).toMatch(/nest at most 3/);
    expect(pictureProblem('logo.svg', RASTER)).toMatch(/only png, jpg, jpeg files/);
    expect(pictureProblem('images/lo', RASTER)).toMatch(/only png/); // half typed: not saved
  });
});
