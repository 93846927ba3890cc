import { type ComponentType, lazy } from 'react';
import { createBrowserRouter, matchPath } from 'react-router';
import { AppLayout } from './app-layout.tsx';
import { paths } from './paths.ts';
import { LoginRoute, RequireRole, RequireSession } from './route-guards.tsx';
import { NotFoundPage, PageErrorPage } from './status-pages.tsx';

// Every page is its own chunk, loaded when its route is first shown: the first load fetches the
// shell and the page it opens on, not the whole console (nor the chart library, which only the
// license report draws). `preloadPageOf` starts the current page's chunk at once, alongside the
// session check, instead of after it.

type PageModule = Record<string, ComponentType>;

function page(load: () => Promise<PageModule>, name: string) {
  return { load, Component: lazy(async () => ({ default: (await load())[name] as ComponentType })) };
}

const pages = {
  accountsPage: page(() => import('../features/accounts/components/accounts-page.tsx'), 'AccountsPage'),
  alertsPage: page(() => import('../features/alerts/components/alerts-page.tsx'), 'AlertsPage'),
  apiKeysPage: page(() => import('../features/api-keys/components/api-keys-page.tsx'), 'ApiKeysPage'),
  apnsCertificatePage: page(
    () => import('../features/apns/components/apns-certificate-page.tsx'),
    'ApnsCertificatePage',
  ),
  applicationPage: page(
    () => import('../features/applications/components/application-page.tsx'),
    'ApplicationPage',
  ),
  applicationsPage: page(
    () => import('../features/applications/components/applications-page.tsx'),
    'ApplicationsPage',
  ),
  auditLogPage: page(() => import('../features/audit-log/components/audit-log-page.tsx'), 'AuditLogPage'),
  dashboardPage: page(() => import('../features/dashboard/components/dashboard-page.tsx'), 'DashboardPage'),
  deploymentPage: page(
    () => import('../features/deployments/components/deployment-page.tsx'),
    'DeploymentPage',
  ),
  collectionPage: page(
    () => import('../features/inventory/components/collection-page.tsx'),
    'CollectionPage',
  ),
  collectionsPage: page(
    () => import('../features/inventory/components/collections-page.tsx'),
    'CollectionsPage',
  ),
  devicesPage: page(() => import('../features/inventory/components/devices-page.tsx'), 'DevicesPage'),
  devicePage: page(() => import('../features/inventory/components/device-page.tsx'), 'DevicePage'),
  peoplePage: page(() => import('../features/inventory/components/people-page.tsx'), 'PeoplePage'),
  personPage: page(() => import('../features/inventory/components/person-page.tsx'), 'PersonPage'),
  myAccountPage: page(() => import('../features/my-account/components/my-account-page.tsx'), 'MyAccountPage'),
  licenseReportPage: page(
    () => import('../features/reports/components/license-report-page.tsx'),
    'LicenseReportPage',
  ),
  licenseSettingsPage: page(
    () => import('../features/settings/components/license-settings-page.tsx'),
    'LicenseSettingsPage',
  ),
  licenseReturnsPage: page(
    () => import('../features/license-returns/components/license-returns-page.tsx'),
    'LicenseReturnsPage',
  ),
  reclaimPage: page(() => import('../features/reclaim/components/reclaim-page.tsx'), 'ReclaimPage'),
  deviceManagementPage: page(
    () => import('../features/settings/components/device-management-page.tsx'),
    'DeviceManagementPage',
  ),
  storeAppsPage: page(() => import('../features/store-apps/components/store-apps-page.tsx'), 'StoreAppsPage'),
  tokenPage: page(() => import('../features/tokens/components/token-page.tsx'), 'TokenPage'),
  tokensPage: page(() => import('../features/tokens/components/tokens-page.tsx'), 'TokensPage'),
};

