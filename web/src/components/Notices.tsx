/** The offline banner and the toast line. */
import { memo } from 'react';
import { useEditor, useEditorApi } from '../store/context';

export const OfflineBanner = memo(function OfflineBanner() {
  const online = useEditor((s) => s.online);
  const fatal = useEditor((s) => s.fatal);
  if (online && !fatal) return null;
  return (
    <div className="banner" role="alert" data-testid="offline-banner">
      {fatal ?? 'Cannot reach manim-nodes (is `manim-nodes watch` still running?). Your edits are kept in this browser and saved when it is back.'}
      <span className="spinner" aria-hidden />
    </div>
  );
});

export const Toast = memo(function Toast() {
  const editor = useEditorApi();
  const toast = useEditor((s) => s.toast);
  if (!toast) return null;
  return (
    <div className="toast" role="status">
      <span>{toast.message}</span>
      {toast.action && (
        <button
          type="button"
          className="link"
          onClick={() => {
            toast.action!.run();
            editor.dismissToast();
          }}
        >
          {toast.action.label}
        </button>
      )}
      <button type="button" className="icon" aria-label="Dismiss" onClick={() => editor.dismissToast()}>
        ×
      </button>
    </div>
  );
});
