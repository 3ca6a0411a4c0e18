/** The preview's remembered height and last-frame-or-video choice (lib/prefs.ts), as React state. */
import { useCallback, useState } from 'react';
import { readPreviewPrefs, writePreviewPrefs, type PreviewPrefs } from '../lib/prefs';

export function usePreviewPrefs(): [PreviewPrefs, (patch: Partial<PreviewPrefs>, persist?: boolean) => void] {
  const [prefs, setPrefs] = useState(readPreviewPrefs);
  const update = useCallback((patch: Partial<PreviewPrefs>, persist = true) => {
    setPrefs((cur) => {
      const next = { ...cur, ...patch };
      // Re-read what is stored, so a choice made meanwhile in another window is not undone.
      if (persist) writePreviewPrefs({ ...readPreviewPrefs(), ...patch });
      return next;
    });
  }, []);
  return [prefs, update];
}
