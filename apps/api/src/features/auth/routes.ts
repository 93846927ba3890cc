import { passwordSignInPolicy } from '@vpp/config/config';
import {
  loginRequestSchema,
  loginResponseSchema,
  sessionUserSchema,
  updateMeRequestSchema,
} from '@vpp/contracts/accounts';
import { AppError } from '@vpp/contracts/errors';
import { toSessionUser } from '@vpp/core/auth/account-view';
import { assertPasswordSignInAllowed } from '@vpp/core/auth/oidc-accounts';
import { signOut } from '@vpp/core/auth/sessions';
import { signIn, updateMe } from '@vpp/core/auth/sign-in';
import type { AppDeps } from '../../app-deps.ts';
import { defineRoute, type Route } from '../../http/route-table.ts';
import { clearSessionCookie, sessionCookieOptions } from '../../http/session-middleware.ts';
import { SESSION_COOKIE } from './session-tokens.ts';

export function authRoutes(deps: AppDeps): Route[] {
  const { prisma } = deps.database;
  const secureCookie = deps.config.PUBLIC_URL?.startsWith('https://') ?? false;
  const setSession = async (res: import('express').Response, accountId: string, sessionId: string) => {
    const token = await deps.sessionTokens.issue({ accountId, sessionId });
    res.cookie(SESSION_COOKIE, token, sessionCookieOptions(secureCookie, deps.sessionTokens.ttlSeconds));
  };

  return [
    defineRoute({
      method: 'post',
      path: '/api/auth/login',
      access: 'public',
      tag: 'Auth',
      summary: 'Sign in with email and password; sets the session cookie',
      body: loginRequestSchema,
      success: { status: 200, schema: loginResponseSchema },
      errors: ['INVALID_CREDENTIALS', 'RATE_LIMITED', 'PASSWORD_SIGN_IN_DISABLED'],
      handler: async ({ body, ctx, req, res }) => {
        assertPasswordSignInAllowed(passwordSignInPolicy(deps.config), body.email);
        const { account, sessionId } = await signIn(
          { database: deps.database, passwordChecks: deps.passwordChecks },
          ctx,
          {
            email: body.email,
            password: body.password,
            ip: ctx.ip,
            userAgent: req.get('user-agent'),
            failedAttemptLimit: deps.config.LOGIN_RATE_LIMIT_PER_15_MIN,
            sessionTtlSeconds: deps.sessionTokens.ttlSeconds,
            now: deps.now(),
          },
        );
        await setSession(res, account.id, sessionId);
        return { user: toSessionUser(account) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/logout',
      access: 'signedIn',
      tag: 'Auth',
      summary: 'Sign out: ends this session on the server and clears the cookie',
      success: { status: 204 },
      handler: async ({ ctx, res }) => {
        await signOut(prisma, ctx);
        clearSessionCookie(res, secureCookie);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/auth/me',
      access: 'signedIn',
      tag: 'Auth',
      summary: 'The signed-in account',
      success: { status: 200, schema: sessionUserSchema },
      handler: async ({ ctx }) => {
        const account = await prisma.account.findUnique({ where: { id: ctx.actor!.id } });
        if (!account) throw new AppError('UNAUTHENTICATED', 'Sign in again.');
        return toSessionUser(account);
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/api/auth/me',
      access: 'signedIn',
      tag: 'Auth',
      summary: "Change one's own name, language or password",
      body: updateMeRequestSchema,
      success: { status: 200, schema: sessionUserSchema },
      errors: ['INVALID_CREDENTIALS'],
      handler: ({ body, ctx }) => updateMe(prisma, ctx, ctx.actor!.id, body),
    }),
  ];
}
