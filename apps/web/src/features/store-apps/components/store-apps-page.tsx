import { useQueryClient } from '@tanstack/react-query';
import { type StoreApp, storeAppQuerySchema } from '@vpp/contracts/store-apps';
import { tokenTypeSchema } from '@vpp/contracts/tokens';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { applicationPath } from '../../../app/paths.ts';
import { LoadingState } from '../../../components/loading-state.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { Pagination } from '../../../components/pagination.tsx';
import { useErrorMessage } from '../../../lib/error-messages.ts';
import type { PageNotice } from '../../../lib/page-notice.ts';
import { pageFromParams, paramsFromFilters, textFromParams } from '../../../lib/url-params.ts';
import { useSignedInUser } from '../../auth/signed-in-user.ts';
import {
  type StoreAppFilters as Filters,
  isStoreAppSort,
  STORE_APPS_PAGE_SIZE,
  type StoreAppSort,
  type StoreAppsQuery,
  storeAppsQueryOptions,
  useStoreApps,
} from '../api/get-store-apps.ts';
import { CreateApplicationDialog } from './create-application-dialog.tsx';
import { StoreAppFilters } from './store-app-filters.tsx';
import { StoreAppsTable } from './store-apps-table.tsx';

const tokenIdSchema = storeAppQuerySchema.shape.tokenId.unwrap();
const productTypeSchema = storeAppQuerySchema.shape.productType.unwrap();

/** Filters, sort and page live in the address, so a view can be bookmarked and shared. */
function queryFromParams(params: URLSearchParams): StoreAppsQuery {
  const sort = params.get('sort');
  const query: StoreAppsQuery = {
    sort: isStoreAppSort(sort) ? sort : 'name',
    page: pageFromParams(params),
    pageSize: STORE_APPS_PAGE_SIZE,
  };
  const search = textFromParams(params, 'search');
  if (search) query.search = search;
  const tokenId = tokenIdSchema.safeParse(params.get('tokenId'));
  if (tokenId.success) query.tokenId = tokenId.data;
  const category = textFromParams(params, 'category');
  if (category) query.category = category;
  const tokenType = tokenTypeSchema.safeParse(params.get('tokenType'));
  if (tokenType.success) query.tokenType = tokenType.data;
  const deviceAssignable = params.get('deviceAssignable');
  if (deviceAssignable === 'true' || deviceAssignable === 'false') {
    query.deviceAssignable = deviceAssignable === 'true';
  }
  const productType = productTypeSchema.safeParse(params.get('productType'));
  if (productType.success) query.productType = productType.data;
  return query;
}

function paramsFrom(filters: Filters, sort: StoreAppSort, page: number): Record<string, string> {
  return paramsFromFilters({ ...filters, sort: sort === 'name' ? undefined : sort }, page);
}

export function StoreAppsPage() {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const user = useSignedInUser();
  const isAdmin = user.role === 'admin';
  const [params, setParams] = useSearchParams();
  const search = params.toString();
  const query = useMemo(() => queryFromParams(new URLSearchParams(search)), [search]);
  const { page, pageSize, sort, ...filters } = query;
  const apps = useStoreApps(query);
  const total = apps.data?.total ?? 0;
  const hasFilters = Object.values(filters).some((value) => value !== undefined);
  const [creatingFrom, setCreatingFrom] = useState<StoreApp>();

  useEffect(() => {
    if (query.page * query.pageSize < total) {
      queryClient.prefetchQuery(storeAppsQueryOptions({ ...query, page: query.page + 1 }));
    }
  }, [queryClient, query, total]);

  return (
    <>
      <PageHeader title={t('storeApps.title')} intro={t('storeApps.intro')} />
      <section className="card" aria-label={t('storeApps.filters.label')}>
        <StoreAppFilters
          key={JSON.stringify(filters)}
          filters={filters}
          onApply={(next) => setParams(paramsFrom(next, sort, 1))}
        />
      </section>
      <section className="card card--flush" aria-labelledby="store-apps-results" aria-busy={apps.isFetching}>
        <div className="card__header">
          <h2 className="card__title" id="store-apps-results">
            {t('storeApps.caption')}
          </h2>
          {apps.data && (
            <p className="card__meta" aria-live="polite">
              {t('storeApps.results', { count: total })}
            </p>
          )}
        </div>
        {apps.isPending ? (
          <LoadingState />
        ) : apps.isError ? (
          <div className="card__body">
            <p className="notice notice--error" role="alert">
              {describeError(apps.error)}
            </p>
            <button type="button" className="button button--secondary" onClick={() => apps.refetch()}>
              {t('common.retry')}
            </button>
          </div>
        ) : apps.data.items.length === 0 ? (
          <p className="empty-state">{hasFilters ? t('storeApps.emptyFiltered') : t('storeApps.empty')}</p>
        ) : (
          <>
            <StoreAppsTable
              apps={apps.data.items}
              sort={sort}
              onSort={(next) => setParams(paramsFrom(filters, next, 1))}
              onCreateApplication={isAdmin ? setCreatingFrom : undefined}
            />
            <Pagination
              page={page}
              pageSize={pageSize}
              total={total}
              onPageChange={(next) => setParams(paramsFrom(filters, sort, next))}
            />
          </>
        )}
      </section>

      {creatingFrom && (
        <CreateApplicationDialog
          app={creatingFrom}
          onClose={() => setCreatingFrom(undefined)}
          onCreated={(application) => {
            const state: PageNotice = { pageNotice: 'applicationCreated', name: application.name };
            navigate(applicationPath(application.id), { state });
          }}
        />
      )}
    </>
  );
}
