import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';

export const SESSION_COOKIE = 'vpp_session';

export interface SessionClaims {
  accountId: string;
  epoch: number;
}

export interface SessionTokens {
  issue(claims: SessionClaims): Promise<string>;
  /** The claims of a valid, unexpired token; null for anything else. */
  verify(token: string): Promise<SessionClaims | null>;
  ttlSeconds: number;
}

export function createSessionTokens(secret: string, ttlHours: number): SessionTokens {
  const key = new TextEncoder().encode(secret);
  const ttlSeconds = ttlHours * 3600;
  return {
    ttlSeconds,
    issue: ({ accountId, epoch }) =>
      new SignJWT({ epoch })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(accountId)
        .setIssuedAt()
        .setIssuer('vpp-console')
        .setAudience('vpp-console')
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(key),
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: ['HS256'],
          issuer: 'vpp-console',
          audience: 'vpp-console',
        });
        if (typeof payload.sub !== 'string' || typeof payload.epoch !== 'number') return null;
        return { accountId: payload.sub, epoch: payload.epoch };
      } catch (error) {
        if (error instanceof joseErrors.JOSEError) return null;
        throw error;
      }
    },
  };
}
