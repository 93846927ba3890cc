import type { ReactNode } from 'react';

/**
 * Live regions stay in the page and only their text changes, so screen readers announce each
 * message: `polite` for results of the reader's own actions, `alert` for failures.
 */
export function StatusMessage({ children }: { children?: ReactNode }) {
  return (
    <div className="live-region" role="status" aria-live="polite">
      {children ? <p className="notice notice--success">{children}</p> : null}
    </div>
  );
}

export function ErrorMessage({ children }: { children?: ReactNode }) {
  return (
    <div className="live-region" role="alert">
      {children ? <p className="notice notice--error">{children}</p> : null}
    </div>
  );
}
