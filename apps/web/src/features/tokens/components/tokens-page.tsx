import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { tokenPath } from '../../../app/paths.ts';
import { AddButton } from '../../../components/add-button.tsx';
import { ListCard } from '../../../components/list-card.tsx';
import { StatusMessage } from '../../../components/live-messages.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { usePrefetchNextPage } from '../../../lib/prefetch-next-page.ts';
import { useListParams } from '../../../lib/use-list-params.ts';
import { useSignedInUser } from '../../auth/signed-in-user.ts';
import { TOKENS_PAGE_SIZE, tokenFilterShape, tokensQueryOptions, useTokens } from '../api/get-tokens.ts';
import { type TokenNotice, useTokenNotice } from '../token-notice.ts';
import { AddTokenDialog } from './add-token-dialog.tsx';
import { TokenFilters } from './token-filters.tsx';
import { TokensTable } from './tokens-table.tsx';

export function TokensPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const user = useSignedInUser();
  const isAdmin = user.role === 'admin';
  const list = useListParams(tokenFilterShape, TOKENS_PAGE_SIZE);
  const tokens = useTokens(list.query);
  const total = tokens.data?.total ?? 0;
  const location = useLocation();
  // The dashboard's "Add token" of an empty console opens the dialog at once.
  const [adding, setAdding] = useState(
    () => isAdmin && (location.state as { openAddToken?: boolean } | null)?.openAddToken === true,
  );
  const notice = useTokenNotice();

  usePrefetchNextPage(list.query, total, tokensQueryOptions);

  return (
    <>
      <PageHeader
        title={t('tokens.title')}
        intro={t('tokens.intro')}
        actions={isAdmin && <AddButton label={t('tokens.add')} onClick={() => setAdding(true)} />}
      />
      <StatusMessage>
        {notice?.tokenNotice === 'deleted' ? t('tokens.deletedMessage', { name: notice.name }) : undefined}
      </StatusMessage>
      <section className="card" aria-label={t('tokens.filters.label')}>
        <TokenFilters key={list.filterKey} filters={list.filters} onApply={list.applyFilters} />
      </section>
      <ListCard
        id="tokens-results"
        title={t('tokens.caption')}
        results={(count) => t('tokens.results', { count })}
        list={tokens}
        empty={
          list.filtered ? t('tokens.emptyFiltered') : isAdmin ? t('tokens.emptyAdmin') : t('tokens.empty')
        }
        paging={list}
        pagination="always"
      >
        {(items) => <TokensTable tokens={items} />}
      </ListCard>

      {adding && (
        <AddTokenDialog
          onClose={() => setAdding(false)}
          onSaved={(token) => {
            const state: TokenNotice = { tokenNotice: 'added', name: token.name };
            navigate(tokenPath(token.id), { state });
          }}
        />
      )}
    </>
  );
}
