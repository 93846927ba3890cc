import type { Application } from '@vpp/contracts/deployments';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { deploymentPath, paths } from '../../../app/paths.ts';
import { AppIcon } from '../../../components/app-icon.tsx';
import { StatusMessage } from '../../../components/live-messages.tsx';
import { LoadFailure } from '../../../components/load-failure.tsx';
import { LoadingState } from '../../../components/loading-state.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { type PageNotice, usePageNotice } from '../../../lib/page-notice.ts';
import { useSignedInUser } from '../../auth/signed-in-user.ts';
import { DeploymentFormDialog } from '../../deployments/index.ts';
import { useApplication } from '../api/get-application.ts';
import { ApplicationDeployments } from './application-deployments.tsx';
import { StoreAppLicensesCard } from './store-app-licenses-card.tsx';

function BackToApplications() {
  const { t } = useTranslation();
  return (
    <Link className="back-link" to={paths.applications}>
      <span aria-hidden="true">← </span>
      {t('applications.backToList')}
    </Link>
  );
}

function ApplicationView({ application }: { application: Application }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const user = useSignedInUser();
  const isAdmin = user.role === 'admin';
  const notice = usePageNotice();
  const [deploying, setDeploying] = useState(false);
  const [status, setStatus] = useState<string>();
  const app = application.storeApp;

  useEffect(() => {
    if (notice?.pageNotice === 'applicationCreated')
      setStatus(t('applications.createdMessage', { name: notice.name }));
  }, [notice, t]);

  return (
    <>
      <BackToApplications />
      <div className="application-header">
        <AppIcon url={app.iconUrl} size="large" />
        <PageHeader
          title={application.name}
          intro={t('applications.page.intro', { token: app.token.name, adamId: app.adamId })}
          actions={
            isAdmin && (
              <button type="button" className="button button--primary" onClick={() => setDeploying(true)}>
                {t('applications.page.deploy')}
              </button>
            )
          }
        />
      </div>
      <StatusMessage>{status}</StatusMessage>
      <StoreAppLicensesCard app={app} />
      <ApplicationDeployments
        deployments={application.deployments}
        onDeploy={isAdmin ? () => setDeploying(true) : undefined}
      />
      {deploying && (
        <DeploymentFormDialog
          application={application}
          subject={t('applications.page.intro', { token: app.token.name, adamId: app.adamId })}
          onClose={() => setDeploying(false)}
          onCreated={(deployment) => {
            const state: PageNotice = { pageNotice: 'deploymentCreated', name: application.name };
            navigate(deploymentPath(deployment.id), { state });
          }}
        />
      )}
    </>
  );
}

/** One application: the store-app licenses it is bound to, its deployments, and (for admins) Deploy. */
export function ApplicationPage() {
  const { t } = useTranslation();
  const { applicationId = '' } = useParams();
  const application = useApplication(applicationId);

  if (application.isPending) return <LoadingState />;
  if (application.isError) {
    return (
      <LoadFailure
        error={application.error}
        back={<BackToApplications />}
        title={t('applications.title')}
        notFoundTitle={t('applications.notFound.title')}
        notFoundMessage={t('applications.notFound.message')}
        onRetry={() => application.refetch()}
      />
    );
  }
  return <ApplicationView key={application.data.id} application={application.data} />;
}
