import { roleFromDb } from '@vpp/core/auth/account-view';
import { findApiKeyActor } from '@vpp/core/auth/api-keys';
import { findSessionAccount } from '@vpp/core/auth/sessions';
import { parse as parseCookies } from 'cookie';
import type { CookieOptions, RequestHandler, Response } from 'express';
import type pg from 'pg';
import { SESSION_COOKIE, type SessionTokens } from '../features/auth/session-tokens.ts';

/**
 * Resolves the caller into `req.ctx.actor`: an API key (`Authorization: Bearer vpp_…`) or the session
 * cookie; routes decide what an anonymous caller may do. A request with a bearer header is judged by
 * that header alone, never by a cookie riding along (so a bearer request needs no same-origin check).
 */
export function sessionMiddleware(
  pool: Pick<pg.Pool, 'query'>,
  tokens: SessionTokens,
  now: () => Date = () => new Date(),
): RequestHandler {
  return async (req, _res, next) => {
    req.ctx = { requestId: String(req.id), ip: req.ip ?? null, actor: null };
    // Only /api routes have callers: the console's files, /healthz, /readyz and /metrics are served
    // without asking the database who is calling (so they still answer while it is down).
    if (!req.path.startsWith('/api/')) return next();
    const bearer = req.get('authorization')?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
    if (bearer !== undefined || /^Bearer\s/i.test(req.get('authorization') ?? '')) {
      if (bearer) req.ctx.actor = await findApiKeyActor(pool, bearer, now());
      return next();
    }
    const token = parseCookies(req.headers.cookie ?? '')[SESSION_COOKIE];
    if (!token) return next();
    const claims = await tokens.verify(token);
    if (!claims) return next();
    const account = await findSessionAccount(pool, claims.sessionId, claims.accountId);
    if (account) {
      req.ctx.actor = {
        id: account.id,
        email: account.email,
        role: roleFromDb(account.role),
        sessionId: claims.sessionId,
      };
    }
    next();
  };
}

export function sessionCookieOptions(secure: boolean, maxAgeSeconds: number): CookieOptions {
  return { httpOnly: true, sameSite: 'strict', secure, path: '/', maxAge: maxAgeSeconds * 1000 };
}

export function clearSessionCookie(res: Response, secure: boolean): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure, path: '/' });
}
