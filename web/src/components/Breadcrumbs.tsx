/** Above the canvas inside a subgraph: the way in (`main › a (parts/labelled_dot)`), each step a way back. */
import { ArrowLeft } from 'lucide-react';
import { Fragment, memo, useMemo } from 'react';
import { crumbsOf } from '../lib/trail';
import { useEditor, useEditorApi } from '../store/context';

export const Breadcrumbs = memo(function Breadcrumbs() {
  const editor = useEditorApi();
  const trail = useEditor((s) => s.trail);
  const name = useEditor((s) => s.name);
  const crumbs = useMemo(() => crumbsOf(trail, name), [trail, name]);
  if (!crumbs.length) return null;
  return (
    <nav className="breadcrumbs" aria-label="Subgraph path" data-testid="breadcrumbs">
      <button type="button" className="icon" title="Back out of this subgraph (Alt+←)" aria-label="Back" onClick={() => void editor.goBack()}>
        <ArrowLeft size={13} aria-hidden />
      </button>
      {crumbs.map(({ label, graph, back }, i) => (
        <Fragment key={i}>
          {i > 0 && (
            <span className="crumb-sep" aria-hidden>
              ›
            </span>
          )}
          {back === null ? (
            <span className="crumb current" aria-current="location" title={graph}>
              {label}
            </span>
          ) : (
            <button type="button" className="link crumb" title={`Back to ${graph}`} onClick={() => void editor.goBack(back)}>
              {label}
            </button>
          )}
        </Fragment>
      ))}
    </nav>
  );
});
