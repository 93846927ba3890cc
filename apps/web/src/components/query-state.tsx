import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { LoadError } from './load-error.tsx';
import { LoadingState } from './loading-state.tsx';

interface QueryStateProps<Data> {
  query: UseQueryResult<Data>;
  /** The frame of the failure and its retry button. */
  errorClassName?: string;
  /** Said instead of the content when the answer is a list with no items. */
  empty?: string;
  /** The empty text's classes. */
  emptyClassName?: string;
  children: (data: Data) => ReactNode;
}

function hasNoItems(data: unknown): boolean {
  const items = (data as { items?: unknown } | undefined)?.items;
  return Array.isArray(items) && items.length === 0;
}

/** What one read shows: loading, its failure with a way to try again, "none", or its content. */
export function QueryState<Data>({
  query,
  errorClassName = 'stack',
  empty,
  emptyClassName = 'empty-state',
  children,
}: QueryStateProps<Data>) {
  if (query.isPending) return <LoadingState />;
  if (query.isError) {
    return (
      <LoadError
        error={query.error}
        onRetry={() => query.refetch()}
        className={errorClassName}
        alert="message"
      />
    );
  }
  if (empty !== undefined && hasNoItems(query.data)) return <p className={emptyClassName}>{empty}</p>;
  return <>{children(query.data)}</>;
}
