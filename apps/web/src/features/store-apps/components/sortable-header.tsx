import type { ReactNode } from 'react';
import type { StoreAppSort, StoreAppSortKey } from '../api/get-store-apps.ts';

interface SortableHeaderProps {
  column: StoreAppSortKey;
  sort: StoreAppSort;
  onSort: (sort: StoreAppSort) => void;
  className?: string;
  children: ReactNode;
}

/**
 * A column heading that sorts the list by its column: ascending first, then descending. The
 * heading's aria-sort tells screen readers which column the rows are sorted by, and how.
 */
export function SortableHeader({ column, sort, onSort, className, children }: SortableHeaderProps) {
  const active = sort.replace(/^-/, '') === column;
  const descending = active && sort.startsWith('-');
  const direction = active ? (descending ? 'descending' : 'ascending') : undefined;
  return (
    <th scope="col" className={className} aria-sort={direction}>
      <button
        type="button"
        className="sort-button"
        onClick={() => onSort(active && !descending ? `-${column}` : column)}
      >
        <span>{children}</span>
        <span className="sort-button__icon" data-direction={direction ?? 'none'} aria-hidden="true" />
      </button>
    </th>
  );
}
