/** A color: Manim's named colors in a picker, a free hex, or the system picker. */
import { memo, useEffect, useRef, useState } from 'react';
import { colorFamilies, colorHex, colorName, isColor } from '../lib/colors';
import { useEditor } from '../store/context';
import { useDraft } from './useDraft';

interface Props {
  value: string | undefined;
  placeholder?: string;
  id?: string;
  onChange(v: string | undefined): void;
}

export const ColorField = memo(function ColorField({ value, placeholder, id, onChange }: Props) {
  const named = useEditor((s) => s.catalog?.colors) ?? {};
  const [open, setOpen] = useState(false);
  const draft = useDraft(value ?? '');
  const box = useRef<HTMLSpanElement>(null);
  const hex = colorHex(value ?? placeholder ?? null, named);
  const valid = draft.text.trim() === '' || isColor(draft.text.trim(), named);

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);

  return (
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
        onFocus={draft.onFocus}
        onBlur={draft.onBlur}
        onChange={(e) => {
          draft.setText(e.target.value);
          const t = e.target.value.trim();
          if (!t) onChange(undefined);
          else if (isColor(t, named)) onChange(/^#/.test(t) ? t.toUpperCase() : t.toUpperCase());
        }}
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
                      onChange(name);
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
                onChange(colorName(h, named) ?? h);
              }}
            />
          </label>
        </div>
      )}
    </span>
  );
});