/** The routes each page is shown on, for preloading the page a first load opens on. */
const pageRoutes: [string, { load: () => Promise<PageModule> }][] = [
  [paths.home, pages.dashboardPage],
  [paths.tokens, pages.tokensPage],
  [paths.token, pages.tokenPage],
  [paths.storeApps, pages.storeAppsPage],
  [paths.applications, pages.applicationsPage],
  [paths.application, pages.applicationPage],
  [paths.deployment, pages.deploymentPage],
  [paths.devices, pages.devicesPage],
  [paths.device, pages.devicePage],
  [paths.people, pages.peoplePage],
  [paths.person, pages.personPage],
  [paths.collections, pages.collectionsPage],
  [paths.collection, pages.collectionPage],
  [paths.apnsCertificate, pages.apnsCertificatePage],
  [paths.auditLog, pages.auditLogPage],
  [paths.accounts, pages.accountsPage],
  [paths.licenseReport, pages.licenseReportPage],
  [paths.licenseSettings, pages.licenseSettingsPage],
  [paths.licenseReturns, pages.licenseReturnsPage],
  [paths.alerts, pages.alertsPage],
  [paths.reclaim, pages.reclaimPage],
  [paths.apiKeys, pages.apiKeysPage],
  [paths.deviceManagement, pages.deviceManagementPage],
  [paths.myAccount, pages.myAccountPage],
];

/** Starts loading the chunk of the page at `pathname` (if any) without waiting for anything. */
export function preloadPageOf(pathname: string): void {
  const found = pageRoutes.find(([path]) => matchPath(path, pathname));
  found?.[1].load().catch(() => {
    // The route loads it again when it renders, and shows the error then.
  });
}

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
            { index: true, element: <pages.dashboardPage.Component /> },
            { path: paths.tokens, element: <pages.tokensPage.Component /> },
            { path: paths.token, element: <pages.tokenPage.Component /> },
            { path: paths.storeApps, element: <pages.storeAppsPage.Component /> },
            { path: paths.applications, element: <pages.applicationsPage.Component /> },
            { path: paths.application, element: <pages.applicationPage.Component /> },
            { path: paths.deployment, element: <pages.deploymentPage.Component /> },
            { path: paths.devices, element: <pages.devicesPage.Component /> },
            { path: paths.device, element: <pages.devicePage.Component /> },
            { path: paths.people, element: <pages.peoplePage.Component /> },
            { path: paths.person, element: <pages.personPage.Component /> },
            { path: paths.collections, element: <pages.collectionsPage.Component /> },
            { path: paths.collection, element: <pages.collectionPage.Component /> },
            { path: paths.apnsCertificate, element: <pages.apnsCertificatePage.Component /> },
            {
              path: paths.auditLog,
              element: (
                <RequireRole allow="admin">
                  <pages.auditLogPage.Component />
                </RequireRole>
              ),
            },
            {
              path: paths.accounts,
              element: (
                <RequireRole allow="admin">
                  <pages.accountsPage.Component />
                </RequireRole>
              ),
            },
            {
              path: paths.apiKeys,
              element: (
                <RequireRole allow="admin">
                  <pages.apiKeysPage.Component />
                </RequireRole>
              ),
            },
            { path: paths.licenseReport, element: <pages.licenseReportPage.Component /> },
            { path: paths.licenseSettings, element: <pages.licenseSettingsPage.Component /> },
            { path: paths.licenseReturns, element: <pages.licenseReturnsPage.Component /> },
            { path: paths.reclaim, element: <pages.reclaimPage.Component /> },
            {
              path: paths.deviceManagement,
              element: (
                <RequireRole allow="admin">
                  <pages.deviceManagementPage.Component />
                </RequireRole>
              ),
            },
            { path: paths.alerts, element: <pages.alertsPage.Component /> },
            { path: paths.myAccount, element: <pages.myAccountPage.Component /> },
            { path: '*', element: <NotFoundPage /> },
          ],
        },
      ],
    },
  ]);
}
