import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { paths } from '../../../app/paths.ts';
import { LoadError } from '../../../components/load-error.tsx';
import { LoadingState } from '../../../components/loading-state.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { ActiveAlertsCard } from '../../alerts/index.ts';
import { useSignedInUser } from '../../auth/signed-in-user.ts';
import { useDashboard } from '../api/get-dashboard.ts';
import { LicensesReturnedCard } from './licenses-returned-card.tsx';
import { LowLicensesCard } from './low-licenses-card.tsx';
import { RecentSyncsCard } from './recent-syncs-card.tsx';
import { TokenStatusSummary } from './token-status-summary.tsx';

/**
 * The first page after sign-in, for admins and managers alike: tokens that need attention, apps
 * running out of licenses and the latest syncs. The stale-data banner above it is the layout's.
 */
/** A console without tokens yet: what to do first (an admin adds one; a manager waits for one). */
function GettingStarted() {
  const { t } = useTranslation();
  const isAdmin = useSignedInUser().role === 'admin';
  return (
    <section className="card getting-started" aria-labelledby="getting-started-heading">
      <h2 className="card__title" id="getting-started-heading">
        {t('dashboard.gettingStarted.title')}
      </h2>
      <p>{t(isAdmin ? 'dashboard.gettingStarted.admin' : 'dashboard.gettingStarted.manager')}</p>
      {isAdmin && (
        <Link className="button button--primary" to={paths.tokens} state={{ openAddToken: true }}>
          <span aria-hidden="true">+ </span>
          {t('tokens.add')}
        </Link>
      )}
    </section>
  );
}

export function DashboardPage() {
  const { t } = useTranslation();
  const dashboard = useDashboard();

  return (
    <>
      <PageHeader title={t('dashboard.title')} intro={t('dashboard.intro')} />
      <ActiveAlertsCard />
      {dashboard.isPending ? (
        <LoadingState />
      ) : dashboard.isError ? (
        <LoadError
          error={dashboard.error}
          onRetry={() => dashboard.refetch()}
          className="card card__body"
          alert="frame"
        />
      ) : (
        <>
          {dashboard.data.tokens.total === 0 && <GettingStarted />}
          <TokenStatusSummary tokens={dashboard.data.tokens} />
          <div className="dashboard-grid">
            <LowLicensesCard lowLicenses={dashboard.data.lowLicenses} />
            <RecentSyncsCard runs={dashboard.data.recentSyncRuns} />
            <LicensesReturnedCard />
          </div>
        </>
      )}
    </>
  );
}
