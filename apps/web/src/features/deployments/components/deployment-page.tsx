import { useQueryClient } from '@tanstack/react-query';
import type { Deployment } from '@vpp/contracts/deployments';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { applicationPath, collectionPath, deploymentPath, paths } from '../../../app/paths.ts';
import { Button } from '../../../components/button.tsx';
import { Card } from '../../../components/card.tsx';
import { ConfirmDialog } from '../../../components/confirm-dialog.tsx';
import { DeploymentActionBadge, DeploymentStatusBadge } from '../../../components/deployment-badges.tsx';
import { DetailsItem, DetailsList } from '../../../components/details-list.tsx';
import { ErrorMessage, StatusMessage } from '../../../components/live-messages.tsx';
import { LoadingState } from '../../../components/loading-state.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { Pagination } from '../../../components/pagination.tsx';
import { isApiError } from '../../../lib/api-client.ts';
import { useErrorMessage } from '../../../lib/error-messages.ts';
import { useLocaleFormat } from '../../../lib/locale-format.ts';
import { type PageNotice, usePageNotice } from '../../../lib/page-notice.ts';
import { applicationQueryKey, storeAppsQueryKey } from '../../../lib/query-keys.ts';
import { useListParams } from '../../../lib/use-list-params.ts';
import { useSignedInUser } from '../../auth/signed-in-user.ts';
import {
  DEPLOYMENT_TARGETS_PAGE_SIZE,
  type DeploymentQuery,
  isDeploymentInProgress,
  useDeployment,
} from '../api/get-deployment.ts';
import { useStopDeployment } from '../api/stop-deployment.ts';
import { presentStates, totalTargets } from '../target-states.ts';
import { DeploymentFormDialog } from './deployment-form-dialog.tsx';
import { DeploymentCounts, DeploymentProgressBar } from './deployment-progress.tsx';
import { DeploymentTargetFilters, deploymentTargetFilterShape } from './deployment-target-filters.tsx';
import { DeploymentTargetsTable } from './deployment-targets-table.tsx';

type OpenDialog = 'stop' | 'uninstall' | null;

function BackToApplication({ deployment }: { deployment: Deployment | undefined }) {
  const { t } = useTranslation();
  if (!deployment) {
    return (
      <Link className="back-link" to={paths.applications}>
        <span aria-hidden="true">← </span>
        {t('applications.backToList')}
      </Link>
    );
  }
  return (
    <Link className="back-link" to={applicationPath(deployment.application.id)}>
      <span aria-hidden="true">← </span>
      {deployment.application.name}
    </Link>
  );
}

/** How far the deployment is: the bar, the count per state, and a word while it is still at work. */
function DeploymentProgressCard({ deployment }: { deployment: Deployment }) {
  const { t } = useTranslation();
  const inProgress = isDeploymentInProgress(deployment);
  const total = totalTargets(deployment.counts);
  const summary = presentStates(deployment.counts)
    .map(({ state, count }) => t(`deployments.stateCounts.${state}`, { count }))
    .join(', ');

  return (
    <section className="card" aria-labelledby="deployment-progress-heading">
      <div className="progress-card__head">
        <h2 className="card__title" id="deployment-progress-heading">
          {t('deployments.progress.title')}
        </h2>
        <p className="progress-card__live">
          {inProgress ? (
            <>
              <span className="loading__spinner" aria-hidden="true" />
              {t('deployments.progress.live')}
            </>
          ) : deployment.status === 'STOPPED' ? (
            t('deployments.progress.stopped')
          ) : deployment.status === 'FINISHED' ? (
            t('deployments.progress.done')
          ) : (
            t('deployments.progress.waiting')
          )}
        </p>
      </div>
      <p className="progress-card__total">{t('deployments.progress.total', { count: total })}</p>
      <DeploymentProgressBar counts={deployment.counts} large />
      <DeploymentCounts counts={deployment.counts} />
      {/* Said once the targets settle, not at every poll. */}
      <div className="visually-hidden" role="status" aria-live="polite">
        {!inProgress && total > 0 ? t('deployments.progress.finishedAnnouncement', { summary }) : ''}
      </div>
    </section>
  );
}

