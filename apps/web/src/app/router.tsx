import { createBrowserRouter } from 'react-router';
import { AccountsPage } from '../features/accounts/components/accounts-page.tsx';
import { ApiKeysPage } from '../features/api-keys/components/api-keys-page.tsx';
import { ApnsCertificatePage } from '../features/apns/components/apns-certificate-page.tsx';
import { ApplicationPage } from '../features/applications/components/application-page.tsx';
import { ApplicationsPage } from '../features/applications/components/applications-page.tsx';
import { AuditLogPage } from '../features/audit-log/components/audit-log-page.tsx';
import { DashboardPage } from '../features/dashboard/components/dashboard-page.tsx';
import { DeploymentPage } from '../features/deployments/components/deployment-page.tsx';
import { CollectionPage } from '../features/inventory/components/collection-page.tsx';
import { CollectionsPage } from '../features/inventory/components/collections-page.tsx';
import { DevicesPage } from '../features/inventory/components/devices-page.tsx';
import { PeoplePage } from '../features/inventory/components/people-page.tsx';
import { MyAccountPage } from '../features/my-account/components/my-account-page.tsx';
import { LicenseReportPage } from '../features/reports/components/license-report-page.tsx';
import { LicenseSettingsPage } from '../features/settings/components/license-settings-page.tsx';
import { StoreAppsPage } from '../features/store-apps/components/store-apps-page.tsx';
import { TokenPage } from '../features/tokens/components/token-page.tsx';
import { TokensPage } from '../features/tokens/components/tokens-page.tsx';
import { AppLayout } from './app-layout.tsx';
import { paths } from './paths.ts';
import { LoginRoute, RequireRole, RequireSession } from './route-guards.tsx';
import { NotFoundPage, PageErrorPage } from './status-pages.tsx';

export function createRouter() {
  return createBrowserRouter([
    { path: paths.login, element: <LoginRoute />, errorElement: <PageErrorPage fullPage /> },
    {
      path: paths.home,
      element: (
        <RequireSession>
          <AppLayout />
        </RequireSession>
      ),
      errorElement: <PageErrorPage fullPage />,
      children: [
        {
          // A page that fails shows its error inside the console, with the navigation still there.
          errorElement: <PageErrorPage />,
          children: [
            { index: true, element: <DashboardPage /> },
            { path: paths.tokens, element: <TokensPage /> },
            { path: paths.token, element: <TokenPage /> },
            { path: paths.storeApps, element: <StoreAppsPage /> },
            { path: paths.applications, element: <ApplicationsPage /> },
            { path: paths.application, element: <ApplicationPage /> },
            { path: paths.deployment, element: <DeploymentPage /> },
            { path: paths.devices, element: <DevicesPage /> },
            { path: paths.people, element: <PeoplePage /> },
            { path: paths.collections, element: <CollectionsPage /> },
            { path: paths.collection, element: <CollectionPage /> },
            { path: paths.apnsCertificate, element: <ApnsCertificatePage /> },
            {
              path: paths.auditLog,
              element: (
                <RequireRole allow="admin">
                  <AuditLogPage />
                </RequireRole>
              ),
            },
            {
              path: paths.accounts,
              element: (
                <RequireRole allow="admin">
                  <AccountsPage />
                </RequireRole>
              ),
            },
            {
              path: paths.apiKeys,
              element: (
                <RequireRole allow="admin">
                  <ApiKeysPage />
                </RequireRole>
              ),
            },
            { path: paths.licenseReport, element: <LicenseReportPage /> },
            { path: paths.licenseSettings, element: <LicenseSettingsPage /> },
            { path: paths.myAccount, element: <MyAccountPage /> },
            { path: '*', element: <NotFoundPage /> },
          ],
        },
      ],
    },
  ]);
}
