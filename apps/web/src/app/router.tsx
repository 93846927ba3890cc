import { createBrowserRouter } from 'react-router';
import { AccountsPage } from '../features/accounts/components/accounts-page.tsx';
import { AuditLogPage } from '../features/audit-log/components/audit-log-page.tsx';
import { MyAccountPage } from '../features/my-account/components/my-account-page.tsx';
import { TokenPage } from '../features/tokens/components/token-page.tsx';
import { TokensPage } from '../features/tokens/components/tokens-page.tsx';
import { AppLayout } from './app-layout.tsx';
import { paths } from './paths.ts';
import { LandingRedirect, LoginRoute, RequireRole, RequireSession } from './route-guards.tsx';
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
            { index: true, element: <LandingRedirect /> },
            { path: paths.tokens, element: <TokensPage /> },
            { path: paths.token, element: <TokenPage /> },
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
            { path: paths.myAccount, element: <MyAccountPage /> },
            { path: '*', element: <NotFoundPage /> },
          ],
        },
      ],
    },
  ]);
}
