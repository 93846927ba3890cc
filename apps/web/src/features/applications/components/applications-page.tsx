import { useQueryClient } from '@tanstack/react-query';
import { storeAppQuerySchema } from '@vpp/contracts/store-apps';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { paths } from '../../../app/paths.ts';
import { LoadingState } from '../../../components/loading-state.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { Pagination } from '../../../components/pagination.tsx';
import { useErrorMessage } from '../../../lib/error-messages.ts';
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
  const describeError = useErrorMessage();
  const queryClient = useQueryClient();
  const user = useSignedInUser();
  const [params, setParams] = useSearchParams();
  const search = params.toString();
  const query = useMemo(() => queryFromParams(new URLSearchParams(search)), [search]);
  const { page, pageSize, ...filters } = query;
  const applications = useApplications(query);
  const total = applications.data?.total ?? 0;
  const hasFilters = Boolean(filters.search || filters.tokenId);

  useEffect(() => {
    if (query.page * query.pageSize < total) {
      queryClient.prefetchQuery(applicationsQueryOptions({ ...query, page: query.page + 1 }));
    }
  }, [queryClient, query, total]);

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
      <section
        className="card card--flush"
        aria-labelledby="applications-results"
        aria-busy={applications.isFetching}
      >
        <div className="card__header">
          <h2 className="card__title" id="applications-results">
            {t('applications.caption')}
          </h2>
          {applications.data && (
            <p className="card__meta" aria-live="polite">
              {t('applications.results', { count: total })}
            </p>
          )}
        </div>
        {applications.isPending ? (
          <LoadingState />
        ) : applications.isError ? (
          <div className="card__body">
            <p className="notice notice--error" role="alert">
              {describeError(applications.error)}
            </p>
            <button type="button" className="button button--secondary" onClick={() => applications.refetch()}>
              {t('common.retry')}
            </button>
          </div>
        ) : applications.data.items.length === 0 ? (
          <p className="empty-state">
            {hasFilters
              ? t('applications.emptyFiltered')
              : user.role === 'admin'
                ? t('applications.emptyAdmin')
                : t('applications.empty')}
          </p>
        ) : (
          <>
            <ApplicationsTable applications={applications.data.items} />
            <Pagination
              page={page}
              pageSize={pageSize}
              total={total}
              onPageChange={(next) => setParams(paramsFromFilters({ ...filters }, next))}
            />
          </>
        )}
      </section>
    </>
  );
}
