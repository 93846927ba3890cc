import { AppleError } from '../apple/apple-errors.ts';
import { readText } from './query-parameters.ts';

export interface PageWindow {
  pageIndex: number;
  /** First record (inclusive) and last record (exclusive) of the page. */
  start: number;
  end: number;
  totalPages: number;
}

/**
 * Zero-based pages of a fixed, server-chosen size. Page 0 always exists (possibly empty); any other
 * index must be below `totalPages`, else 9650.
 */
export function pageWindow(
  query: Record<string, unknown>,
  total: number,
  pageSize: number,
  emptyListTotalPages: 0 | 1,
): PageWindow {
  const raw = readText(query, 'pageIndex');
  let pageIndex = 0;
  if (raw !== undefined && raw !== '') {
    if (!/^\d+$/.test(raw)) throw new AppleError(9650);
    pageIndex = Number(raw);
  }
  const totalPages = total === 0 ? emptyListTotalPages : Math.ceil(total / pageSize);
  if (pageIndex > 0 && pageIndex >= totalPages) throw new AppleError(9650);
  const start = pageIndex * pageSize;
  return { pageIndex, start, end: Math.min(total, start + pageSize), totalPages };
}

/** The paging fields of a response; `nextPageIndex` only when another page follows. */
export function pageFields(window: PageWindow): {
  currentPageIndex: number;
  nextPageIndex?: number;
  size: number;
  totalPages: number;
} {
  const fields: { currentPageIndex: number; nextPageIndex?: number; size: number; totalPages: number } = {
    currentPageIndex: window.pageIndex,
    size: window.end - window.start,
    totalPages: window.totalPages,
  };
  if (window.pageIndex + 1 < window.totalPages) fields.nextPageIndex = window.pageIndex + 1;
  return fields;
}
