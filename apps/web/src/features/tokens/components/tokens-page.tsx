import { tokenStatusSchema, tokenTypeSchema } from '@vpp/contracts/tokens';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { tokenPath } from '../../../app/paths.ts';
import { ListCard } from '../../../components/list-card.tsx';
import { StatusMessage } from '../../../components/live-messages.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { usePrefetchNextPage } from '../../../lib/prefetch-next-page.ts';
import { useSignedInUser } from '../../auth/signed-in-user.ts';
import {
  type TokenFilters as Filters,
  TOKENS_PAGE_SIZE,
  type TokensQuery,
  tokensQueryOptions,
  useTokens,
} from '../api/get-tokens.ts';
import { type TokenNotice, useTokenNotice } from '../token-notice.ts';
import { AddTokenDialog } from './add-token-dialog.tsx';
import { TokenFilters } from './token-filters.tsx';
import { TokensTable } from './tokens-table.tsx';

/** The filters and page live in the address, so a filtered view can be bookmarked and shared. */
function queryFromParams(params: URLSearchParams): TokensQuery {
  const page = Number(params.get('page'));
  const query: TokensQuery = {
    page: Number.isInteger(page) && page > 0 ? page : 1,
    pageSize: TOKENS_PAGE_SIZE,
  };
  const search = params.get('search')?.trim();
  if (search) query.search = search;
  const status = tokenStatusSchema.safeParse(params.get('status'));
  if (status.success) query.status = status.data;
  const type = tokenTypeSchema.safeParse(params.get('type'));
  if (type.success) query.type = type.data;
  const category = params.get('category')?.trim();
  if (category) query.category = category;
  return query;
}

function paramsFromQuery(filters: Filters, page: number): Record<string, string> {
  const params: Record<string, string> = {};
  if (filters.search) params.search = filters.search;
  if (filters.status) params.status = filters.status;
  if (filters.type) params.type = filters.type;
  if (filters.category) params.category = filters.category;
  if (page > 1) params.page = String(page);
  return params;
}

export function TokensPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const user = useSignedInUser();
  const isAdmin = user.role === 'admin';
  const [params, setParams] = useSearchParams();
  const search = params.toString();
  const query = useMemo(() => queryFromParams(new URLSearchParams(search)), [search]);
  const { page, pageSize, ...filters } = query;
  const tokens = useTokens(query);
  const total = tokens.data?.total ?? 0;
  const hasFilters = Object.values(filters).some(Boolean);
  const [adding, setAdding] = useState(false);
  const notice = useTokenNotice();

  usePrefetchNextPage(query, total, tokensQueryOptions);

  return (
    <>
      <PageHeader
        title={t('tokens.title')}
        intro={t('tokens.intro')}
        actions={
          isAdmin && (
            <button type="button" className="button button--primary" onClick={() => setAdding(true)}>
              <span aria-hidden="true">+ </span>
              {t('tokens.add')}
            </button>
          )
        }
      />
      <StatusMessage>
        {notice?.tokenNotice === 'deleted' ? t('tokens.deletedMessage', { name: notice.name }) : undefined}
      </StatusMessage>
      <section className="card" aria-label={t('tokens.filters.label')}>
        {/* Remount on a changed address (back button, cleared filters) so the form shows what is applied. */}
        <TokenFilters
          key={JSON.stringify(filters)}
          filters={filters}
          onApply={(next) => setParams(paramsFromQuery(next, 1))}
        />
      </section>
      <ListCard
        id="tokens-results"
        title={t('tokens.caption')}
        results={(count) => t('tokens.results', { count })}
        list={tokens}
        empty={hasFilters ? t('tokens.emptyFiltered') : isAdmin ? t('tokens.emptyAdmin') : t('tokens.empty')}
        page={page}
        pageSize={pageSize}
        onPageChange={(next) => setParams(paramsFromQuery(filters, next))}
        pagination="always"
      >
        {(items) => <TokensTable tokens={items} />}
      </ListCard>

      {adding && (
        <AddTokenDialog
          onClose={() => setAdding(false)}
          onAdded={(token) => {
            const state: TokenNotice = { tokenNotice: 'added', name: token.name };
            navigate(tokenPath(token.id), { state });
          }}
        />
      )}
    </>
  );
}
