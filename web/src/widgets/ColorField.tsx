/** A color: Manim's named colors in a picker, a free hex, or the system picker. */
import { memo, useEffect, useRef, useState } from 'react';
import { colorFamilies, colorHex, colorName, isColor } from '../lib/colors';
import type { DraftRules } from '../lib/fieldDraft';
import { useEditor } from '../store/context';
import { useFieldDraft } from './useFieldDraft';

/** Empty is the default; otherwise #RRGGBB or a Manim color name (`named`), saved in capitals. */
export function colorRules(named: Record<string, string>): DraftRules<string | undefined> {
  return {
    parse(text) {
      const t = text.trim();
      if (!t) return { ok: true, value: undefined };
      if (isColor(t, named)) return { ok: true, value: t.toUpperCase() };
      return { ok: false, message: /^#/.test(t) ? 'a hex color is # and six hex digits' : 'not a Manim color name' };
    },
    format: (v) => v ?? '',
  };
}

interface Props {
  value: string | undefined;
  placeholder?: string;
  id?: string;
  onChange(v: string | undefined): void;
}

export const ColorField = memo(function ColorField({ value, placeholder, id, onChange }: Props) {
  const named = useEditor((s) => s.catalog?.colors) ?? {};
  const [open, setOpen] = useState(false);
  const draft = useFieldDraft(value ?? '', colorRules(named), onChange);
  const box = useRef<HTMLSpanElement>(null);
  const hex = colorHex(value ?? placeholder ?? null, named);
  const valid = draft.error === null;

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);

  return (
    <>
      <span className={`colorfield${valid ? '' : ' invalid'}`} ref={box}>
        <button
          type="button"
          className="swatch-btn"
          style={{ background: hex ?? 'transparent' }}
          title="Pick a Manim color"
          onClick={() => setOpen(!open)}
          aria-label="Pick a color"
        />
        <input
          id={id}
          type="text"
          spellCheck={false}
          value={draft.text}
          placeholder={placeholder ?? 'BLUE or #58C4DD'}
          onBlur={draft.onBlur}
          onChange={(e) => draft.setText(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && draft.flush()}
          aria-invalid={!valid}
        />
        {open && (
          <div className="color-pop" role="dialog" aria-label="Manim colors">
            <div className="color-grid">
              {colorFamilies(named).map(([family, list]) => (
                <div className="color-family" key={family}>
                  {list.map(([name, h]) => (
                    <button
                      type="button"
                      key={name}
                      className={`chip${value === name ? ' on' : ''}`}
                      style={{ background: h }}
                      title={name}
                      onClick={() => {
                        draft.set(name);
                        setOpen(false);
                      }}
                    />
                  ))}
                </div>
              ))}
            </div>
            <label className="color-custom">
              Custom
              <input
                type="color"
                value={(hex ?? '#58C4DD').toLowerCase()}
                onChange={(e) => {
                  const h = e.target.value.toUpperCase();
                  draft.set(colorName(h, named) ?? h);
                }}
              />
            </label>
          </div>
        )}
      </span>
      {draft.error !== null && (
        <div className="field-error" role="alert">
          {draft.error}
        </div>
      )}
    </>
  );
});
