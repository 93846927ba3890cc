import { roleFromDb } from '@vpp/core/auth/account-view';
import { findSessionAccount } from '@vpp/core/auth/sessions';
import { parse as parseCookies } from 'cookie';
import type { CookieOptions, RequestHandler, Response } from 'express';
import type pg from 'pg';
import { SESSION_COOKIE, type SessionTokens } from '../features/auth/session-tokens.ts';

/** Resolves the session cookie into `req.ctx.actor`; routes decide what an anonymous caller may do. */
export function sessionMiddleware(pool: Pick<pg.Pool, 'query'>, tokens: SessionTokens): RequestHandler {
  return async (req, _res, next) => {
    req.ctx = { requestId: String(req.id), ip: req.ip ?? null, actor: null };
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
