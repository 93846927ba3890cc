import type { StoreApp } from '@vpp/contracts/store-apps';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { applicationPath } from '../../../app/paths.ts';
import { ListCard } from '../../../components/list-card.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import type { PageNotice } from '../../../lib/page-notice.ts';
import { usePrefetchNextPage } from '../../../lib/prefetch-next-page.ts';
import { useListParams } from '../../../lib/use-list-params.ts';
import { useSignedInUser } from '../../auth/signed-in-user.ts';
import {
  isStoreAppSort,
  STORE_APPS_PAGE_SIZE,
  type StoreAppSort,
  storeAppFilterShape,
  storeAppsQueryOptions,
  useStoreApps,
} from '../api/get-store-apps.ts';
import { CreateApplicationDialog } from './create-application-dialog.tsx';
import { StoreAppFilters } from './store-app-filters.tsx';
import { StoreAppsTable } from './store-apps-table.tsx';

/** The sort lives in the address with the filters; the default is left out. */
function sortFromParams(params: URLSearchParams): StoreAppSort {
  const sort = params.get('sort');
  return isStoreAppSort(sort) ? sort : 'name';
}

function sortParam(sort: StoreAppSort) {
  return { sort: sort === 'name' ? undefined : sort };
}

export function StoreAppsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const user = useSignedInUser();
  const isAdmin = user.role === 'admin';
  const list = useListParams(storeAppFilterShape, STORE_APPS_PAGE_SIZE);
  const sort = sortFromParams(list.params);
  const query = useMemo(() => ({ ...list.query, sort }), [list.query, sort]);
  const apps = useStoreApps(query);
  const total = apps.data?.total ?? 0;
  const [creatingFrom, setCreatingFrom] = useState<StoreApp>();

  usePrefetchNextPage(query, total, storeAppsQueryOptions);

  return (
    <>
      <PageHeader title={t('storeApps.title')} intro={t('storeApps.intro')} />
      <section className="card" aria-label={t('storeApps.filters.label')}>
        <StoreAppFilters
          key={list.filterKey}
          filters={list.filters}
          onApply={(next) => list.applyFilters(next, sortParam(sort))}
        />
      </section>
      <ListCard
        id="store-apps-results"
        title={t('storeApps.caption')}
        results={(count) => t('storeApps.results', { count })}
        list={apps}
        empty={list.filtered ? t('storeApps.emptyFiltered') : t('storeApps.empty')}
        paging={{
          page: list.page,
          pageSize: list.pageSize,
          goToPage: (next) => list.goToPage(next, sortParam(sort)),
        }}
        pagination="always"
      >
        {(items) => (
          <StoreAppsTable
            apps={items}
            sort={sort}
            onSort={(next) => list.applyFilters(list.filters, sortParam(next))}
            onCreateApplication={isAdmin ? setCreatingFrom : undefined}
          />
        )}
      </ListCard>

      {creatingFrom && (
        <CreateApplicationDialog
          app={creatingFrom}
          onClose={() => setCreatingFrom(undefined)}
          onSaved={(application) => {
            const state: PageNotice = { pageNotice: 'applicationCreated', name: application.name };
            navigate(applicationPath(application.id), { state });
          }}
        />
      )}
    </>
  );
}
