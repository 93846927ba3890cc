import type { Role } from '@vpp/contracts/accounts';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useSearchParams } from 'react-router';
import { LoadingState } from '../components/loading-state.tsx';
import { useSession } from '../features/auth/api/get-session.ts';
import { LoginPage } from '../features/auth/components/login-page.tsx';
import { SignInAgainDialog } from '../features/auth/components/sign-in-again-dialog.tsx';
import { SignedInUserContext, useSignedInUser } from '../features/auth/signed-in-user.ts';
import { useErrorMessage } from '../lib/error-messages.ts';
import { landingPath, loginPath, safeNextPath } from './paths.ts';
import { ForbiddenPage } from './status-pages.tsx';

interface LoginState {
  sessionEnded: true;
}

function isLoginState(state: unknown): state is LoginState {
  return (
    typeof state === 'object' && state !== null && 'sessionEnded' in state && state.sessionEnded === true
  );
}

function SessionUnavailable({ error, retry }: { error: unknown; retry: () => void }) {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  return (
    <main id="main" className="auth-screen" tabIndex={-1}>
      <div className="auth-card" role="alert">
        <p className="notice notice--error">{describeError(error)}</p>
        <button type="button" className="button button--primary" onClick={retry}>
          {t('common.retry')}
        </button>
      </div>
    </main>
  );
}

/**
 * The signed-in part of the console. Without a session the reader goes to sign-in, which brings
 * them back here afterwards (unless they signed out themselves).
 */
export function RequireSession({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();

  if (session.isPending) return <LoadingState fullPage />;
  if (session.isError) return <SessionUnavailable error={session.error} retry={() => session.refetch()} />;
  if (!session.data.user) {
    const { ended } = session.data;
    const next = ended === 'signed-out' ? undefined : `${location.pathname}${location.search}`;
    const state: LoginState | undefined = ended === 'expired' ? { sessionEnded: true } : undefined;
    return <Navigate to={loginPath(next)} replace state={state} />;
  }
  return (
    <SignedInUserContext value={session.data.user}>
      {children}
      {session.data.reauthenticate && <SignInAgainDialog user={session.data.user} />}
    </SignedInUserContext>
  );
}

/** A page for one role only: anyone else sees why they cannot open it, and nothing of the page. */
export function RequireRole({ allow, children }: { allow: Role; children: ReactNode }) {
  const user = useSignedInUser();
  return user.role === allow ? children : <ForbiddenPage />;
}

/** Sign-in, or straight on to where the reader was going when a session exists. */
export function LoginRoute() {
  const session = useSession();
  const location = useLocation();
  const [params] = useSearchParams();

  if (session.isPending) return <LoadingState fullPage />;
  const user = session.data?.user;
  if (user) return <Navigate to={safeNextPath(params.get('next')) ?? landingPath()} replace />;
  return (
    <LoginPage
      sessionEnded={isLoginState(location.state)}
      returnTo={safeNextPath(params.get('next')) ?? landingPath()}
    />
  );
}
