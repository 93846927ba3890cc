import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../lib/api-client.ts';
import { useErrorMessage } from '../lib/error-messages.ts';
import { PageHeader } from './page-header.tsx';

/** Whether a failed read of one thing says it does not exist (or its address cannot name one). */
export function isNotFound(error: unknown): boolean {
  return isApiError(error) && (error.code === 'NOT_FOUND' || error.code === 'VALIDATION_FAILED');
}

interface LoadFailureProps {
  error: unknown;
  /** The link back to the list. */
  back: ReactNode;
  /** The page's title when the failure is not "not found". */
  title: string;
  notFoundTitle: string;
  notFoundMessage: string;
  onRetry: () => void;
}

/** A detail page that could not be read: "not found", or the failure with a way to try again. */
export function LoadFailure({
  error,
  back,
  title,
  notFoundTitle,
  notFoundMessage,
  onRetry,
}: LoadFailureProps) {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const notFound = isNotFound(error);
  return (
    <>
      {back}
      <div className="status-page">
        <PageHeader title={notFound ? notFoundTitle : title} />
        <div className="card status-page__card" role={notFound ? undefined : 'alert'}>
          {notFound ? (
            <p>{notFoundMessage}</p>
          ) : (
            <>
              <p className="notice notice--error">{describeError(error)}</p>
              <button type="button" className="button button--secondary" onClick={onRetry}>
                {t('common.retry')}
              </button>
            </>
          )}
        </div>
      </div>
    </>
  );
}
