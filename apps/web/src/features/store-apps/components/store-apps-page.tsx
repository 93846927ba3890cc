import { type StoreApp, storeAppQuerySchema } from '@vpp/contracts/store-apps';
import { tokenTypeSchema } from '@vpp/contracts/tokens';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { applicationPath } from '../../../app/paths.ts';
import { ListCard } from '../../../components/list-card.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import type { PageNotice } from '../../../lib/page-notice.ts';
import { usePrefetchNextPage } from '../../../lib/prefetch-next-page.ts';
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

  usePrefetchNextPage(query, total, storeAppsQueryOptions);

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
      <ListCard
        id="store-apps-results"
        title={t('storeApps.caption')}
        results={(count) => t('storeApps.results', { count })}
        list={apps}
        empty={hasFilters ? t('storeApps.emptyFiltered') : t('storeApps.empty')}
        page={page}
        pageSize={pageSize}
        onPageChange={(next) => setParams(paramsFrom(filters, sort, next))}
        pagination="always"
      >
        {(items) => (
          <StoreAppsTable
            apps={items}
            sort={sort}
            onSort={(next) => setParams(paramsFrom(filters, next, 1))}
            onCreateApplication={isAdmin ? setCreatingFrom : undefined}
          />
        )}
      </ListCard>

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
