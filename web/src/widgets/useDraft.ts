import { useEffect, useRef, useState } from 'react';

/**
 * Text being typed into a field. It follows the outside value except while the field
 * has focus, so undo/redo and file reloads show up without eating what is typed.
 */
export function useDraft(outside: string) {
  const [text, setText] = useState(outside);
  const focused = useRef(false);
  useEffect(() => {
    if (!focused.current) setText(outside);
  }, [outside]);
  return {
    text,
    setText,
    onFocus: () => {
      focused.current = true;
    },
    onBlur: () => {
      focused.current = false;
      setText(outside);
    },
  };
}
