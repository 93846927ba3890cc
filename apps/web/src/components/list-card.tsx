import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Card } from './card.tsx';
import { Pagination } from './pagination.tsx';
import { QueryState } from './query-state.tsx';

interface ListPage {
  items: unknown[];
  total: number;
}

interface ListCardProps<Data extends ListPage> {
  id: string;
  title: string;
  /** The number of results, e.g. "3 devices". */
  results: (total: number) => string;
  list: UseQueryResult<Data>;
  empty: string;
  /** The page shown, the page size, and how to show another page (a `useListParams` list has all three). */
  paging: { page: number; pageSize: number; goToPage: (page: number) => void };
  /** Whether the pages show when all results fit on one; by default only when there are more. */
  pagination?: 'always' | 'multiple-pages';
  /** Filters shown above the list, inside the card. */
  toolbar?: ReactNode;
  children: (items: Data['items'], data: Data) => ReactNode;
}

/** A paged list in a card: its heading and count, loading and error states, the table and its pages. */
export function ListCard<Data extends ListPage>({
  id,
  title,
  results,
  list,
  empty,
  paging: { page, pageSize, goToPage },
  pagination = 'multiple-pages',
  toolbar,
  children,
}: ListCardProps<Data>) {
  const total = list.data?.total ?? 0;
  return (
    <Card id={id} title={title} meta={list.data && results(total)} liveMeta busy={list.isFetching}>
      {toolbar && <div className="card__toolbar">{toolbar}</div>}
      <QueryState query={list} errorClassName="card__body" empty={empty}>
        {(data) => (
          <>
            {children(data.items, data)}
            {(pagination === 'always' || total > pageSize) && (
              <Pagination page={page} pageSize={pageSize} total={total} onPageChange={goToPage} />
            )}
          </>
        )}
      </QueryState>
    </Card>
  );
}
