/** The widget that fits a port's kind. */
import { memo } from 'react';
import { TEXT_RULES } from '../lib/fieldDraft';
import type { InputSpec, Literal } from '../lib/types';
import { ColorField } from './ColorField';
import { ExpressionField } from './ExpressionField';
import { FileField } from './FileField';
import { LatexField } from './LatexField';
import { ListField } from './ListField';
import { NumberField } from './NumberField';
import { TableField } from './TableField';
import { VectorField } from './VectorField';
import { useFieldDraft } from './useFieldDraft';
import type { WidgetProps } from './types';

function str(v: Literal | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
function num(v: Literal | undefined): number | undefined {
  return typeof v === 'number' ? v : undefined;
}
function vec(v: Literal | undefined): number[] | undefined {
  return Array.isArray(v) && v.every((x) => typeof x === 'number') ? (v as number[]) : undefined;
}
/** The option of a direction port that turns it into a vector. */
const VECTOR_CHOICE = '(vector)';

function placeholderOf(input: InputSpec): string | undefined {
  const d = input.default;
  if (d === undefined || d === null) return input.required ? 'required' : 'Manim default';
  return typeof d === 'string' ? d : JSON.stringify(d);
}

const TextInput = memo(function TextInput({ value, input, onChange, id, multiline }: WidgetProps & { multiline: boolean }) {
  const draft = useFieldDraft(str(value) ?? '', TEXT_RULES, onChange);
  const props = {
    id,
    value: draft.text,
    placeholder: placeholderOf(input),
    spellCheck: false,
    onBlur: draft.onBlur,
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => draft.setText(e.target.value),
  };
  return multiline ? <textarea rows={3} {...props} /> : <input type="text" {...props} />;
});

export const PortField = memo(function PortField(props: WidgetProps & { nodeType: string }) {
  const { value, input, onChange, id, nodeType } = props;
  const ph = placeholderOf(input);
  if (input.list && (input.kind === 'number' || input.kind === 'integer' || input.kind === 'string')) {
    return <ListField id={id} value={value} input={input} onChange={onChange} />;
  }
  switch (input.kind) {
    case 'number':
    case 'integer':
      return (
        <NumberField
          id={id}
          value={num(value)}
          placeholder={ph}
          integer={input.kind === 'integer'}
          suffix={input.widget === 'angle' ? '°' : undefined}
          onChange={onChange}
        />
      );
    case 'bool': {
      const checked = typeof value === 'boolean' ? value : input.default === true;
      return (
        <span className="boolfield">
          <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
          {value === undefined && <span className="field-hint">default</span>}
        </span>
      );
    }
    case 'color':
      return <ColorField id={id} value={str(value)} placeholder={typeof input.default === 'string' ? input.default : undefined} onChange={onChange} />;
    case 'vector':
    case 'numeric':
      if (input.kind === 'numeric' && typeof value === 'number') {
        return <NumberField id={id} value={value} placeholder={ph} onChange={onChange} />;
      }
      return <VectorField id={id} value={vec(value)} placeholder={vec(input.default ?? undefined)} onChange={onChange} />;
    case 'table':
      return <TableField id={id} value={value} input={input} onChange={onChange} />;
    case 'direction': {
      // A named side, or any vector: picking "vector" starts from DOWN as [0, -1].
      const vector = vec(value);
      return (
        <span className="dirfield">
          <select
            id={id}
            value={vector ? VECTOR_CHOICE : (str(value) ?? '')}
            onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value === VECTOR_CHOICE ? [0, -1] : e.target.value)}
          >
            <option value="">{input.default != null ? `${String(input.default)} (default)` : '(default)'}</option>
            {(input.choices ?? []).map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
            <option value={VECTOR_CHOICE}>vector [dx, dy]</option>
          </select>
          {vector && <VectorField value={vector} onChange={onChange} />}
        </span>
      );
    }
    case 'enum':
      return (
        <select id={id} value={str(value) ?? ''} onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}>
          <option value="">{input.default != null ? `${String(input.default)} (default)` : '(default)'}</option>
          {(input.choices ?? []).map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      );
    case 'expression':
      return <ExpressionField id={id} variable={input.variable} value={str(value)} placeholder={typeof input.default === 'string' ? input.default : undefined} onChange={onChange} />;
    case 'string':
      if (input.widget === 'file') {
        return <FileField id={id} value={value} suffixes={input.files ?? []} onChange={onChange} />;
      }
      if (input.widget === 'latex') {
        return <LatexField id={id} value={str(value)} placeholder={ph} math={nodeType !== 'Tex'} onChange={onChange} />;
      }
      return <TextInput {...props} multiline={input.widget === 'text'} />;
    default:
      return <TextInput {...props} multiline={false} />;
  }
});
