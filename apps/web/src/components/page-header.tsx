import type { ReactNode } from 'react';
import { useDocumentTitle } from '../lib/document-title.ts';

interface PageHeaderProps {
  title: string;
  intro?: string;
  actions?: ReactNode;
}

/** The page's one <h1>; it takes focus after navigation so screen readers announce the new page. */
export function PageHeader({ title, intro, actions }: PageHeaderProps) {
  useDocumentTitle(title);
  return (
    <div className="page-header">
      <div>
        <h1 className="page-header__title" tabIndex={-1}>
          {title}
        </h1>
        {intro && <p className="page-header__intro">{intro}</p>}
      </div>
      {actions && <div className="page-header__actions">{actions}</div>}
    </div>
  );
}
