/** Colors: "#RRGGBB" or a Manim color name from the catalog. */

const HEX = /^#[0-9a-fA-F]{6}$/;
const SHORT_HEX = /^#[0-9a-fA-F]{3}$/;

export function isColor(value: string, named: Record<string, string>): boolean {
  return HEX.test(value) || value.toUpperCase() in named;
}

/** The hex to show for a color value, or null when it is not a color. */
export function colorHex(value: unknown, named: Record<string, string>): string | null {
  if (typeof value !== 'string') return null;
  if (HEX.test(value)) return value.toUpperCase();
  if (SHORT_HEX.test(value)) return `#${[...value.slice(1)].map((c) => c + c).join('')}`.toUpperCase();
  const hex = named[value.toUpperCase()];
  return hex ? hex.toUpperCase() : null;
}

/** The Manim name of a hex, if it has one. */
export function colorName(hex: string, named: Record<string, string>): string | null {
  const h = hex.toUpperCase();
  for (const [name, v] of Object.entries(named)) if (v.toUpperCase() === h) return name;
  return null;
}

/** Named colors grouped by hue family for the picker: BLUE_A..BLUE_E go together. */
export function colorFamilies(named: Record<string, string>): [string, [string, string][]][] {
  const fam = new Map<string, [string, string][]>();
  for (const [name, hex] of Object.entries(named)) {
    const base = name.replace(/_[A-E]$/, '');
    const list = fam.get(base) ?? [];
    list.push([name, hex]);
    fam.set(base, list);
  }
  return [...fam.entries()];
}
