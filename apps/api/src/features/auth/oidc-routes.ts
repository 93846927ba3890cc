import { oidcSettings, passwordSignInPolicy } from '@vpp/config/config';
import { AppError, isAppError } from '@vpp/contracts/errors';
import {
  oidcCallbackQuerySchema,
  oidcLoginQuerySchema,
  oidcLogoutResponseSchema,
  signInMethodsSchema,
  ssoErrorCodes,
} from '@vpp/contracts/sso';
import { isSsoAccount, signInWithOidc } from '@vpp/core/auth/oidc-accounts';
import { signOut } from '@vpp/core/auth/sessions';
import { parse as parseCookies } from 'cookie';
import type { Request } from 'express';
import type { AppDeps } from '../../app-deps.ts';
import { defineRoute, type Route } from '../../http/route-table.ts';
import { clearSessionCookie, sessionCookieOptions } from '../../http/session-middleware.ts';
import { createOidcClient, OIDC_STATE_COOKIE, OIDC_STATE_TTL_SECONDS } from './oidc-client.ts';
import { SESSION_COOKIE } from './session-tokens.ts';

const CALLBACK_PATH = '/api/auth/oidc/callback';
const LOGIN_PAGE = '/login';

/** Single sign-on through the organisation's identity provider (OIDC); docs/single-sign-on.md. */
export function oidcRoutes(deps: AppDeps): Route[] {
  const settings = oidcSettings(deps.config);
  const client = settings ? createOidcClient(settings, deps.config.SESSION_SECRET) : null;
  const secureCookie = deps.config.PUBLIC_URL?.startsWith('https://') ?? false;
  const stateCookie = {
    httpOnly: true,
    // Lax, not Strict: the provider sends the browser back with a cross-site top-level GET.
    sameSite: 'lax' as const,
    secure: secureCookie,
    path: '/api/auth/oidc',
  };
  /** This console's own origin: PUBLIC_URL, or the address the request came to. */
  const origin = (req: Request) =>
    deps.config.PUBLIC_URL ? new URL(deps.config.PUBLIC_URL).origin : `${req.protocol}://${req.get('host')}`;
  const configured = () => {
    if (!client) throw new AppError('OIDC_NOT_CONFIGURED', 'Single sign-on is not configured here.');
    return client;
  };

  return [
    defineRoute({
      method: 'get',
      path: '/api/auth/oidc/config',
      access: 'public',
      tag: 'Auth',
      summary: 'How one may sign in here: the identity provider (if any) and whether passwords are accepted',
      success: { status: 200, schema: signInMethodsSchema },
      handler: () => ({
        oidc: settings ? { providerName: settings.providerName } : null,
        passwordSignIn: passwordSignInPolicy(deps.config).open,
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/auth/oidc/login',
      access: 'public',
      tag: 'Auth',
      summary: 'Start single sign-on: redirects to the identity provider (authorization code flow with PKCE)',
      query: oidcLoginQuerySchema,
      success: { status: 302, description: "Redirect to the identity provider's sign-in page" },
      errors: ['OIDC_NOT_CONFIGURED', 'IDENTITY_PROVIDER_UNAVAILABLE'],
      handler: async ({ query, req, res }) => {
        const started = await configured().start(`${origin(req)}${CALLBACK_PATH}`, query.returnTo ?? '/');
        res.cookie(OIDC_STATE_COOKIE, started.cookie, {
          ...stateCookie,
          maxAge: OIDC_STATE_TTL_SECONDS * 1000,
        });
        res.setHeader('cache-control', 'no-store');
        res.redirect(302, started.url);
      },
    }),
    defineRoute({
      method: 'get',
      path: CALLBACK_PATH,
      access: 'public',
      tag: 'Auth',
      summary:
        'Where the identity provider returns: signs in and redirects into the console, or to the sign-in page with ?sso_error=<code>',
      query: oidcCallbackQuerySchema,
      success: { status: 302, description: 'Redirect into the console (signed in) or to the sign-in page' },
      errors: ['OIDC_NOT_CONFIGURED'],
      handler: async ({ ctx, req, res }) => {
        const oidcClient = configured();
        res.clearCookie(OIDC_STATE_COOKIE, stateCookie);
        res.setHeader('cache-control', 'no-store');
        try {
          const base = origin(req);
          const queryAt = req.originalUrl.indexOf('?');
          const callbackUrl = new URL(
            `${base}${CALLBACK_PATH}${queryAt >= 0 ? req.originalUrl.slice(queryAt) : ''}`,
          );
          const { identity, returnTo } = await oidcClient.finish(
            callbackUrl,
            parseCookies(req.headers.cookie ?? '')[OIDC_STATE_COOKIE],
          );
          const { user, sessionId } = await signInWithOidc(deps.database, ctx, {
            identity,
            roleMap: oidcClient.settings.roleMap,
            providerName: oidcClient.settings.providerName,
            userAgent: req.get('user-agent'),
            sessionTtlSeconds: deps.sessionTokens.ttlSeconds,
            now: deps.now(),
          });
          const token = await deps.sessionTokens.issue({ accountId: user.id, sessionId });
          res.cookie(
            SESSION_COOKIE,
            token,
            sessionCookieOptions(secureCookie, deps.sessionTokens.ttlSeconds),
          );
          res.redirect(302, returnTo);
        } catch (error) {
          if (!isAppError(error)) throw error;
          const code = (ssoErrorCodes as readonly string[]).includes(error.code) ? error.code : 'OIDC_FAILED';
          deps.logger.warn(
            {
              requestId: ctx.requestId,
              code: error.code,
              reason: error.extensions?.reason,
              err: error.cause,
            },
            'single sign-on refused',
          );
          res.redirect(302, `${LOGIN_PAGE}?sso_error=${code}`);
        }
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/oidc/logout',
      access: 'signedIn',
      tag: 'Auth',
      summary:
        'Sign out of the console and, for an account of the identity provider, get its end-session page to sign out there too',
      success: { status: 200, schema: oidcLogoutResponseSchema },
      handler: async ({ ctx, req, res }) => {
        const sso =
          client !== null &&
          ctx.actor !== null &&
          !ctx.actor.apiKey &&
          (await isSsoAccount(deps.database, ctx.actor.id));
        await signOut(deps.database.prisma, ctx);
        clearSessionCookie(res, secureCookie);
        if (!sso || !client) return { redirectTo: null };
        const redirectTo = await client.endSessionUrl(`${origin(req)}${LOGIN_PAGE}`).catch(() => null);
        return { redirectTo };
      },
    }),
  ];
}
