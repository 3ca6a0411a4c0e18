/**
 * The server's rule for a picture's path (manim_nodes/assets.py, `path_problem`, generated into
 * ../generated/rules.ts), so the field can say what is wrong before saving. The server checks
 * again; this only spares a round trip.
 */
import { PICTURE_ABSOLUTE, PICTURE_MAX_SEGMENTS, PICTURE_SEGMENT } from '../generated/rules';

export function pictureProblem(path: string, suffixes: readonly string[]): string | null {
  if (path.includes('\\')) return 'use / between folders, not \\';
  if (PICTURE_ABSOLUTE.test(path)) return 'the path is relative to the data directory';
  const parts = path.split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..')) return 'the file must be inside the data directory';
  if (parts.length > PICTURE_MAX_SEGMENTS) return `folders nest at most ${PICTURE_MAX_SEGMENTS - 1} deep`;
  const bad = parts.find((p) => !PICTURE_SEGMENT.test(p));
  if (bad !== undefined) return `'${bad}': letters, digits, space, _ - and ., starting with a letter or digit`;
  if (!suffixes.some((s) => path.toLowerCase().endsWith(s))) return `only ${suffixes.map((s) => s.slice(1)).join(', ')} files`;
  return null;
}
