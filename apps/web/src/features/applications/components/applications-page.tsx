import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { paths } from '../../../app/paths.ts';
import { ListCard } from '../../../components/list-card.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { usePrefetchNextPage } from '../../../lib/prefetch-next-page.ts';
import { useListParams } from '../../../lib/use-list-params.ts';
import { useSignedInUser } from '../../auth/signed-in-user.ts';
import {
  APPLICATIONS_PAGE_SIZE,
  applicationFilterShape,
  applicationsQueryOptions,
  useApplications,
} from '../api/get-applications.ts';
import { ApplicationFilters } from './application-filters.tsx';
import { ApplicationsTable } from './applications-table.tsx';

/** The applications made from store-app licenses, each with its deployments; deployments open from here. */
export function ApplicationsPage() {
  const { t } = useTranslation();
  const user = useSignedInUser();
  const list = useListParams(applicationFilterShape, APPLICATIONS_PAGE_SIZE);
  const query = list.query;
  const applications = useApplications(query);
  const total = applications.data?.total ?? 0;

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
        <ApplicationFilters key={list.filterKey} filters={list.filters} onApply={list.applyFilters} />
      </section>
      <ListCard
        id="applications-results"
        title={t('applications.caption')}
        results={(count) => t('applications.results', { count })}
        list={applications}
        empty={
          list.filtered
            ? t('applications.emptyFiltered')
            : user.role === 'admin'
              ? t('applications.emptyAdmin')
              : t('applications.empty')
        }
        paging={list}
        pagination="always"
      >
        {(items) => <ApplicationsTable applications={items} />}
      </ListCard>
    </>
  );
}
