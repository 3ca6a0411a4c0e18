import type { InputSpec, Literal } from '../lib/types';

export interface WidgetProps {
  /** The literal in `params`, or undefined when the port takes its default. */
  value: Literal | undefined;
  input: InputSpec;
  /** Set a value; `undefined` resets to the default. */
  onChange(value: Literal | undefined): void;
  id: string;
}