function DeploymentView({ deployment, query }: { deployment: Deployment; query: DeploymentQuery }) {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const list = useListParams(deploymentTargetFilterShape, DEPLOYMENT_TARGETS_PAGE_SIZE);
  const user = useSignedInUser();
  const isAdmin = user.role === 'admin';
  const stop = useStopDeployment();
  const notice = usePageNotice();
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [status, setStatus] = useState<string>();
  const { page, pageSize, ...filters } = query;
  const hasFilters = Boolean(filters.state || filters.search);
  const inProgress = isDeploymentInProgress(deployment);
  const action = t(`deployments.actions.${deployment.action}`);

  useEffect(() => {
    if (notice?.pageNotice === 'deploymentCreated')
      setStatus(t('deployments.createdMessage', { name: notice.name }));
  }, [notice, t]);

  // When the targets settle, the app's license counts and the application's summary have moved.
  const wasInProgress = useRef(inProgress);
  useEffect(() => {
    if (wasInProgress.current && !inProgress) {
      queryClient.invalidateQueries({ queryKey: storeAppsQueryKey });
      queryClient.invalidateQueries({ queryKey: applicationQueryKey(deployment.application.id) });
    }
    wasInProgress.current = inProgress;
  }, [inProgress, queryClient, deployment.application.id]);

  return (
    <>
      <BackToApplication deployment={deployment} />
      <PageHeader
        title={t('deployments.page.title', { action, application: deployment.application.name })}
        intro={t('deployments.page.intro', {
          collection: deployment.collectionName,
          type: t(`inventory.collectionTypesLower.${deployment.collectionType}`),
        })}
        actions={
          isAdmin && (
            <>
              {deployment.action === 'INSTALL' && (
                <Button variant="secondary" onClick={() => setDialog('uninstall')}>
                  {t('deployments.page.uninstall')}
                </Button>
              )}
              {deployment.status !== 'STOPPED' && (
                <Button variant="ghost-danger" onClick={() => setDialog('stop')}>
                  {t('deployments.page.stop')}
                </Button>
              )}
            </>
          )
        }
      />
      <StatusMessage>{status}</StatusMessage>

      <div className="card-grid card-grid--deployment">
        <section className="card" aria-labelledby="deployment-details-heading">
          <h2 className="card__title" id="deployment-details-heading">
            {t('deployments.page.details')}
          </h2>
          <DetailsList>
            <DetailsItem term={t('deployments.page.application')}>
              <Link to={applicationPath(deployment.application.id)}>{deployment.application.name}</Link>
            </DetailsItem>
            <DetailsItem term={t('deployments.page.collection')}>
              <span className="stacked-cell">
                <Link to={collectionPath(deployment.collectionId)}>{deployment.collectionName}</Link>
                <span className="stacked-cell__secondary">
                  {t(`inventory.collectionTypes.${deployment.collectionType}`)}
                </span>
              </span>
            </DetailsItem>
            <DetailsItem term={t('deployments.page.action')}>
              <DeploymentActionBadge action={deployment.action} />
            </DetailsItem>
            <DetailsItem term={t('deployments.page.purpose')}>
              {t(`deployments.purposes.${deployment.purpose}`)}
            </DetailsItem>
            <DetailsItem term={t('deployments.page.status')}>
              <DeploymentStatusBadge status={deployment.status} />
            </DetailsItem>
            <DetailsItem term={t('deployments.page.created')}>
              <time dateTime={deployment.createdAt}>{format.dateTime(deployment.createdAt)}</time>
            </DetailsItem>
          </DetailsList>
          <p className="notice notice--info deployment-note">
            {deployment.action === 'INSTALL'
              ? t('deployments.page.immutableNote')
              : t('deployments.page.uninstallNote')}
          </p>
        </section>
        <DeploymentProgressCard deployment={deployment} />
      </div>

      <Card
        id="deployment-targets-heading"
        title={t('deployments.targets.title')}
        meta={t('deployments.targets.results', { count: deployment.targetsTotal })}
      >
        <div className="card__toolbar">
          <DeploymentTargetFilters
            key={JSON.stringify(filters)}
            filters={filters}
            onApply={list.applyFilters}
          />
        </div>
        {deployment.targets.length === 0 ? (
          <p className="empty-state">
            {hasFilters ? t('deployments.targets.emptyFiltered') : t('deployments.targets.empty')}
          </p>
        ) : (
          <>
            <DeploymentTargetsTable targets={deployment.targets} />
            {deployment.targetsTotal > pageSize && (
              <Pagination
                page={page}
                pageSize={pageSize}
                total={deployment.targetsTotal}
                onPageChange={list.goToPage}
              />
            )}
          </>
        )}
      </Card>

      {dialog === 'stop' && (
        <ConfirmDialog
          title={t('deployments.stop.title')}
          message={t('deployments.stop.message', { collection: deployment.collectionName })}
          confirmLabel={stop.isPending ? t('deployments.stop.stopping') : t('deployments.stop.confirm')}
          action={stop}
          onClose={() => {
            setDialog(null);
            stop.reset();
          }}
          onConfirm={() =>
            stop.mutate(
              { id: deployment.id },
              {
                onSuccess: () => {
                  setDialog(null);
                  setStatus(t('deployments.stop.stoppedMessage'));
                },
              },
            )
          }
        />
      )}
      {dialog === 'uninstall' && (
        <DeploymentFormDialog
          application={deployment.application}
          initialCollectionId={deployment.collectionId}
          initialAction="UNINSTALL"
          onClose={() => setDialog(null)}
          onCreated={(created) => {
            const state: PageNotice = { pageNotice: 'deploymentCreated', name: deployment.application.name };
            navigate(deploymentPath(created.id), { state });
          }}
        />
      )}
    </>
  );
}

/** One deployment: its progress per state, live while targets are worked on, and its targets. */
export function DeploymentPage() {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const { deploymentId = '' } = useParams();
  const { query } = useListParams(deploymentTargetFilterShape, DEPLOYMENT_TARGETS_PAGE_SIZE);
  const deployment = useDeployment(deploymentId, query);

  if (deployment.isPending) return <LoadingState />;
  if (deployment.isError) {
    const notFound =
      isApiError(deployment.error) &&
      (deployment.error.code === 'NOT_FOUND' || deployment.error.code === 'VALIDATION_FAILED');
    return (
      <>
        <BackToApplication deployment={undefined} />
        <div className="status-page">
          <PageHeader
            title={notFound ? t('deployments.notFound.title') : t('deployments.page.fallbackTitle')}
          />
          <div className="card status-page__card">
            {notFound ? (
              <p>{t('deployments.notFound.message')}</p>
            ) : (
              <>
                <ErrorMessage>{describeError(deployment.error)}</ErrorMessage>
                <Button variant="secondary" onClick={() => deployment.refetch()}>
                  {t('common.retry')}
                </Button>
              </>
            )}
          </div>
        </div>
      </>
    );
  }
  return <DeploymentView key={deployment.data.id} deployment={deployment.data} query={query} />;
}
