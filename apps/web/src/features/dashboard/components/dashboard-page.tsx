import { useTranslation } from 'react-i18next';
import { LoadError } from '../../../components/load-error.tsx';
import { LoadingState } from '../../../components/loading-state.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { ActiveAlertsCard } from '../../alerts/index.ts';
import { useDashboard } from '../api/get-dashboard.ts';
import { LicensesReturnedCard } from './licenses-returned-card.tsx';
import { LowLicensesCard } from './low-licenses-card.tsx';
import { RecentSyncsCard } from './recent-syncs-card.tsx';
import { TokenStatusSummary } from './token-status-summary.tsx';

/**
 * The first page after sign-in, for admins and managers alike: tokens that need attention, apps
 * running out of licenses and the latest syncs. The stale-data banner above it is the layout's.
 */
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
