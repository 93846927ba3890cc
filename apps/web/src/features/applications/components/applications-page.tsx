import { storeAppQuerySchema } from '@vpp/contracts/store-apps';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { paths } from '../../../app/paths.ts';
import { ListCard } from '../../../components/list-card.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { usePrefetchNextPage } from '../../../lib/prefetch-next-page.ts';
import { pageFromParams, paramsFromFilters, textFromParams } from '../../../lib/url-params.ts';
import { useSignedInUser } from '../../auth/signed-in-user.ts';
import {
  APPLICATIONS_PAGE_SIZE,
  type ApplicationsQuery,
  applicationsQueryOptions,
  useApplications,
} from '../api/get-applications.ts';
import { ApplicationFilters } from './application-filters.tsx';
import { ApplicationsTable } from './applications-table.tsx';

const tokenIdSchema = storeAppQuerySchema.shape.tokenId.unwrap();

function queryFromParams(params: URLSearchParams): ApplicationsQuery {
  const query: ApplicationsQuery = { page: pageFromParams(params), pageSize: APPLICATIONS_PAGE_SIZE };
  const search = textFromParams(params, 'search');
  if (search) query.search = search;
  const tokenId = tokenIdSchema.safeParse(params.get('tokenId'));
  if (tokenId.success) query.tokenId = tokenId.data;
  return query;
}

/** The applications made from store-app licenses, each with its deployments; deployments open from here. */
export function ApplicationsPage() {
  const { t } = useTranslation();
  const user = useSignedInUser();
  const [params, setParams] = useSearchParams();
  const search = params.toString();
  const query = useMemo(() => queryFromParams(new URLSearchParams(search)), [search]);
  const { page, pageSize, ...filters } = query;
  const applications = useApplications(query);
  const total = applications.data?.total ?? 0;
  const hasFilters = Boolean(filters.search || filters.tokenId);

  usePrefetchNextPage(query, total, applicationsQueryOptions);

  return (
    <>
      <PageHeader
        title={t('applications.title')}
        intro={t('applications.intro')}
        actions={
          user.role === 'admin' && (
            <Link className="button button--secondary" to={paths.storeApps}>
              {t('applications.fromLicenses')}
            </Link>
          )
        }
      />
      <section className="card" aria-label={t('applications.filters.label')}>
        <ApplicationFilters
          key={JSON.stringify(filters)}
          filters={filters}
          onApply={(next) => setParams(paramsFromFilters({ ...next }, 1))}
        />
      </section>
      <ListCard
        id="applications-results"
        title={t('applications.caption')}
        results={(count) => t('applications.results', { count })}
        list={applications}
        empty={
          hasFilters
            ? t('applications.emptyFiltered')
            : user.role === 'admin'
              ? t('applications.emptyAdmin')
              : t('applications.empty')
        }
        page={page}
        pageSize={pageSize}
        onPageChange={(next) => setParams(paramsFromFilters({ ...filters }, next))}
        pagination="always"
      >
        {(items) => <ApplicationsTable applications={items} />}
      </ListCard>
    </>
  );
}
