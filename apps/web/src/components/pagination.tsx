import { useTranslation } from 'react-i18next';
import { useLocaleFormat } from '../lib/locale-format.ts';
import { Button } from './button.tsx';

interface PaginationProps {
  page: number;
  pageSize: number;
  total: number;
  onPageChange: (page: number) => void;
}

export function Pagination({ page, pageSize, total, onPageChange }: PaginationProps) {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);

  return (
    <nav className="pagination" aria-label={t('pagination.label')}>
      <p className="pagination__range">
        {t('pagination.range', {
          from: format.number(from),
          to: format.number(to),
          total: format.number(total),
        })}
      </p>
      <div className="pagination__controls">
        <Button variant="secondary" small onClick={() => onPageChange(page - 1)} disabled={page <= 1}>
          <span aria-hidden="true">‹ </span>
          {t('pagination.previous')}
        </Button>
        <span className="pagination__page">
          {t('pagination.page', { page: format.number(page), pages: format.number(pages) })}
        </span>
        <Button variant="secondary" small onClick={() => onPageChange(page + 1)} disabled={page >= pages}>
          {t('pagination.next')}
          <span aria-hidden="true"> ›</span>
        </Button>
      </div>
    </nav>
  );
}
